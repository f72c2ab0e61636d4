/**
 * Read-side SQL for hazardous areas and releases: lists, details, GeoJSON
 * layers, the safety-gate overlap query. Sensitive columns are selected only
 * when the service says the caller may see them.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

export interface HazardFilter {
  districtId?: string;
  status?: string;
  afterRef?: string;
  limit: number;
}

export async function listHazards(ex: Executor, f: HazardFilter) {
  let q = ex
    .selectFrom('hazard_area as h')
    .leftJoin('area as a', 'a.id', 'h.district_id')
    .select([
      'h.id',
      'h.reference',
      'h.name',
      'h.classification',
      'h.hazard_types',
      'h.status',
      'h.recorded_on',
      'h.released_on',
      'h.recording_org_id',
      'h.area_km2',
      'h.remaining_km2',
      'h.notes',
      'h.is_demo',
      'a.code as district_code',
    ])
    .orderBy('h.reference')
    .limit(f.limit + 1);
  if (f.districtId) q = q.where('h.district_id', '=', f.districtId);
  if (f.status) q = q.where('h.status', '=', f.status as 'active');
  if (f.afterRef) q = q.where('h.reference', '>', f.afterRef);
  return q.execute();
}

export async function hazardById(ex: Executor, id: string) {
  const r = await sql<{
    id: string;
    reference: string;
    name: string;
    classification: 'SHA' | 'CHA';
    hazard_types: string[];
    status: string;
    recorded_on: string;
    released_on: string | null;
    recording_org_id: string | null;
    area_km2: number;
    remaining_km2: number;
    notes: string | null;
    is_demo: boolean;
    district_code: string | null;
    geometry: object;
    remaining: object | null;
  }>`
    select h.id, h.reference, h.name, h.classification, h.hazard_types, h.status, h.recorded_on::text, h.released_on::text, h.recording_org_id, h.area_km2, h.remaining_km2,
      h.notes, h.is_demo, a.code as district_code, ST_AsGeoJSON(h.geom, 7)::json as geometry,
      case when not ST_IsEmpty(h.remaining_geom) then ST_AsGeoJSON(h.remaining_geom, 7)::json end as remaining
    from hazard_area h left join area a on a.id = h.district_id where h.id = ${id}::uuid`.execute(ex);
  return r.rows[0];
}

export async function releasesOfHazard(ex: Executor, hazardId: string) {
  const r = await sql<{ id: string; reference: string; method: string; completed_on: string; area_km2: number }>`
    select r.id, r.reference, r.method, r.completed_on::text, r.area_km2 from land_release r join hazard_area h on h.id = ${hazardId}::uuid
    where r.hazard_area_id = h.id or (r.geom && h.geom and ST_Intersects(r.geom, h.geom) and not ST_Touches(r.geom, h.geom))
    order by r.completed_on, r.reference`.execute(ex);
  return r.rows;
}

export async function releaseById(ex: Executor, id: string) {
  const r = await sql<{
    id: string;
    reference: string;
    method: string;
    hazard_area_id: string | null;
    hazard_reference: string | null;
    operator_org_id: string | null;
    started_on: string | null;
    completed_on: string;
    clearance_depth_cm: number | null;
    area_km2: number;
    notes: string | null;
    is_demo: boolean;
    district_code: string | null;
    geometry: object;
    device_count: number;
  }>`
    select r.id, r.reference, r.method, r.hazard_area_id, h.reference as hazard_reference, r.operator_org_id, r.started_on::text, r.completed_on::text,
      r.clearance_depth_cm, r.area_km2, r.notes, r.is_demo, a.code as district_code, ST_AsGeoJSON(r.geom, 7)::json as geometry,
      (select coalesce(sum(quantity), 0)::int from land_release_device d where d.release_id = r.id) as device_count
    from land_release r left join area a on a.id = r.district_id left join hazard_area h on h.id = r.hazard_area_id
    where r.id = ${id}::uuid`.execute(ex);
  return r.rows[0];
}

export async function devicesOf(ex: Executor, releaseId: string) {
  const r = await sql<{ category: string; model: string | null; condition: string; depth_cm: number | null; quantity: number; position: { coordinates: [number, number] } | null }>`
    select category, model, condition, depth_cm, quantity, ST_AsGeoJSON(position, 7)::json as position
    from land_release_device where release_id = ${releaseId}::uuid order by id`.execute(ex);
  return r.rows;
}

export interface LayerFilter {
  districtId?: string;
  status?: string;
  simplify: number;
  /** Also the sensitive notes (export by mine-action roles). */
  sensitive: boolean;
}

const geomOut = (col: string, simplify: number) =>
  sql`ST_AsGeoJSON(case when ${simplify}::float8 > 0 then ST_SimplifyPreserveTopology(${sql.ref(col)}, ${simplify}::float8) else ${sql.ref(col)} end, 7)::json`;

/** Hazardous areas as RFC 7946 GeoJSON text, built by PostGIS. */
export async function hazardsGeoJson(ex: Executor, f: LayerFilter) {
  const r = await sql<{ doc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', h.reference, 'geometry', ${geomOut('h.geom', f.simplify)},
      'properties', json_strip_nulls(json_build_object('id', h.id, 'reference', h.reference, 'name', h.name, 'classification', h.classification,
        'hazard_types', h.hazard_types, 'status', h.status, 'recorded_on', h.recorded_on, 'released_on', h.released_on, 'district', a.code,
        'area_km2', round(h.area_km2::numeric, 6), 'remaining_km2', round(h.remaining_km2::numeric, 6), 'is_demo', h.is_demo,
        'notes', case when ${f.sensitive} then h.notes end))
    ) order by h.reference), '[]'::json))::text as doc
    from hazard_area h left join area a on a.id = h.district_id
    where (${f.districtId ?? null}::uuid is null or h.district_id = ${f.districtId ?? null}::uuid)
      and (${f.status ?? null}::text is null or h.status = ${f.status ?? null}::text)`.execute(ex);
  return r.rows[0].doc;
}

/** Releases as GeoJSON; devices (with positions) only when `sensitive`. */
export async function releasesGeoJson(ex: Executor, f: LayerFilter) {
  const r = await sql<{ doc: string }>`
    select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'id', r.reference, 'geometry', ${geomOut('r.geom', f.simplify)},
      'properties', json_strip_nulls(json_build_object('id', r.id, 'reference', r.reference, 'method', r.method, 'hazard_reference', h.reference,
        'started_on', r.started_on, 'completed_on', r.completed_on, 'district', a.code, 'area_km2', round(r.area_km2::numeric, 6), 'is_demo', r.is_demo,
        'clearance_depth_cm', r.clearance_depth_cm,
        'notes', case when ${f.sensitive} then r.notes end,
        'devices', case when ${f.sensitive} then (select json_agg(json_strip_nulls(json_build_object('category', d.category, 'model', d.model, 'condition', d.condition,
          'depth_cm', d.depth_cm, 'quantity', d.quantity, 'position', (ST_AsGeoJSON(d.position, 7)::json)->'coordinates')) order by d.id)
          from land_release_device d where d.release_id = r.id) end))
    ) order by r.completed_on, r.reference), '[]'::json))::text as doc
    from land_release r left join area a on a.id = r.district_id left join hazard_area h on h.id = r.hazard_area_id
    where (${f.districtId ?? null}::uuid is null or r.district_id = ${f.districtId ?? null}::uuid)`.execute(ex);
  return r.rows[0].doc;
}

/**
 * Unreleased hazardous land whose interior meets the site. A site that only
 * touches a hazard's edge does not overlap it. Points and lines overlap with 0 km².
 */
export async function unreleasedOverlaps(ex: Executor, geometry: object) {
  const r = await sql<{ id: string; name: string; km2: number }>`
    with s as (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) as g)
    select h.id, h.name, ST_Area(ST_Intersection(h.remaining_geom, s.g, 1e-9)::geography) / 1e6 as km2
    from hazard_area h, s
    where h.status <> 'released' and h.remaining_geom && s.g and ST_Intersects(h.remaining_geom, s.g) and not ST_Touches(h.remaining_geom, s.g)
    order by km2 desc, h.reference`.execute(ex);
  return r.rows;
}

export async function geometryValidity(ex: Executor, geometry: object) {
  const r = await sql<{ valid: boolean; reason: string }>`
    select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) as g) x`.execute(ex);
  return r.rows[0];
}
