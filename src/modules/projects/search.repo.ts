import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { GeometryT } from '../../lib/schemas.ts';

/** Search, facet and map queries over `project`. Filters are already checked by the service. */
export interface SearchFilter {
  tsquery?: string;
  sector?: string[];
  status?: string[];
  districtId?: string[];
  bbox?: [number, number, number, number];
  partnerCountry?: string[];
  budgetMin?: number;
  budgetMax?: number;
  from?: string;
  to?: string;
}

export type SortKey = 'relevance' | 'budget' | 'date';

const envelope = (b: [number, number, number, number]) => sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;

export function whereOf(f: SearchFilter): RawBuilder<boolean> {
  const c: RawBuilder<unknown>[] = [];
  if (f.tsquery) c.push(sql`search_vec @@ ${f.tsquery}::tsquery`);
  if (f.sector?.length) c.push(sql`sector && ${f.sector}::text[]`);
  // One value as `=`: PostgreSQL (15) then walks (status, sort_date) in order; with `= any` it reads and sorts.
  if (f.status?.length) c.push(f.status.length === 1 ? sql`status = ${f.status[0]}` : sql`status = any(${f.status}::text[])`);
  if (f.districtId?.length) c.push(f.districtId.length === 1 ? sql`district_id = ${f.districtId[0]}::uuid` : sql`district_id = any(${f.districtId}::uuid[])`);
  if (f.bbox) c.push(sql`ST_Intersects(location, ${envelope(f.bbox)})`);
  if (f.partnerCountry?.length) c.push(sql`funding_countries && ${f.partnerCountry}::text[]`);
  if (f.budgetMin !== undefined) c.push(sql`budget_amount >= ${f.budgetMin}`);
  if (f.budgetMax !== undefined) c.push(sql`budget_amount <= ${f.budgetMax}`);
  // A project matches a date range when its period (actual, else planned) overlaps it.
  if (f.from) c.push(sql`coalesce(actual_end, planned_end, actual_start, planned_start, sort_date) >= ${f.from}::date`);
  // sort_date is the actual start, else the planned one (validate.ts sortDate), so this is the period's start,
  // written on the indexed column so that a date-ordered walk starts at `to`.
  if (f.to) c.push(sql`sort_date <= ${f.to}::date`);
  return c.length ? sql<boolean>`${sql.join(c, sql` and `)}` : sql<boolean>`true`;
}

export interface HitRow {
  id: string;
  code: string;
  oc4ids_id: string;
  title: unknown;
  sector: string[];
  type: string;
  status: string;
  district_id: string | null;
  budget_amount: number;
  budget_currency: string;
  funding_countries: string[];
  sort_date: string;
  lon: number;
  lat: number;
  rank: number | null;
}

/**
 * Relevance is ranked over at most this many matches: the newest ones
 * (docs/decisions/0004-search-plan.md). A common word ("school") matches an
 * eighth of a million projects; ranking all of them is what made search slow.
 */
export const RANK_CANDIDATES = 200;
/**
 * How many of the newest projects the index-only walk reads before the rest
 * of the matches is looked up by the GIN index (decision 0004).
 */
export const WALK_WINDOW = 20_000;

const COLUMNS = sql`id, code, oc4ids_id, title, sector, type, status, district_id, budget_amount, budget_currency,
           funding_countries, sort_date::text as sort_date, ST_X(centroid) as lon, ST_Y(centroid) as lat`;

/** Filters that project_date_vec carries, so that a walk over it never reads the table. */
const walkable = (f: SearchFilter) => !f.sector?.length && !f.bbox && !f.partnerCountry?.length && f.budgetMin === undefined && f.budgetMax === undefined && !f.from && !f.to;

/**
 * The newest RANK_CANDIDATES matches. With only text, status and district
 * filters: walk project_date_vec newest first, index-only, over at most
 * WALK_WINDOW projects; only if that window holds too few matches (a rare
 * word) are the older ones taken by whatever plan PostgreSQL picks (the GIN
 * index, cheap for a rare word). The planner cannot be trusted to choose
 * between the two itself: it multiplies the selectivities of a query's
 * words, and the bigrams of one Korean word (고속 & 속도 & 도로) always come
 * together, so it expects 200 matches where there are 12,000.
 */
function candidates(f: SearchFilter) {
  const w = whereOf(f);
  if (!walkable(f)) return sql`select id, search_vec from project where ${w} order by sort_date desc, id desc limit ${RANK_CANDIDATES}`;
  // The window: the newest WALK_WINDOW projects under the status and district filters; the walk stops at the
  // RANK_CANDIDATES-th match, or passes the window's last row (rn = WALK_WINDOW), which bounds the older ones.
  const rest = whereOf({ status: f.status, districtId: f.districtId });
  const hit = whereOf({ tsquery: f.tsquery });
  return sql`
    with walk as materialized (
      select id, search_vec, sort_date, rn, ${hit} as hit from (
        select id, search_vec, sort_date, row_number() over (order by sort_date desc, id desc) as rn
        from project where ${rest} order by sort_date desc, id desc limit ${WALK_WINDOW}
      ) win where ${hit} or rn = ${WALK_WINDOW} limit ${RANK_CANDIDATES + 1}
    ),
    older as (
      select id, search_vec from project
      where (select count(*) from walk where hit) < ${RANK_CANDIDATES} and ${w}
        and (sort_date, id) < (select sort_date, id from walk where rn = ${WALK_WINDOW})
      order by sort_date desc, id desc limit ${RANK_CANDIDATES}
    )
    select id, search_vec from (select id, search_vec from walk where hit limit ${RANK_CANDIDATES}) w
    union all (select id, search_vec from older) limit ${RANK_CANDIDATES}`;
}

/** The page query itself (the benchmark compiles it to run the same SQL through pgbench). */
export function searchPageQuery(f: SearchFilter, sort: SortKey, after: [string | number, string] | undefined, limit: number) {
  if (sort === 'relevance' && f.tsquery) {
    // Candidates first, then rank only those; full rows are read for the page alone.
    const keyset = after ? sql`where (rank, id) < (${after[0]}::real, ${after[1]}::uuid)` : sql``;
    return sql<HitRow>`
      with candidate as materialized (${candidates(f)}),
      ranked as (select id, ts_rank(search_vec, ${f.tsquery}::tsquery) as rank from candidate),
      page as (select id, rank from ranked ${keyset} order by rank desc, id desc limit ${limit + 1})
      select ${COLUMNS}, page.rank from page join project using (id) order by page.rank desc, page.id desc`;
  }
  const key = sort === 'budget' ? sql`budget_amount` : sql`sort_date`;
  const cast = sort === 'budget' ? sql`::numeric` : sql`::date`;
  const keyset = after ? sql`and (${key}, id) < (${after[0]}${cast}, ${after[1]}::uuid)` : sql``;
  const rank = f.tsquery ? sql`ts_rank(search_vec, ${f.tsquery}::tsquery)` : sql`null::real`;
  // Ordered by the table's column: a bare sort_date names the text output column, which no index can give in order.
  return sql<HitRow>`
    select ${COLUMNS}, ${rank} as rank
    from project
    where ${whereOf(f)} ${keyset}
    order by project.${key} desc, project.id desc
    limit ${limit + 1}`;
}

/** One page, `limit + 1` rows, keyset-paged after `after` = [sort value, id]. */
export async function searchPage(ex: Executor, f: SearchFilter, sort: SortKey, after: [string | number, string] | undefined, limit: number) {
  return (await searchPageQuery(f, sort, after, limit).execute(ex)).rows;
}

export interface FacetCounts {
  sector: { value: string; count: number }[];
  status: { value: string; count: number }[];
  districtId: { value: string; count: number }[];
  partnerCountry: { value: string; count: number }[];
}

/**
 * The four facets in one statement over one pass of the matches (four
 * separate counts read the match set four times).
 */
export async function facets(ex: Executor, f: SearchFilter): Promise<FacetCounts> {
  const unfiltered = Object.values(f).every((v) => v === undefined || (Array.isArray(v) && v.length === 0));
  const r = unfiltered
    ? await facetTotals(ex)
    : await sql<{ facet: keyof FacetCounts; value: string; count: number }>`
    with m as materialized (select sector, status, district_id, funding_countries from project where ${whereOf(f)}),
    v as (
      -- Top-level sectors only: a sub-sector (energy.solar) would repeat its parent's name in the list, and the
      -- sector filter (sector && …) matches the codes a project lists, so these counts are what a click finds.
      select 'sector' as facet, x as value from m, unnest(m.sector) x where position('.' in x) = 0
      union all select 'status', status from m
      union all select 'districtId', district_id::text from m
      union all select 'partnerCountry', unnest(funding_countries) from m
    ),
    c as (
      select facet, value, count(*)::int as count, row_number() over (partition by facet order by count(*) desc, value) as n
      from v where value is not null group by facet, value
    )
    select facet, value, count from c where n <= 50 order by facet, n`.execute(ex);
  const out: FacetCounts = { sector: [], status: [], districtId: [], partnerCountry: [] };
  for (const x of r.rows) out[x.facet].push({ value: x.value, count: x.count });
  return out;
}

/** Facets over all projects, from the counts the project triggers keep (migration 0395). */
function facetTotals(ex: Executor) {
  return sql<{ facet: keyof FacetCounts; value: string; count: number }>`
    select facet, value, count from (
      select facet, value, n::int as count, row_number() over (partition by facet order by n desc, value) as k
      from project_facet_count where n > 0 and (facet <> 'sector' or position('.' in value) = 0)
    ) c where k <= 50 order by facet, k`.execute(ex);
}

export interface GeoFeatureRow {
  id: string;
  code: string;
  title: unknown;
  status: string;
  sector: string[];
  // ST_AsGeoJSON of a point location: a GeoJSON geometry.
  geometry: GeometryT;
}

export async function geoFeatures(ex: Executor, f: SearchFilter & { bbox: [number, number, number, number] }, limit: number) {
  const r = await sql<GeoFeatureRow>`
    select id, code, title, status, sector, ST_AsGeoJSON(location, 6)::json as geometry
    from project where ${whereOf(f)}
    order by id limit ${limit + 1}`.execute(ex);
  return r.rows;
}

/** Grid clustering on the centroids: one point per occupied cell, with the number of projects in it. */
export async function geoClusters(ex: Executor, f: SearchFilter & { bbox: [number, number, number, number] }, cell: number) {
  const r = await sql<{ lon: number; lat: number; count: number; one_id: string }>`
    select ST_X(ST_Centroid(ST_Collect(centroid))) as lon, ST_Y(ST_Centroid(ST_Collect(centroid))) as lat,
           count(*)::int as count, min(id::text) as one_id
    from project
    where centroid && ${envelope(f.bbox)} and ${whereOf({ ...f, bbox: undefined })}
    group by ST_SnapToGrid(centroid, ${cell}::float8)
    limit 20000`.execute(ex);
  return r.rows;
}
