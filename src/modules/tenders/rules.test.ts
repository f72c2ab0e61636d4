import { describe, expect, it } from 'vitest';
import { abnormallyLow, activePhase, canMove, checkCriteria, rank, requiredDeadline } from './rules.ts';

const day = 86_400_000;
describe('amendment rule', () => {
  const deadline = new Date('2027-03-10T12:00:00Z');
  it('binds a material change inside the window to a deadline N days after it', () => {
    const now = new Date(deadline.getTime() - 2 * day);
    expect(requiredDeadline({ now, deadline, windowDays: 5, material: true })).toEqual(new Date(now.getTime() + 5 * day));
  });
  it('leaves changes outside the window, immaterial changes and a zero window alone', () => {
    expect(requiredDeadline({ now: new Date(deadline.getTime() - 6 * day), deadline, windowDays: 5, material: true })).toBeNull();
    expect(requiredDeadline({ now: new Date(deadline.getTime() - day), deadline, windowDays: 5, material: false })).toBeNull();
    expect(requiredDeadline({ now: new Date(deadline.getTime() - day), deadline, windowDays: 0, material: true })).toBeNull();
  });
  it('counts the window edge as inside', () => {
    const now = new Date(deadline.getTime() - 5 * day);
    expect(requiredDeadline({ now, deadline, windowDays: 5, material: true })).not.toBeNull();
  });
});

describe('abnormally low prices', () => {
  it('flags a price under 80% of the median of the others, with three or more bids', () => {
    expect(abnormallyLow([100, 100, 79])).toEqual([false, false, true]);
    expect(abnormallyLow([100, 100, 80])).toEqual([false, false, false]);
    expect(abnormallyLow([100, 10])).toEqual([false, false]);
  });
});

describe('ranking', () => {
  it('ranks price-only bids lowest first, ties by order received', () => {
    const r = rank(
      [
        { bidId: 'a', total: 300, scores: {} },
        { bidId: 'b', total: 200, scores: {} },
        { bidId: 'c', total: 200, scores: {} },
      ],
      [],
      'priceOnly',
    );
    expect(r.map((x) => x.bidId)).toEqual(['b', 'c', 'a']);
    expect(r[0].rank).toBe(1);
  });
  it('weights quality and price by the published weights', () => {
    const crit = [
      { id: 'price', name: 'Price', weight: 60 },
      { id: 'quality', name: 'Quality', weight: 40 },
    ];
    const r = rank(
      [
        { bidId: 'cheap', total: 100, scores: { quality: 20 } },
        { bidId: 'good', total: 110, scores: { quality: 95 } },
      ],
      crit,
      'ratedCriteria',
    );
    expect(r[0].bidId).toBe('good');
    expect(r[0].score).toBeCloseTo(60 * (100 / 110) + 0.4 * 95, 1);
  });
});

describe('criteria, statuses, phases', () => {
  it('checks weights', () => {
    expect(checkCriteria('priceOnly', [])).toBeNull();
    expect(checkCriteria('ratedCriteria', [{ id: 'price', name: 'p', weight: 50 }])).toMatch(/sum to 100/);
    expect(
      checkCriteria('ratedCriteria', [
        { id: 'a', name: 'p', weight: 50 },
        { id: 'a', name: 'q', weight: 50 },
      ]),
    ).toMatch(/unique/);
  });
  it('allows only the documented transitions', () => {
    expect(canMove('draft', 'active')).toBe(true);
    expect(canMove('draft', 'awarded')).toBe(false);
    expect(canMove('complete', 'cancelled')).toBe(false);
    expect(canMove('standstill', 'evaluation')).toBe(true);
  });
  it('derives the phase of an active tender from the clock', () => {
    const t = { enquiry_start: new Date(0), enquiry_end: new Date(10), tender_start: new Date(5), tender_end: new Date(20) };
    expect(activePhase(t, new Date(3))).toBe('enquiries');
    expect(activePhase(t, new Date(15))).toBe('tendering');
    expect(activePhase(t, new Date(21))).toBe('closed');
  });
});
