import { azCompact, azDate, azDateTime, azMoney, azMonth, azNumber, azPercent } from './az-format.ts';

/** Numbers, money and dates for the chosen language: Intl for en/ko/ru, hand-written CLDR patterns for az (az-format.ts). */
export interface Formatters {
  number(n: number, digits?: number): string;
  compact(n: number): string;
  km2(n: number): string;
  percent(fraction: number): string;
  /** Compact above a million ("$1.8M"): for headlines, not for amounts that are compared. */
  money(amount: number, currency: string): string;
  /** Every unit shown ("1,750,000.00 AZN"): where amounts are compared, as in opening results. */
  moneyFull(amount: number, currency: string): string;
  date(d: string | Date): string;
  /** The month written out ("2 December 2026", "2 dekabr 2026"): a printed document's date. */
  dateLong(d: string | Date): string;
  dateTime(d: string | Date): string;
  month(d: string | Date): string;
}

const toDate = (d: string | Date) => (d instanceof Date ? d : new Date(d));
const monthDate = (d: string | Date) => toDate(typeof d === 'string' && /^\d{4}-\d{2}$/.test(d) ? `${d}-01` : d);
const guard = (d: string | Date, f: (x: Date) => string) => {
  const x = toDate(d);
  return Number.isNaN(x.getTime()) ? String(d) : f(x);
};

function azFormatters(): Formatters {
  return {
    number: (n, digits = 0) => azNumber(n, digits),
    compact: azCompact,
    km2: (n) => `${azNumber(n, n >= 100 ? 0 : 1)} km²`,
    percent: (f) => azPercent(f),
    money: (amount, currency) => azMoney(amount, currency, amount >= 1e6 ? { compact: true } : {}),
    moneyFull: (amount, currency) => azMoney(amount, currency, { fraction: 2 }),
    date: (d) => guard(d, (x) => azDate(x)),
    dateLong: (d) => guard(d, (x) => azDate(x, { long: true })),
    dateTime: (d) => guard(d, (x) => azDateTime(x)),
    month: (d) => {
      const x = monthDate(d);
      return Number.isNaN(x.getTime()) ? String(d) : azMonth(x);
    },
  };
}

export function makeFormatters(lang: string): Formatters {
  if (lang === 'az') return azFormatters();
  const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const num1 = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dateF = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const dateLongF = new Intl.DateTimeFormat(lang, { dateStyle: 'long' });
  const dateTimeF = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });
  const monthF = new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const currency = (amount: number, cur: string, o: Intl.NumberFormatOptions) => {
    try {
      return new Intl.NumberFormat(lang, { style: 'currency', currency: cur, ...o }).format(amount);
    } catch {
      return `${num.format(amount)} ${cur}`;
    }
  };
  return {
    number: (n, digits = 0) => (digits ? new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n) : num.format(n)),
    compact: (n) => compact.format(n),
    km2: (n) => `${n >= 100 ? num.format(n) : num1.format(n)} km²`,
    percent: (f) => pct.format(f),
    money: (amount, cur) => currency(amount, cur, { notation: amount >= 1e6 ? 'compact' : 'standard', maximumFractionDigits: amount >= 1e6 ? 1 : 0 }),
    moneyFull: (amount, cur) => currency(amount, cur, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    date: (d) => guard(d, (x) => dateF.format(x)),
    dateLong: (d) => guard(d, (x) => dateLongF.format(x)),
    dateTime: (d) => guard(d, (x) => dateTimeF.format(x)),
    month: (d) => {
      const x = monthDate(d);
      return Number.isNaN(x.getTime()) ? String(d) : monthF.format(x);
    },
  };
}
