import type { Ctx } from '../../lib/context.ts';
import { type FieldError, validationError } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { SECTORS } from './codelists.ts';
import { searchQuery } from './fold.ts';
import type { GeoQueryT, SearchQueryT } from './schema.ts';
import * as searchRepo from './search.repo.ts';

/** Parse and check `minLon,minLat,maxLon,maxLat`. */
export function parseBbox(s: string, field: string, errs: FieldError[]): [number, number, number, number] | undefined {
  const b = s.split(',').map(Number) as [number, number, number, number];
  if (b.length !== 4 || b.some((n) => !Number.isFinite(n))) errs.push({ field, message: 'four numbers: minLon,minLat,maxLon,maxLat' });
  else if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) errs.push({ field, message: 'outside WGS 84 ranges' });
  else if (b[0] >= b[2] || b[1] >= b[3]) errs.push({ field, message: 'min must be less than max' });
  else return b;
  return undefined;
}

function checkSectors(sectors: string[] | undefined, errs: FieldError[]) {
  sectors?.forEach((s, i) => {
    if (!SECTORS.has(s)) errs.push({ field: `/querystring/sector/${i}`, message: `"${s}" is not an OC4IDS sector` });
  });
}

function filterOf(q: SearchQueryT, errs: FieldError[]): searchRepo.SearchFilter {
  checkSectors(q.sector, errs);
  if (q.budgetMin !== undefined && q.budgetMax !== undefined && q.budgetMin > q.budgetMax) errs.push({ field: '/querystring/budgetMax', message: 'less than budgetMin' });
  if (q.from && q.to && q.to < q.from) errs.push({ field: '/querystring/to', message: 'before from' });
  const tsquery = q.q !== undefined && q.q.trim() !== '' ? searchQuery(q.q) : undefined;
  return {
    // A query of only punctuation matches nothing rather than everything.
    tsquery: tsquery === null ? "'_'" : tsquery, // no stored lexeme is "_"
    sector: q.sector,
    status: q.status,
    districtId: q.districtId,
    bbox: q.bbox ? parseBbox(q.bbox, '/querystring/bbox', errs) : undefined,
    partnerCountry: q.partnerCountry,
    budgetMin: q.budgetMin,
    budgetMax: q.budgetMax,
    from: q.from,
    to: q.to,
  };
}

function afterOf(cursor: string | undefined, sort: searchRepo.SortKey): [string | number, string] | undefined {
  const keys = decodeCursor(cursor, 2) as [unknown, unknown] | undefined;
  if (!keys) return undefined;
  const isDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v);
  const okKey = sort === 'date' ? isDay(keys[0]) : typeof keys[0] === 'number' && Number.isFinite(keys[0]) && Math.abs(keys[0]) < 1e15;
  if (!okKey || typeof keys[1] !== 'string' || !/^[0-9a-f-]{36}$/.test(keys[1])) {
    throw validationError([{ field: '/querystring/cursor', message: 'invalid cursor (was it made for another sort?)' }]);
  }
  return keys as [string | number, string];
}

/** The checked filter, sort, keyset and page size of a search request (the benchmark reuses it). */
export function planSearch(q: SearchQueryT) {
  const errs: FieldError[] = [];
  const f = filterOf(q, errs);
  const sort: searchRepo.SortKey = q.sort ?? (f.tsquery ? 'relevance' : 'date');
  if (sort === 'relevance' && !f.tsquery) errs.push({ field: '/querystring/sort', message: 'relevance needs q' });
  if (errs.length) throw validationError(errs);
  return { f, sort, after: afterOf(q.cursor, sort), limit: q.limit ?? 20 };
}

/**
 * Public project search (`GET /api/v1/projects`): text, filters, facets,
 * cursor paging. Errors: validation_failed (bad bbox, ranges, cursor, sector,
 * or sort=relevance without q).
 */
export async function search(ctx: Ctx, q: SearchQueryT) {
  const { f, sort, after, limit } = planSearch(q);
  const rows = await searchRepo.searchPage(ctx.db, f, sort, after, limit);
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const keyOf = (r: searchRepo.HitRow) => (sort === 'relevance' ? r.rank : sort === 'budget' ? r.budget_amount : r.sort_date);
  return {
    items: page.map((r) => ({
      id: r.id,
      code: r.code,
      oc4idsId: r.oc4ids_id,
      title: (r.title ?? {}) as Record<string, string>,
      sector: r.sector,
      type: r.type,
      status: r.status,
      districtId: r.district_id,
      budget: { amount: r.budget_amount, currency: r.budget_currency },
      fundingCountries: r.funding_countries,
      sortDate: r.sort_date,
      point: [r.lon, r.lat] as [number, number],
      ...(r.rank !== null ? { rank: r.rank } : {}),
    })),
    nextCursor: more ? encodeCursor([keyOf(last), last.id]) : null,
    ...(q.facets ? { facets: await searchRepo.facets(ctx.db, f) } : {}),
  };
}

/** Grid cell (degrees) for clustering at a zoom level: about 60 px of a 256 px tile. */
export function clusterCell(zoom: number): number {
  return (360 / 2 ** zoom) * (60 / 256);
}

export const CLUSTER_BELOW_ZOOM = 11;

/**
 * GeoJSON for the map (`GET /api/v1/geo/projects`): clusters below zoom 11,
 * single projects from there on. Errors: validation_failed.
 */
export async function geo(ctx: Ctx, q: GeoQueryT) {
  const errs: FieldError[] = [];
  checkSectors(q.sector, errs);
  const bbox = parseBbox(q.bbox, '/querystring/bbox', errs);
  if (errs.length || !bbox) throw validationError(errs);
  const f = { bbox, status: q.status, sector: q.sector };
  const zoom = q.zoom ?? 14;
  if (zoom < CLUSTER_BELOW_ZOOM) {
    const cells = await searchRepo.geoClusters(ctx.db, f, clusterCell(zoom));
    return {
      type: 'FeatureCollection' as const,
      features: cells.map((c) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [c.lon, c.lat] },
        properties: c.count === 1 ? { cluster: false, count: 1, id: c.one_id } : { cluster: true, count: c.count },
      })),
      truncated: false,
    };
  }
  const limit = q.limit ?? 2000;
  const rows = await searchRepo.geoFeatures(ctx.db, f, limit);
  return {
    type: 'FeatureCollection' as const,
    features: rows.slice(0, limit).map((r) => ({
      type: 'Feature' as const,
      id: r.id,
      geometry: r.geometry,
      properties: { id: r.id, code: r.code, title: r.title, status: r.status, sector: r.sector },
    })),
    truncated: rows.length > limit,
  };
}
