import type { FieldError } from '../../lib/errors.ts';
import { CURRENCIES, OUTPUT_METRICS, PROJECT_TYPES, type ProjectStatus, SECTORS } from './codelists.ts';
import type { GeometryT, ProjectInputT } from './schema.ts';

/**
 * Rules a project must satisfy beyond its JSON shape. Pure: the API, the
 * importer and the demo data all call it, and each error names its field
 * (`prefix` is `/body` for the API, the column name's row for imports).
 */
export const MAX_AMOUNT = 1e13; // ten trillion: more than any programme's total; anything above is a typo
const MAX_OUTPUT = 1e9;
const MAX_POSITIONS = 100_000;

export function checkProject(input: Partial<ProjectInputT>, prefix = '/body'): FieldError[] {
  const errs: FieldError[] = [];
  const err = (field: string, message: string) => errs.push({ field: `${prefix}/${field}`, message });
  input.sector?.forEach((s, i) => {
    if (!SECTORS.has(s)) err(`sector/${i}`, `"${s}" is not in the OC4IDS projectSector codelist; allowed: ${[...SECTORS].join(', ')}`);
  });
  if (input.sector && new Set(input.sector).size !== input.sector.length) err('sector', 'lists a sector twice');
  if (input.type !== undefined && !PROJECT_TYPES.has(input.type))
    err('type', `"${input.type}" is not in the OC4IDS projectType codelist; allowed: ${[...PROJECT_TYPES].join(', ')}`);
  if (input.budget) checkMoney(input.budget, 'budget', err, true);
  checkFunding(input, err);
  checkPeriod(input.plannedPeriod, 'plannedPeriod', err);
  checkPeriod(input.actualPeriod, 'actualPeriod', err);
  if (input.location) checkGeometry(input.location, 'location', err);
  if (input.site) {
    if (input.site.type !== 'Polygon' && input.site.type !== 'MultiPolygon') err('site/type', 'a site is a Polygon or MultiPolygon');
    else checkGeometry(input.site, 'site', err);
  }
  checkOutputs(input, err);
  return errs;
}

type Err = (field: string, message: string) => void;

function checkMoney(m: { amount: number; currency: string }, field: string, err: Err, zeroOk: boolean) {
  if (!CURRENCIES.has(m.currency)) err(`${field}/currency`, `"${m.currency}" is not an ISO 4217 currency code`);
  if (!Number.isFinite(m.amount) || m.amount < 0 || (!zeroOk && m.amount === 0)) err(`${field}/amount`, zeroOk ? 'must be zero or more' : 'must be more than zero');
  else if (m.amount > MAX_AMOUNT) err(`${field}/amount`, `more than ${MAX_AMOUNT.toExponential()} is not a plausible amount`);
  else if (Math.round(m.amount * 100) / 100 !== m.amount) err(`${field}/amount`, 'at most two decimals');
}

function checkFunding(input: Partial<ProjectInputT>, err: Err) {
  const funding = input.funding ?? [];
  funding.forEach((f, i) => {
    checkMoney(f, `funding/${i}`, err, false);
    if (f.sourceType === 'partner_country' && !f.country) err(`funding/${i}/country`, 'a partner-country source names its country');
  });
  if (input.budget && funding.length && funding.every((f) => f.currency === input.budget!.currency)) {
    const sum = funding.reduce((a, f) => a + f.amount, 0);
    if (sum > input.budget.amount + 0.005) err('funding', `sources add up to ${sum}, more than the budget of ${input.budget.amount}`);
  }
}

function checkPeriod(p: { startDate?: string; endDate?: string } | undefined, field: string, err: Err) {
  if (!p) return;
  for (const k of ['startDate', 'endDate'] as const) {
    const v = p[k];
    if (v === undefined) continue;
    const y = Number(v.slice(0, 4));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)) || new Date(v).toISOString().slice(0, 10) !== v) err(`${field}/${k}`, 'not a calendar date (YYYY-MM-DD)');
    else if (y < 1950 || y > 2100) err(`${field}/${k}`, 'year outside 1950–2100');
  }
  if (p.startDate && p.endDate && p.endDate < p.startDate) err(`${field}/endDate`, 'ends before it starts');
}

function checkOutputs(input: Partial<ProjectInputT>, err: Err) {
  const seen = new Set<string>();
  input.outputs?.forEach((o, i) => {
    if (seen.has(o.metric)) err(`outputs/${i}/metric`, `${o.metric} is listed twice`);
    seen.add(o.metric);
    const unit = OUTPUT_METRICS[o.metric];
    if (unit && o.unit !== unit) err(`outputs/${i}/unit`, `${o.metric} is measured in ${unit}`);
    for (const k of ['planned', 'achieved'] as const) {
      const v = o[k];
      if (v === undefined) continue;
      if (!Number.isFinite(v) || v < 0) err(`outputs/${i}/${k}`, 'must be zero or more');
      else if (v > MAX_OUTPUT) err(`outputs/${i}/${k}`, 'not a plausible quantity');
    }
  });
}

/** GeoJSON structure and WGS 84 ranges; PostGIS judges validity (self-intersection) on insert. */
export function checkGeometry(g: GeometryT, field: string, err: Err) {
  let positions = 0;
  const pos = (p: unknown, path: string): boolean => {
    positions++;
    if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      err(path, 'a position is [longitude, latitude]');
      return false;
    }
    if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
      err(path, 'longitude must be within ±180 and latitude within ±90');
      return false;
    }
    return true;
  };
  const list = (a: unknown, path: string, min: number, each: (x: unknown, p: string) => boolean): boolean => {
    if (!Array.isArray(a) || a.length < min) {
      err(path, `needs at least ${min} entries`);
      return false;
    }
    for (let i = 0; i < a.length; i++) if (!each(a[i], `${path}/${i}`) || positions > MAX_POSITIONS) return false;
    return true;
  };
  const line = (a: unknown, p: string) => list(a, p, 2, pos);
  const ring = (a: unknown, p: string) => {
    if (!list(a, p, 4, pos)) return false;
    const r = a as number[][];
    if (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1]) {
      err(p, 'a polygon ring ends where it starts');
      return false;
    }
    return true;
  };
  const polygon = (a: unknown, p: string) => list(a, p, 1, ring);
  const c = g.coordinates as unknown;
  const base = `${field}/coordinates`;
  const ok =
    g.type === 'Point'
      ? pos(c, base)
      : g.type === 'MultiPoint'
        ? list(c, base, 1, pos)
        : g.type === 'LineString'
          ? line(c, base)
          : g.type === 'MultiLineString'
            ? list(c, base, 1, line)
            : g.type === 'Polygon'
              ? polygon(c, base)
              : list(c, base, 1, polygon);
  if (ok && positions > MAX_POSITIONS) err(base, `more than ${MAX_POSITIONS} positions`);
}

/** The project life cycle (OC4IDS projectStatus); cancelling is possible until completion. */
const NEXT: Record<ProjectStatus, ProjectStatus[]> = {
  identification: ['preparation', 'cancelled'],
  preparation: ['implementation', 'cancelled'],
  implementation: ['completion', 'cancelled'],
  completion: [],
  cancelled: [],
};

export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
  return NEXT[from].includes(to);
}

export function nextStatuses(from: ProjectStatus): ProjectStatus[] {
  return NEXT[from];
}

/** The day the "date" sort uses: actual start, else planned start, else `fallback`. */
export function sortDate(input: Pick<ProjectInputT, 'plannedPeriod' | 'actualPeriod'>, fallback: string): string {
  return input.actualPeriod?.startDate ?? input.plannedPeriod?.startDate ?? fallback;
}
