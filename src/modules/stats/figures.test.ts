import { describe, expect, it } from 'vitest';
import { bidHistogram, headline } from './figures.ts';

describe('dashboard figures', () => {
  it('counts tenders by number of bids and averages', () => {
    expect(bidHistogram([3, 1, 3, 0])).toEqual({
      openedTenders: 4,
      averageBidsPerTender: 1.8,
      histogram: [
        { bids: 0, tenders: 1 },
        { bids: 1, tenders: 1 },
        { bids: 3, tenders: 2 },
      ],
    });
    expect(bidHistogram([])).toEqual({ openedTenders: 0, averageBidsPerTender: null, histogram: [] });
  });
  it('takes the headline in the programme’s first currency that has money, never summing currencies', () => {
    const rows = [
      { currency: 'EUR', amount: 5 },
      { currency: 'USD', amount: 7 },
    ];
    expect(headline(rows, ['AZN', 'USD'])).toEqual({ amount: 7, currency: 'USD' });
    expect(headline(rows, ['AZN'])).toEqual({ amount: 5, currency: 'EUR' });
    expect(headline([], ['AZN'])).toBeNull();
  });
});
