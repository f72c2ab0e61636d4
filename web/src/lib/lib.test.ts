import { describe, expect, it } from 'vitest';
import { formatMessage } from '../i18n/format.ts';
import { makeFormatters } from './format.ts';
import { countryName } from './regions.ts';
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

describe('Azerbaijani without the browser’s az data', () => {
  // Debian's Chromium has no ICU data for az: fail if any formatter asks Intl for it.
  const guarded = <T extends object>(C: T) =>
    new Proxy(C, {
      construct(target, args) {
        if (String(args[0] ?? '').startsWith('az')) throw new Error(`Intl asked for ${String(args[0])}`);
        return new (target as unknown as new (...a: unknown[]) => object)(...args);
      },
    });
  it('writes month names and az digit grouping by itself', () => {
    const NF = Intl.NumberFormat;
    const DF = Intl.DateTimeFormat;
    Intl.NumberFormat = guarded(NF);
    Intl.DateTimeFormat = guarded(DF);
    try {
      const f = makeFormatters('az');
      expect(f.number(1234567)).toBe('1.234.567');
      expect(f.number(1234.56, 1)).toBe('1.234,6');
      expect(f.moneyFull(1750000, 'AZN')).toBe('1.750.000,00 AZN');
      expect(f.moneyFull(1800000, 'AZN')).not.toBe(f.moneyFull(1750000, 'AZN'));
      expect(f.money(2_500_000_000, 'AZN')).toBe('2,5 mlrd AZN');
      expect(f.percent(0.125)).toBe('12,5%');
      expect(f.date('2026-12-01T10:00:00Z')).toBe('1 dek 2026');
      expect(f.dateLong('2026-12-01T10:00:00Z')).toBe('1 dekabr 2026');
      expect(f.month('2026-03')).toBe('mar 26');
      expect(formatInZone(new Date('2026-12-01T10:05:00Z'), 'az', 'Asia/Baku')).toBe('çərşənbə axşamı, 1 dekabr 2026, 14:05 GMT+4');
      expect(formatMessage('az', '{count, plural, other {# layihə}}', { count: 12345 })).toBe('12.345 layihə');
    } finally {
      Intl.NumberFormat = NF;
      Intl.DateTimeFormat = DF;
    }
  });
  it('names countries in Azerbaijani from the bundled list', () => {
    expect(countryName('az', 'KR')).toBe('Cənubi Koreya');
    expect(countryName('en', 'kr')).toBe('South Korea');
  });
});
