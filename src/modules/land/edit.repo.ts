/**
 * SQL for correcting one hazardous area or one release after it was
 * recorded (the back office's edit with a reason). Geometries travel as
 * GeoJSON text, as in repo.ts.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import { mainDistrict } from './repo.ts';

export interface HazardFields {
  name: string;
  classification: string;
  hazard_types: string[];
  recorded_on: string;
  notes: string | null;
  geometry: object;
}
export interface ReleaseFields {
  method: string;
  hazard_area_id: string | null;
  started_on: string | null;
  completed_on: string;
  clearance_depth_cm: number | null;
  notes: string | null;
  geometry: object;
}

/** The hazard's correctable fields, row-locked for the rest of the transaction. */
export async function lockHazard(ex: Executor, id: string) {
  const r = await sql<HazardFields & { reference: string }>`
    select reference, name, classification, hazard_types, recorded_on::text, notes, ST_AsGeoJSON(geom, 9)::json as geometry
    from hazard_area where id = ${id}::uuid for update`.execute(ex);
  return r.rows[0];
}

/** Write the corrected fields; a new outline is whole again until the status refresh subtracts the releases. */
export async function updateHazard(ex: Executor, id: string, f: HazardFields) {
  await sql`
    update hazard_area h set name = ${f.name}, classification = ${f.classification}, hazard_types = ${f.hazard_types}::text[], recorded_on = ${f.recorded_on}::date,
      notes = ${f.notes}, geom = g.geom, remaining_geom = g.geom, district_id = ${mainDistrict}, updated_at = now()
    from (select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326)) as geom offset 0) g
    where h.id = ${id}::uuid`.execute(ex);
}

export async function lockRelease(ex: Executor, id: string) {
  const r = await sql<ReleaseFields & { reference: string; hazard_reference: string | null }>`
    select r.reference, r.method, r.hazard_area_id, h.reference as hazard_reference, r.started_on::text, r.completed_on::text, r.clearance_depth_cm, r.notes,
      ST_AsGeoJSON(r.geom, 9)::json as geometry
    from land_release r left join hazard_area h on h.id = r.hazard_area_id where r.id = ${id}::uuid for update of r`.execute(ex);
  return r.rows[0];
}

export async function updateRelease(ex: Executor, id: string, f: ReleaseFields) {
  await sql`
    update land_release r set method = ${f.method}, hazard_area_id = ${f.hazard_area_id}::uuid, started_on = ${f.started_on}::date, completed_on = ${f.completed_on}::date,
      clearance_depth_cm = ${f.clearance_depth_cm}::int, notes = ${f.notes}, geom = g.geom, district_id = ${mainDistrict}
    from (select ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), 4326)) as geom offset 0) g
    where r.id = ${id}::uuid`.execute(ex);
}

/** Hazards whose outline the release overlaps: before a correction they may lose its effect, after it they may gain it. */
export async function hazardsUnder(ex: Executor, releaseId: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select h.id from hazard_area h join land_release r on r.geom && h.geom and ST_Intersects(r.geom, h.geom) where r.id = ${releaseId}::uuid`.execute(ex);
  return r.rows.map((x) => x.id);
}

export async function hazardIdByReference(ex: Executor, reference: string): Promise<string | null> {
  const r = await ex.selectFrom('hazard_area').select('id').where('reference', '=', reference).executeTakeFirst();
  return r?.id ?? null;
}
