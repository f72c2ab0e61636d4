/**
 * Pure tender rules: no I/O, tested directly in rules.test.ts.
 */
import type { Criterion, TenderStatus } from './tables.ts';

const DAY_MS = 86_400_000;

/**
 * Amendment rule: a material change made within `windowDays` of the bid
 * deadline must leave bidders at least `windowDays` to react, so the new
 * deadline must be at least `windowDays` after the amendment. Returns the
 * earliest acceptable deadline, or null when the amendment is not bound.
 */
export function requiredDeadline(opts: { now: Date; deadline: Date; windowDays: number; material: boolean }): Date | null {
  if (!opts.material || opts.windowDays === 0) return null;
  const windowStart = opts.deadline.getTime() - opts.windowDays * DAY_MS;
  if (opts.now.getTime() < windowStart) return null;
  return new Date(opts.now.getTime() + opts.windowDays * DAY_MS);
}

/** Fields whose change is material (changes what or how bidders bid). */
export const MATERIAL_FIELDS = ['lots', 'value', 'criteria', 'documents', 'eligibility', 'description', 'tenderPeriod'] as const;

/** Phase of an active tender, from the database clock. */
export function activePhase(t: { enquiry_start: Date; enquiry_end: Date; tender_start: Date; tender_end: Date }, now: Date): 'upcoming' | 'enquiries' | 'tendering' | 'closed' {
  if (now > t.tender_end) return 'closed';
  if (now >= t.tender_start) return 'tendering';
  if (now >= t.enquiry_start && now <= t.enquiry_end) return 'enquiries';
  return 'upcoming';
}

/** Who may move a tender out of each status: the transitions the services perform. */
export const TRANSITIONS: Record<TenderStatus, TenderStatus[]> = {
  draft: ['active', 'cancelled'],
  active: ['opening', 'cancelled'],
  opening: ['evaluation', 'unsuccessful', 'cancelled'],
  evaluation: ['standstill', 'unsuccessful', 'cancelled'],
  standstill: ['awarded', 'evaluation', 'cancelled'],
  awarded: ['complete'],
  complete: [],
  cancelled: [],
  unsuccessful: [],
};

export function canMove(from: TenderStatus, to: TenderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Abnormally low bids: with at least 3 valid prices for a lot, a price below
 * 80% of the median of the other valid prices for that lot is flagged for the
 * evaluators to ask the bidder to justify it (a flag, not a disqualification).
 */
export const ABNORMALLY_LOW_RATIO = 0.8;
export function abnormallyLow(prices: number[]): boolean[] {
  if (prices.length < 3) return prices.map(() => false);
  return prices.map((p, i) => {
    const others = prices.filter((_, j) => j !== i).sort((a, b) => a - b);
    const mid = others.length / 2;
    const median = others.length % 2 ? others[Math.floor(mid)] : (others[mid - 1] + others[mid]) / 2;
    return p < ABNORMALLY_LOW_RATIO * median;
  });
}

export interface RankInput {
  bidId: string;
  total: number;
  /** criterionId → mean score (0–100) over evaluators; ignored for price only */
  scores: Record<string, number>;
}

/**
 * Ranking. Price only: lowest total price first. Rated criteria: each
 * criterion's mean score × weight; the criterion with id "price" is scored
 * automatically as 100 × lowest price / this price. Ties: earlier in input
 * order (which the caller orders by received time).
 */
export function rank(bids: RankInput[], criteria: Criterion[], mode: 'priceOnly' | 'ratedCriteria'): { bidId: string; total: number; score: number; rank: number }[] {
  if (bids.length === 0) return [];
  const low = Math.min(...bids.map((b) => b.total));
  const scored = bids.map((b, i) => {
    let score: number;
    if (mode === 'priceOnly') score = b.total > 0 ? (100 * low) / b.total : 100;
    else {
      score = criteria.reduce((sum, c) => {
        const s = c.id === 'price' ? (b.total > 0 ? (100 * low) / b.total : 100) : (b.scores[c.id] ?? 0);
        return sum + (s * c.weight) / 100;
      }, 0);
    }
    return { bidId: b.bidId, total: b.total, score: Math.round(score * 100) / 100, i };
  });
  scored.sort((a, b) => b.score - a.score || a.total - b.total || a.i - b.i);
  return scored.map((s, idx) => ({ bidId: s.bidId, total: s.total, score: s.score, rank: idx + 1 }));
}

/** Weighted criteria must be named once each and sum to 100. */
export function checkCriteria(mode: 'priceOnly' | 'ratedCriteria', criteria: Criterion[]): string | null {
  if (mode === 'priceOnly') return criteria.length === 0 ? null : 'price-only tenders take no criteria';
  if (criteria.length === 0) return 'rated tenders need criteria';
  if (new Set(criteria.map((c) => c.id)).size !== criteria.length) return 'criterion ids must be unique';
  const sum = criteria.reduce((s, c) => s + c.weight, 0);
  return Math.abs(sum - 100) < 1e-9 ? null : `weights must sum to 100 (got ${sum})`;
}
