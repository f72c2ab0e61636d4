import { type Insertable, type Selectable, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { ProjectFundingTable, ProjectOutputTable, ProjectTable } from './tables.ts';

/** Project rows with their geometries as GeoJSON objects (the raw EWKB columns are never read). */
export type ProjectRow = Omit<Selectable<ProjectTable>, 'location' | 'site' | 'centroid' | 'search_vec'> & { location: unknown; site: unknown };

export interface ProjectValues {
  code: string;
  oc4ids_id: string;
  title: string;
  description: string;
  purpose: string;
  sector: string[];
  type: string;
  status: ProjectTable['status'];
  district_id: string | null;
  location: string;
  site: string | null;
  budget_amount: number;
  budget_currency: string;
  public_authority_id: string | null;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  sort_date: string;
  funding_countries: string[];
  related_ocids: string[];
  lexemes: string[];
  is_demo?: boolean;
}

const geom = (geojson: string) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326)`;

function columns(v: ProjectValues) {
  const { location, site, lexemes, ...rest } = v;
  return {
    ...rest,
    location: geom(location),
    centroid: sql`ST_PointOnSurface(${geom(location)})`,
    site: site === null ? null : sql`ST_Multi(${geom(site)})`,
    search_vec: sql`array_to_tsvector(${lexemes}::text[])`,
  };
}

const selectProject = (ex: Executor) =>
  ex
    .selectFrom('project')
    .select([
      'id',
      'code',
      'oc4ids_id',
      'title',
      'description',
      'purpose',
      'sector',
      'type',
      'status',
      'district_id',
      'budget_amount',
      'budget_currency',
      'public_authority_id',
      'planned_start',
      'planned_end',
      'actual_start',
      'actual_end',
      'sort_date',
      'funding_countries',
      'related_ocids',
      'oc4ids_extra',
      'is_demo',
      'created_at',
      'updated_at',
      sql<unknown>`ST_AsGeoJSON(location, 7)::json`.as('location'),
      sql<unknown>`case when site is null then null else ST_AsGeoJSON(site, 7)::json end`.as('site'),
    ]);

export async function insertProject(ex: Executor, v: ProjectValues): Promise<string> {
  const r = await ex
    .insertInto('project')
    .values(columns(v) as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The OC4IDS id is set once, on insert: another publisher's id stays the project's id. */
export async function updateProject(ex: Executor, id: string, v: ProjectValues) {
  const { oc4ids_id: _keep, ...rest } = columns(v);
  await ex
    .updateTable('project')
    .set({ ...rest, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .execute();
}

export async function setOc4idsExtra(ex: Executor, id: string, extra: Record<string, unknown>) {
  await ex
    .updateTable('project')
    .set({ oc4ids_extra: JSON.stringify(extra) })
    .where('id', '=', id)
    .execute();
}

/** Which of these geometries (GeoJSON text) PostGIS finds invalid, and where each lies against the territory (the country outline; null when none is defined). */
export async function placeChecks(ex: Executor, geoms: string[]) {
  if (geoms.length === 0) return [];
  const r = await sql<{ ord: number; valid: boolean; reason: string | null; meets: boolean | null; inside: boolean | null }>`
    with f as (select ord::int as ord, ST_SetSRID(ST_GeomFromGeoJSON(x), 4326) as g
               from jsonb_array_elements_text(${JSON.stringify(geoms)}::jsonb) with ordinality as t(x, ord)),
    terr as (select ST_Union(geom) as g from area_summary where level = 'country')
    select ord, ST_IsValid(f.g) as valid, case when ST_IsValid(f.g) then null else ST_IsValidReason(f.g) end as reason,
      case when ST_IsValid(f.g) and t.g is not null then ST_Intersects(f.g, t.g) end as meets,
      case when ST_IsValid(f.g) and t.g is not null then ST_CoveredBy(f.g, t.g) end as inside
    from f cross join terr t order by ord`.execute(ex);
  return r.rows;
}

export async function byId(ex: Executor, id: string): Promise<ProjectRow | undefined> {
  return selectProject(ex).where('id', '=', id).executeTakeFirst() as Promise<ProjectRow | undefined>;
}

export async function byIds(ex: Executor, ids: string[]): Promise<ProjectRow[]> {
  if (ids.length === 0) return [];
  return selectProject(ex).where('id', 'in', ids).orderBy('code').execute() as Promise<ProjectRow[]>;
}

export async function idsByCode(ex: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await ex.selectFrom('project').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function lockForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('project').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** All project ids in code order, in pages (exports walk the whole registry without holding it in memory). */
export async function idsAfter(ex: Executor, afterCode: string | null, limit: number) {
  let q = ex.selectFrom('project').select(['id', 'code']).orderBy('code').limit(limit);
  if (afterCode !== null) q = q.where('code', '>', afterCode);
  return q.execute();
}

export async function replaceFunding(ex: Executor, projectId: string, rows: Omit<Insertable<ProjectFundingTable>, 'project_id' | 'position'>[]) {
  await ex.deleteFrom('project_funding').where('project_id', '=', projectId).execute();
  if (rows.length)
    await ex
      .insertInto('project_funding')
      .values(rows.map((r, i) => ({ ...r, project_id: projectId, position: i })))
      .execute();
}

export async function replaceOutputs(ex: Executor, projectId: string, rows: Omit<Insertable<ProjectOutputTable>, 'project_id'>[]) {
  await ex.deleteFrom('project_output').where('project_id', '=', projectId).execute();
  if (rows.length)
    await ex
      .insertInto('project_output')
      .values(rows.map((r) => ({ ...r, project_id: projectId })))
      .execute();
}

export async function fundingOf(ex: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom('project_funding').selectAll().where('project_id', 'in', ids).orderBy('project_id').orderBy('position').execute();
}

export async function outputsOf(ex: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom('project_output').selectAll().where('project_id', 'in', ids).orderBy('project_id').orderBy('metric').execute();
}

export async function documentsOf(ex: Executor, ids: string[], levels: string[]) {
  if (ids.length === 0) return [];
  return ex
    .selectFrom('project_document as pd')
    .innerJoin('document_meta as d', 'd.id', 'pd.document_id')
    .select(['pd.project_id', 'pd.document_id', 'pd.kind', 'pd.access_level', 'pd.created_at', 'd.title', 'd.media_type', 'd.language', 'd.sha256'])
    .where('pd.project_id', 'in', ids)
    .where('pd.access_level', 'in', levels as never[])
    .orderBy('pd.created_at')
    .execute();
}

export async function linkDocument(ex: Executor, row: { project_id: string; document_id: string; kind: string; access_level: 'open' | 'limited' | 'restricted' }) {
  return ex
    .insertInto('project_document')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'document_id']).doUpdateSet({ kind: row.kind, access_level: row.access_level }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function documentExists(ex: Executor, id: string) {
  return !!(await ex.selectFrom('document_meta').select('id').where('id', '=', id).executeTakeFirst());
}

export async function setStatus(ex: Executor, id: string, from: string, to: ProjectTable['status'], reason: string, by: string | null) {
  await ex.updateTable('project').set({ status: to, updated_at: sql`now()` }).where('id', '=', id).execute();
  await ex.insertInto('project_status_change').values({ project_id: id, from_status: from, to_status: to, reason, changed_by: by }).execute();
}

export interface RelatedProcessRow {
  project_id: string;
  tender_id: string;
  ocid: string;
  title: Record<string, string>;
  status: string;
}

/**
 * Berpa's tenders linked to projects, drafts left out: the Tenders module's
 * view public_tender_project (migration 0495).
 */
export async function relatedProcesses(ex: Executor, ids: string[]): Promise<RelatedProcessRow[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('public_tender_project').select(['project_id', 'tender_id', 'ocid', 'title', 'status']).where('project_id', 'in', ids).orderBy('ocid').execute() as Promise<
    RelatedProcessRow[]
  >;
}

export async function areaIdsByCode(ex: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await ex.selectFrom('area_summary').select(['id', 'code']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function areaCodes(ex: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await ex.selectFrom('area_summary').select(['id', 'code']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function organisationsByIds(ex: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return ex.selectFrom('organisation_party').select(['id', 'name', 'identifier_scheme', 'identifier_id', 'country']).where('id', 'in', ids).execute();
}

export async function organisationIdsByIdentifier(ex: Executor, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await ex
    .selectFrom('organisation_party')
    .select(['id', sql<string>`identifier_scheme || '-' || identifier_id`.as('key')])
    .where(sql<boolean>`identifier_scheme || '-' || identifier_id in (${sql.join(keys)})`)
    .execute();
  return new Map(rows.map((r) => [r.key, r.id]));
}

/** The views of the owning modules (Land, Organisations, Partners) that references are checked against. */
const REFERENCED = { area: 'area_summary', organisation: 'organisation_party', pledge: 'pledge_summary' } as const;

export async function existingIds(ex: Executor, kind: keyof typeof REFERENCED, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ex.selectFrom(REFERENCED[kind]).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** OCIDs of Berpa's own tenders (the Tenders module's tender_summary; empty when that module is absent). */
export async function tenderOcids(ex: Executor): Promise<Set<string>> {
  const exists = await sql<{ t: string | null }>`select to_regclass('tender_summary')::text as t`.execute(ex);
  if (!exists.rows[0]?.t) return new Set();
  const r = await sql<{ ocid: string }>`select ocid from tender_summary`.execute(ex);
  return new Set(r.rows.map((x) => x.ocid));
}
