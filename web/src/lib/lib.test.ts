import { describe, expect, it } from 'vitest';
import { makeFormatters } from './format.ts';
import { foldForSearch, lowerAz, sortBy } from './text.ts';
import { countdown, formatInZone } from './time.ts';

describe('Azerbaijani text', () => {
  it('lower-cases dotted and dotless I the Azerbaijani way', () => {
    expect(lowerAz('İSMAYILLI')).toBe('ismayıllı');
  });
  it('folds special letters so plain typing matches', () => {
    expect(foldForSearch('Şuşa Ağdam Gəncə Füzuli Çıraq Ölkə')).toBe('susa agdam gence fuzuli ciraq olke');
    expect(foldForSearch('Şuşa')).toBe(foldForSearch('susa'));
  });
  it('sorts by the Azerbaijani alphabet (c < ç < d, ı < i, o < ö, u < ü)', () => {
    const sorted = sortBy(['Daşkəsən', 'Çəmbərəkənd', 'Cəbrayıl', 'İmişli', 'Ismayıllı', 'Ordubad', 'Ölkə', 'Zəngilan', 'Ucar', 'Üçüncü'], 'az', (x) => x);
    expect(sorted).toEqual(['Cəbrayıl', 'Çəmbərəkənd', 'Daşkəsən', 'Ismayıllı', 'İmişli', 'Ordubad', 'Ölkə', 'Ucar', 'Üçüncü', 'Zəngilan']);
  });
});

describe('tender deadline', () => {
  it('counts down in days, hours, minutes and seconds', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    expect(countdown(new Date('2026-03-03T12:34:56Z'), now)).toEqual({ past: false, days: 2, hours: 2, minutes: 34, seconds: 56 });
  });
  it('is past at and after the deadline', () => {
    const d = new Date('2026-03-01T10:00:00Z');
    expect(countdown(d, d).past).toBe(true);
    expect(countdown(d, new Date('2026-03-02T00:00:00Z')).past).toBe(true);
  });
  it('writes the deadline in Baku time (UTC+4) and in another zone', () => {
    const d = new Date('2026-03-01T10:00:00Z');
    expect(formatInZone(d, 'en', 'Asia/Baku')).toMatch(/02:00\sPM GMT\+4/);
    expect(formatInZone(d, 'en', 'Asia/Seoul')).toMatch(/07:00\sPM GMT\+9/);
  });
});

describe('formatters', () => {
  it('formats numbers and money per language', () => {
    expect(makeFormatters('ru').number(12345)).toBe('12\u00a0345');
    expect(makeFormatters('en').money(1500, 'USD')).toBe('$1,500');
    expect(makeFormatters('az').km2(1234.5)).toMatch(/^1.235 km²$/);
  });
});
