/**
 * Pure rules of the partners module: no I/O, tested directly (rules.test.ts).
 * Dates are ISO calendar days (YYYY-MM-DD), which compare correctly as text.
 */

export interface Period {
  validFrom: string;
  validTo: string | null;
}

/** Two inclusive periods overlap when each starts on or before the other ends (an open end is "forever"). */
export function periodsOverlap(a: Period, b: Period): boolean {
  const aEndsAfterBStarts = a.validTo === null || a.validTo >= b.validFrom;
  const bEndsAfterAStarts = b.validTo === null || b.validTo >= a.validFrom;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

export function coversDay(p: Period, day: string): boolean {
  return p.validFrom <= day && (p.validTo === null || p.validTo >= day);
}

/** A held engagement cannot begin after today (the programme's calendar day by the database clock). */
export function heldInFuture(status: string, startsOn: string, today: string): boolean {
  return status === 'held' && startsOn > today;
}

export type PledgeStage = 'pledged' | 'committed' | 'disbursed';

export interface PledgeState {
  status: PledgeStage;
  pledgedOn: string;
  committedAmount: number | null;
  committedOn: string | null;
  disbursedAmount: number;
  disbursedOn: string | null;
}

export type StepProblem = { kind: 'transition'; message: string } | { kind: 'date'; message: string } | { kind: 'over_disbursement'; message: string };

/** Commitment: only once, from `pledged`, not before the pledge was made nor after today. */
export function checkCommit(p: PledgeState, on: string, today: string): StepProblem | null {
  if (p.status !== 'pledged') return { kind: 'transition', message: `the pledge is already ${p.status}; it can be committed only once` };
  if (on < p.pledgedOn) return { kind: 'date', message: `cannot be committed before it was pledged (${p.pledgedOn})` };
  if (on > today) return { kind: 'date', message: 'a commitment cannot be recorded for a future day' };
  return null;
}

/**
 * A disbursement adds to the running total. It needs a commitment first,
 * and a total above the commitment needs a recorded reason (a top-up, an
 * exchange-rate difference, …), whether given now or already on record.
 */
export function checkDisburse(p: PledgeState, amount: number, on: string, today: string, reason: string | undefined | null): StepProblem | null {
  if (p.status === 'pledged') return { kind: 'transition', message: 'a pledge must be committed before money is disbursed' };
  const after = p.disbursedOn ?? p.committedOn ?? p.pledgedOn;
  if (on < after) return { kind: 'date', message: `cannot be dated before the previous step (${after})` };
  if (on > today) return { kind: 'date', message: 'a disbursement cannot be recorded for a future day' };
  const total = roundMoney(p.disbursedAmount + amount);
  if (total > (p.committedAmount ?? 0) && !reason) {
    return { kind: 'over_disbursement', message: `disbursed total ${total} would exceed the commitment ${p.committedAmount}; give a reason` };
  }
  return null;
}

/** Money is numeric(18,2): sums are kept to cents so that 0.1 + 0.2 compares as 0.3. */
export function roundMoney(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Amounts have at most two decimals and fit numeric(18,2). */
export function validAmount(x: number): boolean {
  return Number.isFinite(x) && x >= 0 && x < 1e16 && Math.abs(roundMoney(x) - x) < 1e-9;
}
