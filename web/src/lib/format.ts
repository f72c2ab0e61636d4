/** Numbers, money and dates for the chosen language, all through Intl. */
export interface Formatters {
  number(n: number, digits?: number): string;
  compact(n: number): string;
  km2(n: number): string;
  percent(fraction: number): string;
  money(amount: number, currency: string): string;
  date(d: string | Date): string;
  dateTime(d: string | Date): string;
  month(d: string | Date): string;
}

export function makeFormatters(lang: string): Formatters {
  const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const num1 = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dateF = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const dateTimeF = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' });
  const monthF = new Intl.DateTimeFormat(lang, { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const toDate = (d: string | Date) => (d instanceof Date ? d : new Date(d));
  return {
    number: (n, digits = 0) => (digits ? new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n) : num.format(n)),
    compact: (n) => compact.format(n),
    km2: (n) => `${n >= 100 ? num.format(n) : num1.format(n)} km²`,
    percent: (f) => pct.format(f),
    money: (amount, currency) => {
      try {
        return new Intl.NumberFormat(lang, { style: 'currency', currency, notation: amount >= 1e6 ? 'compact' : 'standard', maximumFractionDigits: amount >= 1e6 ? 1 : 0 }).format(amount);
      } catch {
        return `${num.format(amount)} ${currency}`;
      }
    },
    date: (d) => {
      const x = toDate(d);
      if (Number.isNaN(x.getTime())) return String(d);
      return lang === 'az' ? azDate(x) : dateF.format(x);
    },
    dateTime: (d) => {
      const x = toDate(d);
      if (Number.isNaN(x.getTime())) return String(d);
      return lang === 'az' ? `${azDate(x)}, ${[x.getHours(), x.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':')}` : dateTimeF.format(x);
    },
    month: (d) => {
      const x = toDate(typeof d === 'string' && /^\d{4}-\d{2}$/.test(d) ? `${d}-01` : d);
      return Number.isNaN(x.getTime()) ? String(d) : monthF.format(x);
    },
  };
}

// Chromium as Debian ships it has no Azerbaijani date names ("2026 M12 2"): the day, month and year written out here, in local time.
const AZ_MONTHS = ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'];
function azDate(x: Date): string {
  return `${x.getDate()} ${AZ_MONTHS[x.getMonth()]} ${x.getFullYear()}`;
}
