/**
 * Pure rules of contract execution (no I/O): money arithmetic in cents, the
 * milestone and payment checks, photo period check, variation threshold.
 */
export const round2 = (n: number) => Math.round(n * 100) / 100;

export interface MoneyState {
  /** Contract value plus approved variations. */
  ceiling: number;
  retentionPct: number;
  milestoneGross: number;
  advanceGross: number;
  advanceRecovered: number;
}

/**
 * What the supplier is owed and withheld for a milestone payment of `gross`:
 * retention at the contract's rate, and the advance recovered in proportion to
 * the milestone's share of the ceiling (never more than is outstanding).
 */
export function milestonePayment(s: MoneyState, gross: number) {
  const retention = round2((gross * s.retentionPct) / 100);
  const outstanding = round2(s.advanceGross - s.advanceRecovered);
  const recovery = Math.min(outstanding, round2((gross * s.advanceGross) / s.ceiling));
  return { gross: round2(gross), retention, recovery: Math.max(0, recovery), net: round2(gross - retention - Math.max(0, recovery)) };
}

/**
 * The ceiling rule: what the work has earned plus the advance not yet
 * recovered may never exceed the contract value plus approved variations.
 * Returns the room left before this payment.
 */
export function roomUnderCeiling(s: MoneyState): number {
  return round2(s.ceiling - s.milestoneGross - (s.advanceGross - s.advanceRecovered));
}

export function milestoneAmount(sharePct: number, ceiling: number) {
  return round2((sharePct * ceiling) / 100);
}

/** "late": the due date has passed and the milestone is not accepted. */
export function effectiveMilestoneStatus(stored: string, late: boolean) {
  return stored !== 'accepted' && late ? 'late' : stored;
}

/**
 * Is a camera's capture time inside the report period? Cameras record local
 * time without a zone, so the check is by calendar day: "YYYY:MM:DD hh:mm:ss".
 */
export function timeStatus(exifDate: string | null | undefined, periodStart: string, periodEnd: string): 'in_period' | 'outside_period' | 'unknown' {
  const m = typeof exifDate === 'string' ? /^(\d{4}):(\d{2}):(\d{2})/.exec(exifDate) : null;
  if (!m) return 'unknown';
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return day >= periodStart && day <= periodEnd ? 'in_period' : 'outside_period';
}

export function exifToIso(exifDate: string | null | undefined): string | null {
  const m = typeof exifDate === 'string' ? /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(exifDate) : null;
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** Cumulative value change as a percent of the original value (absolute changes add up, so +20% then −20% is 40%). */
export function cumulativePct(originalValue: number, absChangesSoFar: number, change: number) {
  if (originalValue <= 0) return 0;
  return round2(((absChangesSoFar + Math.abs(change)) / originalValue) * 100);
}
