/**
 * SQL for the cached land figures (see figures.ts for the cell scheme).
 *
 * Every overlay (union, difference, intersection) passes a grid size of
 * 1e-9° (0.1 mm): fixed-precision overlay is robust where floating overlay
 * can fail, and the embedded PostGIS (PGlite) was seen to return *no rows*
 * instead of an error when a floating ST_Difference failed. computeCell also
 * checks it got a row for every piece and month, so a failure is loud.
 *
 * Every overlay input is polygonal and valid. Snap-rounding at that grid
 * can leave a collapsed edge as a LINESTRING beside the polygons (a sliver
 * whose vertex lies within a grid step of another polygon's edge), and
 * GEOS then refuses the next overlay ("Overlay input is mixed-dimension",
 * seen on PostgreSQL 15 + PostGIS 3.3 / GEOS 3.11 at 20,000 polygons). So
 * each overlay's result is cut back to its polygons, clipped pieces are
 * made valid first (overlay-sql.ts), and empty pieces (features that only
 * touch a piece along a line or at a point) are dropped. The shapes are in
 * figures-overlay.test.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import { lockOf, xactLock } from '../../db/locks.ts';
import { clipped, leaf, poly, union2, unionAgg } from './overlay-sql.ts';
import { CELL_DEG, FROM_THE_START, type CellRow, type CellRowWithDelta, type Figures } from './figures.ts';

// One refresher at a time (lockOf.landFiguresRefresh); readers of a fresh cache never wait.
const S = sql.lit(CELL_DEG);

/** Mark the grid cells under the given features dirty from each feature's month on. */
export async function markDirty(ex: Executor, table: 'hazard_area' | 'land_release', ids: string[]) {
  if (ids.length === 0) return;
  const dateCol = table === 'hazard_area' ? sql`recorded_on` : sql`completed_on`;
  await sql`
    insert into land_dirty_cell (cx, cy, from_month)
    select distinct x, y, date_trunc('month', t.${dateCol})::date
    from ${sql.table(table)} t
    cross join lateral generate_series(floor(ST_XMin(t.geom) / ${S})::int, floor(ST_XMax(t.geom) / ${S})::int) x
    cross join lateral generate_series(floor(ST_YMin(t.geom) / ${S})::int, floor(ST_YMax(t.geom) / ${S})::int) y
    where t.id = any(${ids}::uuid[])`.execute(ex);
}

/** Areas changed: every cached figure may be wrong. Drop them all and mark every feature's cells. */
export async function invalidateAll(ex: Tx) {
  await sql`delete from land_cell`.execute(ex);
  for (const table of ['hazard_area', 'land_release'] as const) {
    await sql`
      insert into land_dirty_cell (cx, cy, from_month)
      select distinct x, y, ${FROM_THE_START}::date from ${sql.table(table)} t
      cross join lateral generate_series(floor(ST_XMin(t.geom) / ${S})::int, floor(ST_XMax(t.geom) / ${S})::int) x
      cross join lateral generate_series(floor(ST_YMin(t.geom) / ${S})::int, floor(ST_YMax(t.geom) / ${S})::int) y`.execute(ex);
  }
}

export async function lockRefresh(trx: Tx) {
  await xactLock(trx, lockOf.landFiguresRefresh());
}

export async function hasDirty(ex: Executor) {
  const r = await sql<{ one: number }>`select 1 as one from land_dirty_cell limit 1`.execute(ex);
  return r.rows.length > 0;
}

/** Take the dirty list (inside the refresh transaction): one entry per cell, earliest month. */
export async function takeDirty(ex: Executor) {
  const r = await sql<{ cx: number; cy: number; from_month: string }>`
    with d as (delete from land_dirty_cell returning cx, cy, from_month)
    select cx, cy, min(from_month)::text as from_month from d group by cx, cy order by cx, cy`.execute(ex);
  return r.rows;
}

const envelope = (cx: number, cy: number) => sql`ST_MakeEnvelope(${cx}::int * ${S}, ${cy}::int * ${S}, (${cx}::int + 1) * ${S}, (${cy}::int + 1) * ${S}, 4326)`;

/** Months, from `from` on, in which a hazard was recorded or a release completed in the cell. */
export async function eventMonths(ex: Executor, cx: number, cy: number, from: string) {
  const env = envelope(cx, cy);
  const r = await sql<{ month: string }>`
    select distinct date_trunc('month', d)::date::text as month from (
      select recorded_on as d from hazard_area where geom && ${env} and recorded_on >= ${from}::date
      union all
      select completed_on from land_release where geom && ${env} and completed_on >= ${from}::date
    ) x order by 1`.execute(ex);
  return r.rows.map((x) => x.month);
}

/**
 * Figures of every district piece in one cell, as of the end of each month:
 * union first, then the geodesic area, so overlaps count once.
 *
 * Four unions accumulate month by month (a recursive CTE: each month adds
 * what was recorded in it): cleared C, reduced-or-better TC = T ∪ C, all
 * releases R = N ∪ T ∪ C, and everything HR = H ∪ R. The figures are then
 * differences of areas — area(A ∖ B) = area(A ∪ B) − area(B) — so no
 * overlay beyond the four unions is needed: hazardous = |HR| − |R|,
 * cancelled = |R| − |TC|, reduced = |TC| − |C|, cleared = |C|. A union (and
 * its area) is only recomputed in a month that adds to it.
 */
export async function computeCell(ex: Executor, cx: number, cy: number, months: string[]): Promise<CellRow[]> {
  if (months.length === 0) return [];
  const env = envelope(cx, cy);
  // Month k takes the features dated in (end of month k-1, end of month k]; month 1 also takes everything before.
  const inMonth = (d: RawBuilder<unknown>) => sql`${d} < w.month + interval '1 month' and (w.k = 1 or ${d} >= w.prev + interval '1 month')`;
  const grow = (acc: string) => sql`case when ST_IsEmpty(x.${sql.ref(acc)}) then a.${sql.ref(acc)} else ${union2(sql`a.${sql.ref(acc)}`, sql`x.${sql.ref(acc)}`)} end`;
  const area = (g: RawBuilder<unknown>) => sql`ST_Area(${g}::geography) / 1e6`;
  const areaOf = (acc: string) => sql`case when ST_IsEmpty(x.${sql.ref(acc)}) then a.${sql.ref(`a${acc}`)} else ${area(sql`g.${sql.ref(acc)}`)} end`;
  const r = await sql<{ district_id: string; month: string; hz: number; ca: number; re: number; cl: number }>`
    with recursive piece as materialized (
      select a.id as district_id, ${poly(sql`ST_Intersection(a.geom, ${env}, 1e-9)`)} as g
      from area a where a.level = 'district' and a.geom && ${env} and ST_Intersects(a.geom, ${env})
    ),
    hx as materialized (
      select * from (select p.district_id, x.recorded_on as d, ${clipped(sql`x.geom`, sql`p.g`)} as g from piece p join hazard_area x on x.geom && p.g) q
      where not ST_IsEmpty(g)
    ),
    rx as materialized (
      select * from (select p.district_id, x.completed_on as d, x.method, ${clipped(sql`x.geom`, sql`p.g`)} as g from piece p join land_release x on x.geom && p.g) q
      where not ST_IsEmpty(g)
    ),
    m as (select month, k::int, lag(month) over (order by k) as prev from unnest(${months}::date[]) with ordinality t(month, k)),
    w as (select p.district_id, m.* from piece p cross join m where not ST_IsEmpty(p.g)),
    nh as (
      select w.district_id, w.k, ${unionAgg(sql`hx.g`)} as h
      from w left join hx on hx.district_id = w.district_id and ${inMonth(sql`hx.d`)} group by w.district_id, w.k
    ),
    nr as (
      select w.district_id, w.k,
        ${unionAgg(sql`rx.g`, sql`rx.method = 'clearance'`)} as c,
        ${unionAgg(sql`rx.g`, sql`rx.method in ('technical_survey', 'clearance')`)} as tc,
        ${unionAgg(sql`rx.g`)} as r
      from w left join rx on rx.district_id = w.district_id and ${inMonth(sql`rx.d`)} group by w.district_id, w.k
    ),
    new as materialized (
      select nh.district_id, nh.k, nr.c, nr.tc, nr.r, case when ST_IsEmpty(nh.h) then nr.r else ${union2(sql`nh.h`, sql`nr.r`)} end as hr
      from nh join nr using (district_id, k)
    ),
    acc (district_id, k, c, tc, r, hr, ac, atc, ar, ahr) as (
      select district_id, k, c, tc, r, hr, ${area(sql`c`)}, ${area(sql`tc`)}, ${area(sql`r`)}, ${area(sql`hr`)} from new where k = 1
      union all
      select a.district_id, a.k + 1, g.c, g.tc, g.r, g.hr, ${areaOf('c')}, ${areaOf('tc')}, ${areaOf('r')}, ${areaOf('hr')}
      from acc a join new x on x.district_id = a.district_id and x.k = a.k + 1
      cross join lateral (select ${grow('c')} as c, ${grow('tc')} as tc, ${grow('r')} as r, ${grow('hr')} as hr) g
    )
    select a.district_id, m.month::text as month,
      greatest(a.ahr - a.ar, 0) as hz, greatest(a.ar - a.atc, 0) as ca, greatest(a.atc - a.ac, 0) as re, a.ac as cl
    from acc a join m on m.k = a.k`.execute(ex);
  const pieces = await sql<{ n: number }>`
    select count(*)::int as n from area a where a.level = 'district' and a.geom && ${env} and ST_Intersects(a.geom, ${env})
      and not ST_IsEmpty(ST_CollectionExtract(ST_Intersection(a.geom, ${env}, 1e-9), 3))`.execute(ex);
  if (r.rows.length !== pieces.rows[0].n * months.length) {
    throw new Error(`land figures: PostGIS returned ${r.rows.length} of ${pieces.rows[0].n * months.length} rows for cell ${cx},${cy}`);
  }
  return r.rows.map((x) => ({ districtId: x.district_id, month: x.month, hazardousKm2: x.hz, cancelledKm2: x.ca, reducedKm2: x.re, clearedKm2: x.cl }));
}

/** The last cached row of each piece of the cell before `from`. */
export async function rowsBefore(ex: Executor, cx: number, cy: number, from: string): Promise<Map<string, Figures>> {
  const r = await sql<{ district_id: string; hz: number; ca: number; re: number; cl: number }>`
    select distinct on (district_id) district_id, hazardous_km2 as hz, cancelled_km2 as ca, reduced_km2 as re, cleared_km2 as cl
    from land_cell where cx = ${cx} and cy = ${cy} and month < ${from}::date order by district_id, month desc`.execute(ex);
  return new Map(r.rows.map((x) => [x.district_id, { hazardousKm2: x.hz, cancelledKm2: x.ca, reducedKm2: x.re, clearedKm2: x.cl }]));
}

export async function replaceCellRows(ex: Executor, cx: number, cy: number, from: string, rows: CellRowWithDelta[]) {
  await sql`delete from land_cell where cx = ${cx} and cy = ${cy} and month >= ${from}::date`.execute(ex);
  if (rows.length) {
    const data = rows.map((r) => [r.districtId, r.month, r.hazardousKm2, r.cancelledKm2, r.reducedKm2, r.clearedKm2, r.d.hazardousKm2, r.d.cancelledKm2, r.d.reducedKm2, r.d.clearedKm2]);
    await sql`
      insert into land_cell (district_id, cx, cy, month, hazardous_km2, cancelled_km2, reduced_km2, cleared_km2, d_hazardous, d_cancelled, d_reduced, d_cleared)
      select (e->>0)::uuid, ${cx}, ${cy}, (e->>1)::date, (e->>2)::float8, (e->>3)::float8, (e->>4)::float8, (e->>5)::float8, (e->>6)::float8, (e->>7)::float8, (e->>8)::float8, (e->>9)::float8
      from jsonb_array_elements(${JSON.stringify(data)}::jsonb) e`.execute(ex);
  }
  await sql`
    update land_cell c set latest = (c.month = m.last)
    from (select district_id, max(month) as last from land_cell where cx = ${cx} and cy = ${cy} group by district_id) m
    where c.cx = ${cx} and c.cy = ${cy} and c.district_id = m.district_id and c.latest <> (c.month = m.last)`.execute(ex);
}

export interface DistrictFigures extends Figures {
  districtId: string;
}

/** Current figures per district: a sum over the latest row of each piece. */
export async function currentByDistrict(ex: Executor): Promise<DistrictFigures[]> {
  const r = await sql<{ district_id: string; hz: number; ca: number; re: number; cl: number }>`
    select district_id, sum(hazardous_km2) as hz, sum(cancelled_km2) as ca, sum(reduced_km2) as re, sum(cleared_km2) as cl
    from land_cell where latest group by district_id`.execute(ex);
  return r.rows.map((x) => ({ districtId: x.district_id, hazardousKm2: x.hz, cancelledKm2: x.ca, reducedKm2: x.re, clearedKm2: x.cl }));
}

/** Changes per month (programme, or one district); the series is their running sum. */
export async function deltasByMonth(ex: Executor, districtId: string | null) {
  const r = await sql<{ month: string; hz: number; ca: number; re: number; cl: number }>`
    select month::text as month, sum(d_hazardous) as hz, sum(d_cancelled) as ca, sum(d_reduced) as re, sum(d_cleared) as cl
    from land_cell where (${districtId}::uuid is null or district_id = ${districtId}::uuid)
    group by month order by month`.execute(ex);
  return r.rows;
}

/**
 * Under reconstruction and rebuilt, per district, from project sites (the
 * land_project_site view the projects module defines). Not cached: sites
 * are few and the projects module does not tell us when they change.
 */
export async function projectFiguresByDistrict(ex: Executor) {
  const r = await sql<{ district_id: string; status: string; km2: number }>`
    select a.id as district_id, s.status, ST_Area(${poly(sql`ST_Union(${leaf(sql`s.geom`, sql`a.geom`)}, 1e-9)`)}::geography) / 1e6 as km2
    from land_project_site s join area a on a.level = 'district' and s.geom && a.geom and ST_Intersects(s.geom, a.geom)
    where s.status in ('implementation', 'completion') and s.geom is not null
    group by a.id, s.status`.execute(ex);
  return r.rows;
}
