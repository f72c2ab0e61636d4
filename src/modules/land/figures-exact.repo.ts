/**
 * The land figures of a cell where decision 0013's release rule matters: a
 * hazardous area recorded over land released before it was recorded, and
 * not linked to that release. There the layered scheme of computeCell
 * (figures.repo.ts), which assumes that released land stays released, would
 * count that land as released; by the rule it is hazardous again (the
 * hazard's evidence is newer than the work) until work done after it, or
 * work linked to it, releases it.
 *
 * Such cells are rare, so each month is computed from scratch, hazard by
 * hazard, as repo.refreshHazardStatus does for one hazard: what is
 * hazardous at the end of month k is the union over the hazards recorded by
 * then of each one minus the releases that apply to it (linked to it, or
 * completed on or after the day it was recorded) completed by then. Land is
 * counted once: released land that is hazardous again counts as hazardous,
 * and each release category counts its land minus what is hazardous, so
 * that hazardous + cancelled + reduced + cleared is the land any record
 * touches, as in computeCell.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import { CELL_DEG, type CellRow } from './figures.ts';
import { clipped, minus, poly, unionAgg } from './overlay-sql.ts';

const S = sql.lit(CELL_DEG);
const envelope = (cx: number, cy: number) => sql`ST_MakeEnvelope(${cx}::int * ${S}, ${cy}::int * ${S}, (${cx}::int + 1) * ${S}, (${cy}::int + 1) * ${S}, 4326)`;

/** Whether the cell holds a hazard recorded after an unlinked release that overlaps it. */
export async function needsExact(ex: Executor, cx: number, cy: number): Promise<boolean> {
  const env = envelope(cx, cy);
  const r = await sql<{ late: boolean }>`
    select exists (
      select 1 from hazard_area h join land_release r on r.geom && h.geom
      where h.geom && ${env} and r.geom && ${env} and r.completed_on < h.recorded_on
        and r.hazard_area_id is distinct from h.id and ST_Intersects(r.geom, h.geom)
    ) as late`.execute(ex);
  return r.rows[0].late;
}

/** Figures of every district piece of the cell at the end of each of `months`, by the rule above. */
export async function computeCellExact(ex: Executor, cx: number, cy: number, months: string[]): Promise<CellRow[]> {
  if (months.length === 0) return [];
  const env = envelope(cx, cy);
  const r = await sql<{ district_id: string; month: string; hz: number; ca: number; re: number; cl: number }>`
    with piece as materialized (
      select a.id as district_id, ${poly(sql`ST_Intersection(a.geom, ${env}, 1e-9)`)} as g
      from area a where a.level = 'district' and a.geom && ${env} and ST_Intersects(a.geom, ${env})
    ),
    -- Each month with the first day after it: a record counts from the month it is dated in.
    m as (select month, (month + interval '1 month')::date as after from unnest(${months}::date[]) t(month)),
    w as (select p.district_id, m.month, m.after from piece p cross join m where not ST_IsEmpty(p.g)),
    h as materialized (
      select p.district_id, x.id, x.recorded_on as d, ${clipped(sql`x.geom`, sql`p.g`)} as g
      from piece p join hazard_area x on x.geom && p.g
    ),
    r as materialized (
      select p.district_id, x.hazard_area_id, x.completed_on as d, x.method, ${clipped(sql`x.geom`, sql`p.g`)} as g
      from piece p join land_release x on x.geom && p.g
    ),
    -- What is left of each hazard at the end of each month.
    left_of as (
      select w.district_id, w.month, h.g as hg,
        (select ${unionAgg(sql`r.g`)} from r where r.district_id = h.district_id and r.d < w.after and r.g && h.g and (r.hazard_area_id = h.id or r.d >= h.d)) as rg
      from w join h on h.district_id = w.district_id and h.d < w.after and not ST_IsEmpty(h.g)
    ),
    hz as (
      select district_id, month, ${unionAgg(sql`case when ST_IsEmpty(rg) then hg else ${minus(sql`hg`, sql`rg`)} end`)} as g
      from left_of group by district_id, month
    ),
    lay as (
      select w.district_id, w.month,
        ${unionAgg(sql`r.g`, sql`r.method = 'clearance'`)} as c,
        ${unionAgg(sql`r.g`, sql`r.method in ('clearance', 'technical_survey')`)} as tc,
        ${unionAgg(sql`r.g`)} as rr
      from w left join r on r.district_id = w.district_id and r.d < w.after and not ST_IsEmpty(r.g)
      group by w.district_id, w.month
    ),
    x as (
      select lay.district_id, lay.month, coalesce(hz.g, ST_GeomFromText('MULTIPOLYGON EMPTY', 4326)) as hz, lay.c, lay.tc, lay.rr
      from lay left join hz using (district_id, month)
    ),
    a as (
      select district_id, month, ST_Area(hz::geography) / 1e6 as ahz,
        ST_Area((case when ST_IsEmpty(hz) then c else ${minus(sql`c`, sql`hz`)} end)::geography) / 1e6 as ac,
        ST_Area((case when ST_IsEmpty(hz) then tc else ${minus(sql`tc`, sql`hz`)} end)::geography) / 1e6 as atc,
        ST_Area((case when ST_IsEmpty(hz) then rr else ${minus(sql`rr`, sql`hz`)} end)::geography) / 1e6 as ar
      from x
    )
    select district_id, month::text as month, greatest(ahz, 0) as hz, greatest(ar - atc, 0) as ca, greatest(atc - ac, 0) as re, greatest(ac, 0) as cl
    from a`.execute(ex);
  return r.rows.map((x) => ({ districtId: x.district_id, month: x.month, hazardousKm2: x.hz, cancelledKm2: x.ca, reducedKm2: x.re, clearedKm2: x.cl }));
}
