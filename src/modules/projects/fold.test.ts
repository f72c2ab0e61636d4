import { describe, expect, it } from 'vitest';
import { azLower, searchFold, searchLexemes, searchQuery } from './fold.ts';
import { canTransition, checkProject } from './validate.ts';

describe('Azerbaijani case and search folding', () => {
  it('lowers dotted and dotless I the Azerbaijani way', () => {
    expect(azLower('İLHAM')).toBe('ilham');
    expect(azLower('ILHAM')).toBe('ılham');
    expect('İ'.toLowerCase()).not.toBe('i'); // why azLower exists
  });

  it('folds Azerbaijani letters so that plain keyboards find them', () => {
    expect(searchFold('İlham')).toBe('ilham');
    expect(searchFold('ILHAM')).toBe('ilham');
    expect(searchFold('Şuşa Ağdam Cəbrayıl Füzuli Göygöl Çinar')).toBe('susa agdam cebrayil fuzuli goygol cinar');
    expect(searchFold('Ёлка')).toBe('елка');
    expect(searchFold('Café')).toBe('cafe');
    // İ lowered elsewhere arrives as i + combining dot
    expect(searchFold('i\u0307lham')).toBe('ilham');
  });

  it('keeps Hangul syllables intact (no jamo decomposition)', () => {
    expect(searchFold('푸줄리 국제공항')).toBe('푸줄리 국제공항');
  });

  it('indexes Hangul as bigrams and queries them as a conjunction', () => {
    const lx = searchLexemes(['푸줄리국제공항']);
    expect(lx).toEqual(expect.arrayContaining(['푸줄', '국제', '공항', '항']));
    expect(searchQuery('공항')).toBe("'공항'");
    expect(searchQuery('국제공항')).toBe("'국제' & '제공' & '공항'");
    expect(searchQuery('항')).toBe("'항':*");
  });

  it('turns Latin and Cyrillic words into prefix matches and drops punctuation', () => {
    expect(searchQuery('İlham  Əliyev!')).toBe("'ilham':* & 'eliyev':*");
    expect(searchQuery("o'reilly & | ! :*")).toBe("'o':* & 'reilly':*");
    expect(searchQuery('Аэропорт')).toBe("'аэропорт':*");
    expect(searchQuery('!!!')).toBeNull();
  });
});

describe('project rules', () => {
  const base = {
    code: 'X-1',
    title: { en: 'x' },
    sector: ['transport'],
    type: 'construction',
    location: { type: 'Point' as const, coordinates: [47, 39] },
    budget: { amount: 100, currency: 'AZN' },
  };

  it('accepts a sound project', () => {
    expect(checkProject(base)).toEqual([]);
  });

  it('names every bad field', () => {
    const errs = checkProject({
      ...base,
      sector: ['roads'],
      type: 'demolition',
      budget: { amount: -1, currency: 'XYZ' },
      plannedPeriod: { startDate: '2024-05-01', endDate: '2024-04-01' },
      funding: [{ sourceType: 'partner_country', amount: 5, currency: 'AZN' }],
      location: {
        type: 'Polygon',
        coordinates: [
          [
            [47, 39],
            [48, 39],
            [48, 40],
            [47, 39.5],
          ],
        ],
      },
      outputs: [{ metric: 'homes', unit: 'km', planned: 1 }],
    });
    expect(errs.map((e) => e.field).sort()).toEqual(
      [
        '/body/budget/amount',
        '/body/budget/currency',
        '/body/funding/0/country',
        '/body/location/coordinates/0',
        '/body/outputs/0/unit',
        '/body/plannedPeriod/endDate',
        '/body/sector/0',
        '/body/type',
      ].sort(),
    );
  });

  it('rejects absurd amounts, funding over budget and impossible dates', () => {
    expect(checkProject({ ...base, budget: { amount: 1e15, currency: 'AZN' } })[0].field).toBe('/body/budget/amount');
    expect(checkProject({ ...base, funding: [{ sourceType: 'government', amount: 101, currency: 'AZN' }] })[0].field).toBe('/body/funding');
    expect(checkProject({ ...base, actualPeriod: { startDate: '2023-02-30' } })[0].field).toBe('/body/actualPeriod/startDate');
    expect(checkProject({ ...base, location: { type: 'Point', coordinates: [200, 39] } })[0].field).toBe('/body/location/coordinates');
  });

  it('allows only forward status moves, and cancelling before completion', () => {
    expect(canTransition('identification', 'preparation')).toBe(true);
    expect(canTransition('implementation', 'completion')).toBe(true);
    expect(canTransition('preparation', 'cancelled')).toBe(true);
    expect(canTransition('identification', 'completion')).toBe(false);
    expect(canTransition('completion', 'cancelled')).toBe(false);
    expect(canTransition('cancelled', 'preparation')).toBe(false);
  });
});
