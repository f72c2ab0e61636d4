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
import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import { lockOf, tryXactLock, xactLockShared } from '../../db/locks.ts';
import { CELL_DEG, type CellRow, type CellRowWithDelta, type Figures, FROM_THE_START } from './figures.ts';
import { clipped, leaf, minus, poly, unionAgg } from './overlay-sql.ts';

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

/** The refresher's lock, if no other refresh holds it; never waits (reads must not queue on an exclusive lock). */
export async function tryLockRefresh(trx: Tx): Promise<boolean> {
  return tryXactLock(trx, lockOf.landFiguresRefresh());
}

/** Wait, sharing, until a refresh in progress has committed. */
export async function waitForRefresh(trx: Tx) {
  await xactLockShared(trx, lockOf.landFiguresRefresh());
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
 * Figures of every district piece in one cell, as of the end of each month
 * from `from` on, continuing from `before` (each piece's last cached row
 * before `from`; empty for a full build). Union first, then the geodesic
 * area, so overlaps count once.
 *
 * Four layers: cleared C, reduced-or-better TC = T ∪ C, all releases
 * R = N ∪ T ∪ C, and everything HR = H ∪ R. Each figure is a difference of
 * their areas — area(A ∖ B) = area(A ∪ B) − area(B) — so hazardous =
 * |HR| − |R|, cancelled = |R| − |TC|, reduced = |TC| − |C|, cleared = |C|.
 * A layer's area grows month by month by what that month's features add:
 * |union of the month's features ∖ the earlier features they touch|. No
 * overlay ever takes the whole accumulated layer, so the cost follows the
 * features and their neighbours, not months × the size of the union; and a
 * refresh from this month on reads the layer areas back from the cached
 * row before it (`before`), so one new release costs one small overlay.
 */
export async function computeCell(ex: Executor, cx: number, cy: number, from: string, months: string[], before: Map<string, Figures>): Promise<CellRow[]> {
  if (months.length === 0) return [];
  const env = envelope(cx, cy);
  // The layer areas of each piece before `from`, read back from its figures.
  const base = [...before].map(([id, f]) => [
    id,
    f.clearedKm2,
    f.reducedKm2 + f.clearedKm2,
    f.cancelledKm2 + f.reducedKm2 + f.clearedKm2,
    f.hazardousKm2 + f.cancelledKm2 + f.reducedKm2 + f.clearedKm2,
  ]);
  const r = await sql<{ district_id: string; month: string; hz: number; ca: number; re: number; cl: number }>`
    with piece as materialized (
      select a.id as district_id, ${poly(sql`ST_Intersection(a.geom, ${env}, 1e-9)`)} as g
      from area a where a.level = 'district' and a.geom && ${env} and ST_Intersects(a.geom, ${env})
    ),
    m as (select month, k::int from unnest(${months}::date[]) with ordinality t(month, k)),
    w as (select p.district_id, m.k, m.month from piece p cross join m where not ST_IsEmpty(p.g)),
    -- Features dated from \`from\` on; of the earlier ones only those near one of them are needed.
    fresh as materialized (
      select geom from hazard_area where geom && ${env} and recorded_on >= ${from}::date
      union all select geom from land_release where geom && ${env} and completed_on >= ${from}::date
    ),
    -- Every feature piece with its layers and its month: 0 before \`from\`, else the first month whose end it precedes.
    f as materialized (
      select q.district_id, q.fid, q.layers, q.g,
        case when q.d < ${from}::date then 0 else (select min(m.k) from m where q.d < m.month + interval '1 month') end as k
      from (
        select p.district_id, x.id as fid, x.recorded_on as d, array['hr'] as layers, ${clipped(sql`x.geom`, sql`p.g`)} as g
        from piece p join hazard_area x on x.geom && p.g
        where x.recorded_on >= ${from}::date or exists (select 1 from fresh n where n.geom && x.geom)
        union all
        select p.district_id, x.id, x.completed_on,
          case x.method when 'clearance' then array['c', 'tc', 'r', 'hr'] when 'technical_survey' then array['tc', 'r', 'hr'] else array['r', 'hr'] end,
          ${clipped(sql`x.geom`, sql`p.g`)}
        from piece p join land_release x on x.geom && p.g
        where x.completed_on >= ${from}::date or exists (select 1 from fresh n where n.geom && x.geom)
      ) q where not ST_IsEmpty(q.g)
    ),
    fl as materialized (select f.district_id, f.fid, f.k, f.g, l.layer from f cross join unnest(f.layers) l(layer) where f.k is not null),
    nu as (select layer, district_id, k, ${unionAgg(sql`g`)} as g from fl where k >= 1 group by layer, district_id, k),
    near as (
      select distinct n.layer, n.district_id, n.k, p.fid
      from fl n join fl p on p.layer = n.layer and p.district_id = n.district_id and p.k < n.k and p.g && n.g
      where n.k >= 1
    ),
    pr as (
      select nr.layer, nr.district_id, nr.k, ${unionAgg(sql`p.g`)} as g
      from near nr join fl p on p.layer = nr.layer and p.district_id = nr.district_id and p.fid = nr.fid
      group by nr.layer, nr.district_id, nr.k
    ),
    inc as (
      select nu.layer, nu.district_id, nu.k,
        ST_Area((case when pr.g is null then nu.g else ${minus(sql`nu.g`, sql`pr.g`)} end)::geography) / 1e6 as a
      from nu left join pr using (layer, district_id, k)
    ),
    b as (select (e->>0)::uuid as district_id, (e->>1)::float8 as c, (e->>2)::float8 as tc, (e->>3)::float8 as r, (e->>4)::float8 as hr
          from jsonb_array_elements(${JSON.stringify(base)}::jsonb) e),
    cum as (
      select w.district_id, w.k, w.month,
        sum(coalesce(i.a, 0)) filter (where l.layer = 'c') as c, sum(coalesce(i.a, 0)) filter (where l.layer = 'tc') as tc,
        sum(coalesce(i.a, 0)) filter (where l.layer = 'r') as r, sum(coalesce(i.a, 0)) filter (where l.layer = 'hr') as hr
      from w cross join unnest(array['c', 'tc', 'r', 'hr']) l(layer)
      left join inc i on i.layer = l.layer and i.district_id = w.district_id and i.k <= w.k
      group by w.district_id, w.k, w.month
    ),
    a as (
      select cum.district_id, cum.month, coalesce(b.c, 0) + cum.c as ac, coalesce(b.tc, 0) + cum.tc as atc,
        coalesce(b.r, 0) + cum.r as ar, coalesce(b.hr, 0) + cum.hr as ahr
      from cum left join b using (district_id)
    )
    select a.district_id, a.month::text as month,
      greatest(a.ahr - a.ar, 0) as hz, greatest(a.ar - a.atc, 0) as ca, greatest(a.atc - a.ac, 0) as re, greatest(a.ac, 0) as cl
    from a`.execute(ex);
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
    const data = rows.map((r) => [
      r.districtId,
      r.month,
      r.hazardousKm2,
      r.cancelledKm2,
      r.reducedKm2,
      r.clearedKm2,
      r.d.hazardousKm2,
      r.d.cancelledKm2,
      r.d.reducedKm2,
      r.d.clearedKm2,
    ]);
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
