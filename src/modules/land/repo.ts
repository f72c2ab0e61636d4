/**
 * SQL for areas, hazardous areas and releases. Geometries travel as GeoJSON
 * text; every area in km² is computed by PostGIS on the WGS84 ellipsoid.
 * Batches travel as one jsonb parameter so that a 10,000-feature import is a
 * handful of statements, not 10,000.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { AreaRecord, HazardRecord, ReleaseRecord } from './features.ts';
import { poly } from './overlay-sql.ts';

export const fromGeoJson = (col: RawBuilder<unknown>, repair: boolean) =>
  repair ? sql`ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${col}), 4326)), 3))` : sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${col}), 4326))`;

/** Each geometry of a batch as (ord, g, valid, empty), ord counting from 1. */
export const parsedGeometries = (geometries: object[], repair: boolean) => sql`
  select ord::int as ord, x.g, ST_IsValid(x.g) as valid, ST_IsEmpty(x.g) as empty
  from jsonb_array_elements(${JSON.stringify(geometries)}::jsonb) with ordinality t(e, ord)
  cross join lateral (select ${fromGeoJson(sql`e::text`, repair)} as g offset 0) x`;

/** Whether a geometry outside every district would lie in one with longitude and latitude swapped. */
export const flippedIn = (g: RawBuilder<unknown>) =>
  sql`exists (select 1 from area a where a.level = 'district' and a.geom && ST_FlipCoordinates(${g}) and ST_Intersects(a.geom, ST_FlipCoordinates(${g})))`;

export interface GeometryCheck {
  ord: number;
  valid: boolean;
  reason: string;
  empty: boolean;
  in_district: boolean | null;
  /** The district the feature is labelled with (mainDistrict), found by the same check so the insert need not look again. */
  district_id: string | null;
  in_country: boolean | null;
  flipped_in: boolean | null;
}

/**
 * Judge each geometry: OGC validity (with the reason), emptiness after an
 * optional repair, and whether it lies in the programme territory (touches a
 * district and, when a country outline exists, lies inside it). `flipped_in`
 * says whether the geometry would be inside with longitude and latitude swapped.
 */
export async function checkGeometries(ex: Executor, geometries: object[], opts: { repair: boolean; territory: boolean }): Promise<GeometryCheck[]> {
  // Tiles first (0135_land_area_tile_land2.sql): a feature meeting a district
  // tile meets the district, one covered by a country tile lies in the
  // country. Only when no tile settles it is the whole outline consulted
  // (the materialized union, computed only if some feature needs it).
  const r = await sql<GeometryCheck>`
    with f as materialized (${parsedGeometries(geometries, opts.repair)}),
    terr as materialized (select ST_Union(geom) as g from area where level = 'country'),
    -- The district label doubles as the district test: mainDistrict's last
    -- step takes any district the feature meets, so it is null exactly when
    -- the feature meets no district (tiles partition their district).
    -- Materialized: it is read three times below, and is the costliest step.
    d0 as materialized (
      select f.*, (${opts.territory} and f.valid and not f.empty) as judge,
        case when ${opts.territory} and f.valid and not f.empty then (select ${mainDistrict} from (select f.g as geom offset 0) g) end as district_id
      from f
    ),
    d as (select d0.*, case when judge then district_id is not null end as in_district from d0)
    select ord, valid, case when valid then 'Valid Geometry' else ST_IsValidReason(g) end as reason, empty, in_district, district_id,
      case when judge then
        not exists (select 1 from area where level = 'country')
        or exists (select 1 from area_tile t where t.level = 'country' and t.geom && d.g and ST_Covers(t.geom, d.g))
        or (select ST_Covers(t.g, d.g) from terr t) end as in_country,
      case when judge and not in_district then ${flippedIn(sql`d.g`)} end as flipped_in
    from d order by ord`.execute(ex);
  return r.rows;
}

/**
 * For the rest of the import's transaction: no JIT. PostGIS functions carry
 * high cost estimates, so PostgreSQL compiles most import statements with
 * LLVM, which takes longer than running them (tens to hundreds of ms each).
 */
export async function withoutJit(ex: Executor) {
  await sql`set local jit = off`.execute(ex);
}

// ---- areas ----

export async function upsertAreas(ex: Executor, areas: AreaRecord[], o: { isDemo: boolean; repair: boolean }) {
  const rows = areas.map((a) => ({ code: a.code, level: a.level, name: a.name, geom: a.geometry }));
  const r = await sql<{ id: string; code: string; inserted: boolean }>`
    insert into area (code, level, name, geom, is_demo)
    select x.code, x.level, x.name, ${fromGeoJson(sql`x.geom::text`, o.repair)}, ${o.isDemo}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(code text, level text, name jsonb, geom jsonb)
    on conflict (code) do update set level = excluded.level, name = excluded.name, geom = excluded.geom, updated_at = now()
    returning id, code, (xmax = 0) as inserted`.execute(ex);
  return r.rows;
}

/**
 * Link areas to their parents, once the whole file is in (a parent may come
 * later in the file). A named parent is found by code; a district without one
 * goes under the country; a settlement without one goes into the district
 * holding at least half of its area (docs/decisions/0013-land-rules.md).
 * Returns the settlements that no district holds: the caller refuses them.
 */
export async function linkParents(ex: Executor, links: { code: string; parent: string | null }[]): Promise<string[]> {
  if (links.length === 0) return [];
  const json = JSON.stringify(links);
  await sql`
    update area c set parent_id = coalesce(
      (select p.id from area p where p.code = x.parent),
      case when c.level = 'district' then (select p.id from area p where p.level = 'country' and p.id <> c.id order by p.code limit 1) end,
      case when c.level = 'settlement' then (
        select d.id from area d where d.level = 'district' and d.geom && c.geom and ST_Intersects(d.geom, c.geom)
          and ST_Area(ST_Intersection(d.geom, c.geom, 1e-9)::geography) >= 0.5 * ST_Area(c.geom::geography)
        order by ST_Area(ST_Intersection(d.geom, c.geom, 1e-9)::geography) desc limit 1) end)
    from jsonb_to_recordset(${json}::jsonb) as x(code text, parent text)
    where c.code = x.code`.execute(ex);
  const r = await sql<{ code: string }>`
    select c.code from area c join jsonb_to_recordset(${json}::jsonb) as x(code text, parent text) on x.code = c.code
    where c.level = 'settlement' and c.parent_id is null`.execute(ex);
  return r.rows.map((x) => x.code);
}

export async function unknownParentCodes(ex: Executor, codes: string[]) {
  if (codes.length === 0) return [];
  const r = await sql<{ code: string }>`select c as code from unnest(${codes}::text[]) c where not exists (select 1 from area where code = c)`.execute(ex);
  return r.rows.map((x) => x.code);
}

export async function listAreas(ex: Executor, level?: string) {
  let q = ex.selectFrom('area').select(['id', 'code', 'level', 'parent_id', 'name', 'area_km2', 'is_demo']).orderBy('level').orderBy('code');
  if (level) q = q.where('level', '=', level as 'district');
  return q.execute();
}

export async function areaByCode(ex: Executor, code: string) {
  return ex.selectFrom('area').select(['id', 'code', 'level', 'parent_id', 'name', 'area_km2', 'is_demo']).where('code', '=', code).executeTakeFirst();
}

/** The areas layer as RFC 7946 GeoJSON text, built by PostGIS (simplified when asked). */
export async function areasGeoJson(ex: Executor, f: { level?: string; simplify: number; attribution: string }) {
  const r = await sql<{ doc: string }>`
    select json_build_object('type', 'FeatureCollection', 'attribution', ${f.attribution}::text, 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', a.code,
      'geometry', ST_AsGeoJSON(case when ${f.simplify}::float8 > 0 then ST_SimplifyPreserveTopology(a.geom, ${f.simplify}::float8) else a.geom end, 6)::json,
      'properties', json_build_object('id', a.id, 'code', a.code, 'level', a.level, 'name', a.name, 'areaKm2', round(a.area_km2::numeric, 6), 'isDemo', a.is_demo)
    ) order by a.code), '[]'::json))::text as doc
    from area a where (${f.level ?? null}::text is null or a.level = ${f.level ?? null})`.execute(ex);
  return r.rows[0].doc;
}

// ---- hazards ----

export async function existingReferences(ex: Executor, table: 'hazard_area' | 'land_release', refs: string[]) {
  if (refs.length === 0) return [];
  const r = await ex.selectFrom(table).select('reference').where('reference', 'in', refs).execute();
  return r.map((x) => x.reference);
}

/**
 * District holding most of the geometry: only a label for filtering; figures
 * clip by geometry. Most features lie inside one tile of one district, which
 * is found without touching the district's outline or computing any
 * intersection.
 */
export const mainDistrict = sql`coalesce(
  (select t.area_id from area_tile t where t.level = 'district' and t.geom && g.geom and ST_Covers(t.geom, g.geom) order by t.code limit 1),
  (select a.id from area a where a.level = 'district' and a.geom && g.geom and ST_Covers(a.geom, g.geom) order by a.code limit 1),
  (select a.id from area a where a.level = 'district' and a.geom && g.geom and ST_Intersects(a.geom, g.geom)
    order by ST_Area(ST_Intersection(a.geom, g.geom, 1e-9)) desc limit 1))`;

/**
 * Where an insert's geometry comes from: parsed from the row's GeoJSON, or,
 * for an import whose check staged it (checkGeometries with `stage`), read
 * from the import's table by the row's key, with the district found there.
 */
function geometrySource(staged: boolean, repair: boolean) {
  return staged
    ? sql`cross join lateral (select s.g as geom, s.district_id as staged_district from pg_temp.import_geom s where s.ord = x.ord) g0`
    : sql`cross join lateral (select ${fromGeoJson(sql`x.geom::text`, repair)} as geom, null::uuid as staged_district offset 0) g0`;
}

type InsertOptions = { repair: boolean; isDemo: boolean; orgId: string | null; staged?: number[] };

/**
 * `staged[i]`: hs[i]'s key in the import's stage (import-stage.repo.ts), which
 * holds its parsed geometry and district; without it both come from hs[i].
 */
export async function insertHazards(ex: Executor, hs: HazardRecord[], o: InsertOptions) {
  const rows = hs.map((h, i) => ({
    ord: o.staged?.[i] ?? null,
    reference: h.reference,
    name: h.name,
    classification: h.classification,
    hazard_types: h.hazardTypes,
    recorded_on: h.recordedOn,
    notes: h.notes ?? null,
    geom: o.staged ? null : h.geometry,
  }));
  const r = await sql<{ id: string }>`
    insert into hazard_area (reference, name, classification, hazard_types, recorded_on, notes, recording_org_id, is_demo, geom, remaining_geom, remaining_km2, status, district_id)
    select x.reference, x.name, x.classification, x.hazard_types, x.recorded_on, x.notes, ${o.orgId}::uuid, ${o.isDemo}, g.geom, g.geom, g.km2,
      case when g.km2 < 1e-6 then 'released' else 'active' end, coalesce(g.staged_district, ${mainDistrict})
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(ord int, reference text, name text, classification text, hazard_types text[], recorded_on date, notes text, geom jsonb)
    ${geometrySource(!!o.staged, o.repair)}
    cross join lateral (select g0.geom, g0.staged_district, ST_Area(g0.geom::geography) / 1e6 as km2 offset 0) g
    returning id`.execute(ex);
  return r.rows.map((x) => x.id);
}

export async function insertReleases(ex: Executor, rs: ReleaseRecord[], o: InsertOptions) {
  const rows = rs.map((x, i) => ({
    ord: o.staged?.[i] ?? null,
    reference: x.reference,
    method: x.method,
    hazard_reference: x.hazardReference ?? null,
    started_on: x.startedOn ?? null,
    completed_on: x.completedOn,
    clearance_depth_cm: x.clearanceDepthCm ?? null,
    notes: x.notes ?? null,
    geom: o.staged ? null : x.geometry,
  }));
  const r = await sql<{ id: string; reference: string }>`
    insert into land_release (reference, method, hazard_area_id, operator_org_id, started_on, completed_on, clearance_depth_cm, notes, is_demo, geom, district_id)
    select x.reference, x.method, (select h.id from hazard_area h where h.reference = x.hazard_reference), ${o.orgId}::uuid, x.started_on, x.completed_on,
      x.clearance_depth_cm, x.notes, ${o.isDemo}, g.geom, coalesce(g.staged_district, ${mainDistrict})
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(ord int, reference text, method text, hazard_reference text, started_on date, completed_on date, clearance_depth_cm int, notes text, geom jsonb)
    ${geometrySource(!!o.staged, o.repair)}
    cross join lateral (select g0.geom, g0.staged_district offset 0) g
    returning id, reference`.execute(ex);
  const ids = new Map(r.rows.map((x) => [x.reference, x.id]));
  const devices = rs.flatMap((x) =>
    x.devices.map((d) => ({
      release_id: ids.get(x.reference),
      category: d.category,
      model: d.model ?? null,
      condition: d.condition,
      depth_cm: d.depthCm ?? null,
      lon: d.position?.[0] ?? null,
      lat: d.position?.[1] ?? null,
      quantity: d.quantity,
    })),
  );
  if (devices.length) {
    await sql`
      insert into land_release_device (release_id, category, model, condition, depth_cm, position, quantity)
      select x.release_id, x.category, x.model, x.condition, x.depth_cm, case when x.lon is not null then ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) end, x.quantity
      from jsonb_to_recordset(${JSON.stringify(devices)}::jsonb) as x(release_id uuid, category text, model text, condition text, depth_cm int, lon float8, lat float8, quantity int)`.execute(
      ex,
    );
  }
  return r.rows.map((x) => x.id);
}

export async function unknownHazardReferences(ex: Executor, refs: string[]) {
  if (refs.length === 0) return [];
  const r = await sql<{ ref: string }>`select c as ref from unnest(${refs}::text[]) c where not exists (select 1 from hazard_area where reference = c)`.execute(ex);
  return r.rows.map((x) => x.ref);
}

/**
 * Whether release r reduces hazardous area h (docs/decisions/0013-land-rules.md):
 * it must overlap h, and either be linked to h or have been completed on or
 * after the day h was recorded. Land worked before a hazard was recorded
 * cannot release it: the hazard's evidence is newer than the work.
 */
const reduces = (r: RawBuilder<unknown>, h: RawBuilder<unknown>) =>
  sql`(${r}.geom && ${h}.geom and ST_Intersects(${r}.geom, ${h}.geom) and (${r}.hazard_area_id = ${h}.id or ${r}.completed_on >= ${h}.recorded_on))`;

/**
 * Recompute what is left of each hazardous area after every release that
 * reduces it: the given hazards, and those touched by the given releases.
 * Below one square metre counts as nothing left (floating-point slivers).
 * `onlyReduced`: the hazards were just inserted whole (insertHazards sets
 * their remaining part and status), so only those some release reduces
 * need the overlay.
 */
export async function refreshHazardStatus(ex: Executor, f: { hazardIds?: string[]; releaseIds?: string[]; onlyReduced?: boolean }) {
  await sql`
    with target as (
      select h.id from hazard_area h where h.id = any(${f.hazardIds ?? []}::uuid[])
        and (not ${!!f.onlyReduced} or exists (select 1 from land_release r where ${reduces(sql`r`, sql`h`)}))
      union
      select h.id from hazard_area h join land_release r on ${reduces(sql`r`, sql`h`)} where r.id = any(${f.releaseIds ?? []}::uuid[])
    ),
    calc as (
      select h.id, coalesce(ST_CollectionExtract(ST_Difference(h.geom, u.g, 1e-9), 3), h.geom) as rem, u.last_on
      from hazard_area h join target t on t.id = h.id
      cross join lateral (select ${poly(sql`ST_Union(r.geom, 1e-9)`)} as g, max(r.completed_on) as last_on from land_release r where ${reduces(sql`r`, sql`h`)}) u
    ),
    sized as (select id, rem, last_on, ST_Area(rem::geography) / 1e6 as km2 from calc)
    update hazard_area h set remaining_geom = s.rem, remaining_km2 = s.km2,
      status = case when s.km2 < 1e-6 then 'released' when s.km2 < h.area_km2 - 1e-6 then 'partially_released' else 'active' end,
      released_on = case when s.km2 < 1e-6 then s.last_on end, updated_at = now()
    from sized s where s.id = h.id`.execute(ex);
}

// ---- import records ----

export async function insertImportRecord(
  ex: Executor,
  r: {
    id: string;
    kind: string;
    format: string;
    filename: string | null;
    sourceCrs: string;
    encoding: string | null;
    features: number;
    created: number;
    updated: number;
    repaired: boolean;
    actorUserId: string | null;
    isDemo: boolean;
  },
) {
  await ex
    .insertInto('land_import')
    .values({
      id: r.id,
      kind: r.kind as 'areas',
      format: r.format,
      filename: r.filename,
      source_crs: r.sourceCrs,
      encoding: r.encoding,
      feature_count: r.features,
      created_count: r.created,
      updated_count: r.updated,
      repaired: r.repaired,
      actor_user_id: r.actorUserId,
      is_demo: r.isDemo,
    })
    .execute();
}

export async function importRecord(ex: Executor, id: string) {
  return ex.selectFrom('land_import').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The district holding most of a geometry (GeoJSON, WGS 84), or null when it touches none. */
export async function districtForGeometry(ex: Executor, geometry: object): Promise<{ id: string; code: string } | null> {
  const r = await sql<{ id: string; code: string }>`
    with g as (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) as geom)
    select a.id, a.code from area a, g where a.level = 'district' and a.geom && g.geom and ST_Intersects(a.geom, g.geom)
    order by ST_Area(ST_Intersection(a.geom, ST_Force2D(g.geom), 1e-9)) desc, a.code limit 1`.execute(ex);
  return r.rows[0] ?? null;
}
