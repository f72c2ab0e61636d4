import type { Executor } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { pickText } from '../../lib/schemas.ts';
import { summariesForProjects } from '../contracts/oc4ids-summary.ts';
import * as programmeRepo from '../programme/repo.ts';
import { type MapContext, projectPackage, toOc4ids } from './oc4ids.ts';
import type { ProjectView } from './present.ts';
import * as repo from './repo.ts';
import { loadViews } from './service.ts';
import { toCsv, toRow, toXlsx } from './tabular.ts';

/** Open-data exports of the whole registry: CSV, GeoJSON, OC4IDS. Public; only open documents appear. */
const CHUNK = 500;

/** Every project, in code order, a chunk at a time. */
export async function* allProjects(ex: Executor): AsyncGenerator<ProjectView[]> {
  let after: string | null = null;
  for (let i = 0; i < 1_000_000; i++) {
    const ids = await repo.idsAfter(ex, after, CHUNK);
    if (ids.length === 0) return;
    yield await loadViews(
      ex,
      ids.map((r) => r.id),
      ['open'],
    );
    after = ids[ids.length - 1].code;
    if (ids.length < CHUNK) return;
  }
}

async function mapContext(ex: Executor, views: ProjectView[], publicUrl: string): Promise<MapContext> {
  const orgIds = [...new Set(views.flatMap((v) => [v.publicAuthorityId, ...v.funding.map((f) => f.organisationId)]).filter((x): x is string => !!x))];
  const areaIds = [...new Set(views.map((v) => v.districtId).filter((x): x is string => !!x))];
  const [orgs, areaCodes, processSummaries] = await Promise.all([
    repo.organisationsByIds(ex, orgIds),
    repo.areaCodes(ex, areaIds),
    summariesForProjects(
      ex,
      views.map((v) => v.id),
    ),
  ]);
  return { orgs: new Map(orgs.map((o) => [o.id, o])), areaCodes, processSummaries, documentUrl: (id) => `${publicUrl}/api/v1/documents/${id}/content` };
}

export async function oc4idsProjects(ctx: Ctx, views: ProjectView[], ex: Executor = ctx.db) {
  const m = await mapContext(ex, views, ctx.config.publicUrl);
  return views.map((v) => toOc4ids(v, m));
}

export async function exportOc4ids(ctx: Ctx) {
  const projects: Record<string, unknown>[] = [];
  for await (const chunk of allProjects(ctx.db)) projects.push(...(await oc4idsProjects(ctx, chunk)));
  const programme = await programmeRepo.current(ctx.db);
  return projectPackage(projects, {
    uri: `${ctx.config.publicUrl}/api/v1/oc4ids/projects`,
    publisher: pickText(programme?.name as Record<string, string> | undefined, 'en') || 'Berpa',
    publishedDate: new Date().toISOString(),
  });
}

export async function exportCsv(ctx: Ctx): Promise<string> {
  return toCsv(await exportRows(ctx));
}

export async function exportXlsx(ctx: Ctx): Promise<Buffer> {
  return toXlsx(await exportRows(ctx));
}

async function exportRows(ctx: Ctx): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const chunk of allProjects(ctx.db)) {
    const m = await mapContext(ctx.db, chunk, ctx.config.publicUrl);
    const orgKey = (id: string | null) => {
      const o = id ? m.orgs.get(id) : undefined;
      return o ? `${o.identifier_scheme}-${o.identifier_id}` : undefined;
    };
    rows.push(...chunk.map((v) => toRow(v, { areaCode: v.districtId ? m.areaCodes.get(v.districtId) : undefined, orgKey })));
  }
  return rows;
}

export async function exportGeoJson(ctx: Ctx) {
  const features: unknown[] = [];
  for await (const chunk of allProjects(ctx.db)) {
    for (const v of chunk) {
      features.push({
        type: 'Feature',
        id: v.id,
        geometry: v.location,
        properties: {
          id: v.id,
          oc4idsId: v.oc4idsId,
          code: v.code,
          title: v.title,
          sector: v.sector,
          type: v.type,
          status: v.status,
          budget: v.budget,
          districtId: v.districtId,
          fundingCountries: [...new Set(v.funding.map((f) => f.country).filter(Boolean))],
          hasSite: v.site !== null,
        },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** One project's OC4IDS package. Errors: not_found. */
export async function oc4idsOne(ctx: Ctx, view: ProjectView) {
  const [project] = await oc4idsProjects(ctx, [view]);
  const programme = await programmeRepo.current(ctx.db);
  return projectPackage([project], {
    uri: `${ctx.config.publicUrl}/api/v1/oc4ids/projects/${view.id}`,
    publisher: pickText(programme?.name as Record<string, string> | undefined, 'en') || 'Berpa',
    publishedDate: view.updatedAt,
  });
}

/**
 * `GET /api/v1/oc4ids/projects`: a package of up to `limit` projects in code
 * order; `links.next` (an extra field the package schema allows) pages on.
 */
export async function oc4idsPage(ctx: Ctx, q: { after?: string; limit?: number }) {
  const limit = q.limit ?? 100;
  const ids = await repo.idsAfter(ctx.db, q.after ?? null, limit + 1);
  const page = ids.slice(0, limit);
  const views = await loadViews(
    ctx.db,
    page.map((r) => r.id),
    ['open'],
  );
  const projects = await oc4idsProjects(ctx, views);
  const programme = await programmeRepo.current(ctx.db);
  const base = `${ctx.config.publicUrl}/api/v1/oc4ids/projects`;
  const pkg = projectPackage(projects, {
    uri: q.after ? `${base}?after=${encodeURIComponent(q.after)}&limit=${limit}` : base,
    publisher: pickText(programme?.name as Record<string, string> | undefined, 'en') || 'Berpa',
    publishedDate: views.reduce((a, v) => (v.updatedAt > a ? v.updatedAt : a), new Date(0).toISOString()),
  });
  const last = page[page.length - 1];
  return { ...pkg, links: ids.length > limit && last ? { next: `${base}?after=${encodeURIComponent(last.code)}&limit=${limit}` } : {} };
}
