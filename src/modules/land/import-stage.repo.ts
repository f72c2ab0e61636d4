/**
 * The import's stage: one batch of hazard or release geometries, parsed
 * once, checked, and read back by the insert (repo.insertHazards and
 * insertReleases with `staged`). A temporary table with a spatial index,
 * dropped with the import's transaction whether it commits or not.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import { flippedIn, type GeometryCheck, mainDistrict, parsedGeometries } from './repo.ts';

export async function createImportStage(ex: Executor) {
  await sql`create temporary table if not exists import_geom (ord int primary key, g geometry, district_id uuid) on commit drop`.execute(ex);
  await sql`create index if not exists import_geom_g on pg_temp.import_geom using gist (g)`.execute(ex);
}

/**
 * repo.checkGeometries for one batch of an import, with the same answers,
 * done the other way round. Each geometry is parsed once and kept, with its
 * key `from + ord`, in the stage (which holds one batch). The territory tests
 * loop over the tiles and look up the batch's features each tile's box holds:
 * the same tile is then the first argument of ST_Covers for many features in
 * a row, so PostGIS prepares it once (its prepared-geometry cache) instead of
 * converting a tile for every feature. Measured on 23,400 features: 94 ms
 * against 590 ms feature by feature.
 */
export async function stageAndCheck(ex: Executor, geometries: object[], opts: { repair: boolean; from: number }): Promise<GeometryCheck[]> {
  await sql`truncate pg_temp.import_geom`.execute(ex);
  const parsed = await sql<{ ord: number; valid: boolean; reason: string; empty: boolean }>`
    with f as materialized (${parsedGeometries(geometries, opts.repair)}),
    staged as (insert into pg_temp.import_geom (ord, g) select ${opts.from}::int + ord, g from f where valid and not empty)
    select ord, valid, case when valid then 'Valid Geometry' else ST_IsValidReason(g) end as reason, empty from f order by ord`.execute(ex);
  // The LATERAL keeps the tile on the outside of the loop (see above).
  const judged = await sql<{ ord: number; district_id: string | null; in_country: boolean; flipped_in: boolean | null }>`
    with covering as materialized (
      select t.level, t.area_id, t.code, x.ord from area_tile t
      cross join lateral (select f.ord from pg_temp.import_geom f where f.g @ t.geom and ST_Covers(t.geom, f.g)) x
    ),
    by_tile as (select distinct on (ord) ord, area_id from covering where level = 'district' order by ord, code),
    in_country_tile as (select distinct ord from covering where level = 'country'),
    terr as materialized (select ST_Union(geom) as g from area where level = 'country'),
    -- No tile covers the feature: mainDistrict's outline steps, feature by feature.
    d as materialized (
      select f.ord, f.g, c.ord is not null as in_tile,
        coalesce(b.area_id, (select ${mainDistrict} from (select f.g as geom offset 0) g)) as district_id
      from pg_temp.import_geom f left join by_tile b on b.ord = f.ord left join in_country_tile c on c.ord = f.ord
    ),
    kept as (update pg_temp.import_geom s set district_id = d.district_id from d where s.ord = d.ord)
    select ord - ${opts.from}::int as ord, district_id,
      not exists (select 1 from area where level = 'country') or in_tile or (select ST_Covers(t.g, d.g) from terr t) as in_country,
      case when district_id is null then ${flippedIn(sql`d.g`)} end as flipped_in
    from d`.execute(ex);
  const byOrd = new Map(judged.rows.map((j) => [j.ord, j]));
  return parsed.rows.map((p) => {
    const j = byOrd.get(p.ord);
    return {
      ...p,
      district_id: j?.district_id ?? null,
      in_district: j ? j.district_id !== null : null,
      in_country: j ? j.in_country : null,
      flipped_in: j ? j.flipped_in : null,
    };
  });
}
