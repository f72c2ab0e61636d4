import { describe, expect, it } from 'vitest';
import { allCountries, countryOf, isCountry, isCurrency } from './countries.ts';
import { byYearAndSector } from './figures.ts';
import { checkCommit, checkDisburse, coversDay, heldInFuture, type PledgeState, periodsOverlap, validAmount } from './rules.ts';

describe('countries from the runtime', () => {
  it('lists exactly the 249 assigned ISO 3166-1 codes, with names in four languages', () => {
    const all = allCountries();
    expect(all).toHaveLength(249);
    expect(new Set(all.map((c) => c.code)).size).toBe(249);
    expect(countryOf('KR')?.names).toEqual({ az: 'Cənubi Koreya', en: 'South Korea', ko: '대한민국', ru: 'Республика Корея' });
    expect(countryOf('AZ')?.names.az).toBe('Azərbaycan');
    for (const c of ['AQ', 'AX', 'BQ', 'SS', 'TW', 'PS', 'EH', 'UM']) expect(isCountry(c), c).toBe(true);
  });

  it('leaves out deprecated, user-assigned and exceptionally reserved codes', () => {
    for (const c of ['BU', 'DD', 'SU', 'YU', 'ZR', 'AN', 'UK', 'EU', 'UN', 'EZ', 'AC', 'IC', 'XK', 'XA', 'QO', 'ZZ', 'AA', 'QQ', 'kr', 'K', 'KOR'])
      expect(isCountry(c), c).toBe(false);
  });

  it('knows ISO 4217 currencies and nothing else', () => {
    for (const c of ['AZN', 'USD', 'KRW', 'EUR', 'TRY', 'JPY']) expect(isCurrency(c), c).toBe(true);
    for (const c of ['XYZ', 'usd', 'AZ', 'ABC']) expect(isCurrency(c), c).toBe(false);
  });
});

describe('partner periods', () => {
  const p = (validFrom: string, validTo: string | null) => ({ validFrom, validTo });
  it('overlap when they share even one day; open ends run forever', () => {
    expect(periodsOverlap(p('2021-01-01', '2021-12-31'), p('2021-12-31', null))).toBe(true);
    expect(periodsOverlap(p('2021-01-01', '2021-12-30'), p('2021-12-31', null))).toBe(false);
    expect(periodsOverlap(p('2022-01-01', null), p('2030-01-01', '2030-02-01'))).toBe(true);
    expect(periodsOverlap(p('2022-01-01', '2022-01-01'), p('2021-01-01', '2021-12-31'))).toBe(false);
    expect(periodsOverlap(p('2020-01-01', null), p('2019-01-01', null))).toBe(true);
  });
  it('cover both end days', () => {
    expect(coversDay(p('2021-08-19', '2022-08-19'), '2021-08-19')).toBe(true);
    expect(coversDay(p('2021-08-19', '2022-08-19'), '2022-08-19')).toBe(true);
    expect(coversDay(p('2021-08-19', '2022-08-19'), '2022-08-20')).toBe(false);
    expect(coversDay(p('2021-08-19', null), '2021-08-18')).toBe(false);
  });
});

describe('engagements', () => {
  it('cannot have been held on a day still to come', () => {
    expect(heldInFuture('held', '2026-01-02', '2026-01-01')).toBe(true);
    expect(heldInFuture('held', '2026-01-01', '2026-01-01')).toBe(false);
    expect(heldInFuture('planned', '2027-01-01', '2026-01-01')).toBe(false);
  });
});

describe('pledge steps', () => {
  const pledged: PledgeState = { status: 'pledged', pledgedOn: '2022-03-01', committedAmount: null, committedOn: null, disbursedAmount: 0, disbursedOn: null };
  const committed: PledgeState = { ...pledged, status: 'committed', committedAmount: 100, committedOn: '2022-06-01' };
  const today = '2023-01-01';
  it('commits once, from pledged, on a day between the pledge and today', () => {
    expect(checkCommit(pledged, '2022-06-01', today)).toBeNull();
    expect(checkCommit(pledged, '2022-02-28', today)?.kind).toBe('date');
    expect(checkCommit(pledged, '2023-01-02', today)?.kind).toBe('date');
    expect(checkCommit(committed, '2022-07-01', today)?.kind).toBe('transition');
  });
  it('disburses only after a commitment, and beyond it only with a reason', () => {
    expect(checkDisburse(pledged, 10, '2022-07-01', today, null)?.kind).toBe('transition');
    expect(checkDisburse(committed, 100, '2022-07-01', today, null)).toBeNull();
    expect(checkDisburse(committed, 100.01, '2022-07-01', today, null)?.kind).toBe('over_disbursement');
    expect(checkDisburse(committed, 100.01, '2022-07-01', today, 'exchange-rate difference')).toBeNull();
    expect(checkDisburse({ ...committed, status: 'disbursed', disbursedAmount: 60, disbursedOn: '2022-08-01' }, 40, '2022-08-01', today, null)).toBeNull();
    expect(checkDisburse({ ...committed, status: 'disbursed', disbursedAmount: 60, disbursedOn: '2022-08-01' }, 40, '2022-07-31', today, null)?.kind).toBe('date');
    // 0.1 + 0.2 is 0.30000000000000004 in floating point: money is compared in cents.
    expect(checkDisburse({ ...committed, committedAmount: 0.3, status: 'disbursed', disbursedAmount: 0.1, disbursedOn: '2022-08-01' }, 0.2, '2022-08-02', today, null)).toBeNull();
  });
  it('takes amounts with at most two decimals', () => {
    expect(validAmount(12.34)).toBe(true);
    expect(validAmount(12.345)).toBe(false);
    expect(validAmount(Number.NaN)).toBe(false);
  });
});

describe('figures by year and sector', () => {
  it('joins counts with per-currency values and never adds different currencies', () => {
    const r = byYearAndSector(
      [
        { year: 2023, sector: 'transport', count: 2 },
        { year: 2022, sector: null, count: 1 },
      ],
      [
        { year: 2023, sector: 'transport', currency: 'AZN', amount: 10.5 },
        { year: 2023, sector: 'transport', currency: 'USD', amount: 3 },
        { year: 2022, sector: null, currency: 'AZN', amount: 1.25 },
      ],
    );
    expect(r.count).toBe(3);
    expect(r.value).toEqual([
      { currency: 'AZN', amount: 11.75 },
      { currency: 'USD', amount: 3 },
    ]);
    expect(r.byYearSector).toEqual([
      { year: 2022, sector: null, count: 1, value: [{ currency: 'AZN', amount: 1.25 }] },
      {
        year: 2023,
        sector: 'transport',
        count: 2,
        value: [
          { currency: 'AZN', amount: 10.5 },
          { currency: 'USD', amount: 3 },
        ],
      },
    ]);
  });
});
