/**
 * Land figures: km² hazardous, released (cancelled / reduced / cleared),
 * under reconstruction and rebuilt, for the programme, each district and
 * each month. Public. Served from the per-cell cache, after recomputing the
 * cells that changed since the last read.
 */
import type { Kysely } from 'kysely';
import { type DB, dbNow } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { validationError } from '../../lib/errors.ts';
import * as programmeRepo from '../programme/repo.ts';
import { BOUNDARY_ATTRIBUTION } from './attribution.ts';
import * as fr from './figures.repo.ts';
import { FROM_THE_START, monthRange, roundKm2, withDeltas } from './figures.ts';
import * as repo from './repo.ts';

/**
 * Recompute dirty cells. Returns how many cells were recomputed. A read that
 * finds another refresh running does not queue for its exclusive lock: it
 * waits (shared) until that one commits and looks again, so cells marked by a
 * write that committed after the other refresh took its list are still
 * recomputed before the read answers (a write is visible on its author's next read).
 */
export async function refreshFigures(db: Kysely<DB>): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!(await fr.hasDirty(db))) return 0;
    const done = await db.transaction().execute(async (trx) => {
      if (!(await fr.tryLockRefresh(trx))) {
        await fr.waitForRefresh(trx);
        return null;
      }
      const dirty = await fr.takeDirty(trx);
      for (const c of dirty) {
        const full = c.from_month === FROM_THE_START;
        const months = await fr.eventMonths(trx, c.cx, c.cy, c.from_month);
        // The month of the change gets a row even if its feature is gone, so the change shows.
        if (!full && !months.includes(c.from_month)) months.unshift(c.from_month);
        const before = full ? new Map() : await fr.rowsBefore(trx, c.cx, c.cy, c.from_month);
        const rows = await fr.computeCell(trx, c.cx, c.cy, c.from_month, months, before);
        await fr.replaceCellRows(trx, c.cx, c.cy, c.from_month, withDeltas(rows, before));
      }
      return dirty.length;
    });
    if (done !== null) return done;
  }
  return 0;
}

export interface LandFigures {
  hazardousKm2: number;
  releasedKm2: number;
  cancelledKm2: number;
  reducedKm2: number;
  clearedKm2: number;
  underReconstructionKm2: number;
  rebuiltKm2: number;
}

const zero = (): LandFigures => ({ hazardousKm2: 0, releasedKm2: 0, cancelledKm2: 0, reducedKm2: 0, clearedKm2: 0, underReconstructionKm2: 0, rebuiltKm2: 0 });
const rounded = (f: LandFigures): LandFigures => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, roundKm2(v)])) as unknown as LandFigures;

/** The programme's land figures and each district's. Errors: none. */
export async function summary(ctx: Pick<Ctx, 'db'>) {
  await refreshFigures(ctx.db);
  const [cells, projects, districts, programme] = await Promise.all([
    fr.currentByDistrict(ctx.db),
    fr.projectFiguresByDistrict(ctx.db),
    repo.listAreas(ctx.db, 'district'),
    programmeRepo.current(ctx.db),
  ]);
  const by = new Map<string, LandFigures>();
  const of = (id: string) => by.get(id) ?? (by.set(id, zero()), by.get(id)!);
  for (const c of cells) {
    const f = of(c.districtId);
    f.hazardousKm2 = c.hazardousKm2;
    f.cancelledKm2 = c.cancelledKm2;
    f.reducedKm2 = c.reducedKm2;
    f.clearedKm2 = c.clearedKm2;
    f.releasedKm2 = c.cancelledKm2 + c.reducedKm2 + c.clearedKm2;
  }
  for (const p of projects) {
    if (p.status === 'implementation') of(p.district_id).underReconstructionKm2 = p.km2;
    else of(p.district_id).rebuiltKm2 = p.km2;
  }
  const total = zero();
  for (const f of by.values()) for (const k of Object.keys(total) as (keyof LandFigures)[]) total[k] += f[k];
  const rows = districts
    .filter((d) => by.has(d.id))
    .map((d) => ({ id: d.id, code: d.code, name: d.name as Record<string, string>, areaKm2: roundKm2(d.area_km2), ...rounded(by.get(d.id)!) }));
  return {
    targetKm2: programme ? Number(programme.target_km2) : null,
    asOf: (await dbNow(ctx.db)).toISOString(),
    programme: rounded(total),
    districts: rows,
    attribution: BOUNDARY_ATTRIBUTION,
  };
}

/**
 * Month by month, figures as of each month's end. Under reconstruction and
 * rebuilt are not in the series: project sites carry no dates in the land view.
 * Errors: validation_failed (unknown district, from after to).
 */
export async function series(ctx: Pick<Ctx, 'db'>, q: { district?: string; from?: string; to?: string }) {
  let districtId: string | null = null;
  if (q.district) {
    const a = await repo.areaByCode(ctx.db, q.district);
    if (!a || a.level !== 'district') throw validationError([{ field: '/querystring/district', message: `no district has the code ${q.district}` }]);
    districtId = a.id;
  }
  if (q.from && q.to && q.from > q.to) throw validationError([{ field: '/querystring/from', message: 'is after to' }]);
  await refreshFigures(ctx.db);
  const deltas = await fr.deltasByMonth(ctx.db, districtId);
  const now = (await dbNow(ctx.db)).toISOString().slice(0, 7);
  const first = q.from ?? deltas[0]?.month.slice(0, 7) ?? now;
  const months = monthRange(`${first}-01`, `${q.to ?? now}-01`);
  const acc = { hz: 0, ca: 0, re: 0, cl: 0 };
  let i = 0;
  const add = (d: (typeof deltas)[number]) => {
    acc.hz += d.hz;
    acc.ca += d.ca;
    acc.re += d.re;
    acc.cl += d.cl;
  };
  for (; i < deltas.length && months.length && deltas[i].month < months[0]; i++) add(deltas[i]);
  return {
    district: q.district ?? null,
    months: months.map((m) => {
      const releasedBefore = acc.ca + acc.re + acc.cl;
      for (; i < deltas.length && deltas[i].month <= m; i++) add(deltas[i]);
      const released = acc.ca + acc.re + acc.cl;
      return {
        month: m.slice(0, 7),
        hazardousKm2: roundKm2(acc.hz),
        releasedKm2: roundKm2(released),
        cancelledKm2: roundKm2(acc.ca),
        reducedKm2: roundKm2(acc.re),
        clearedKm2: roundKm2(acc.cl),
        releasedInMonthKm2: roundKm2(released - releasedBefore),
      };
    }),
  };
}
