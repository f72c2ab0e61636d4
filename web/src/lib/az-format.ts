/**
 * Azerbaijani numbers and dates written out by hand (CLDR az patterns:
 * "1.234.567,5", "1 dek 2026", "dek 26"). Debian's Chromium ships ICU
 * without az data and falls back to the root locale ("2026 M12 1",
 * "1,234,567"), so nothing here asks Intl for `az`: only locale-neutral
 * digits and numeric date parts come from Intl ('en-US' is always present).
 */
const MONTHS_LONG = ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'];
const MONTHS_SHORT = ['yan', 'fev', 'mar', 'apr', 'may', 'iyn', 'iyl', 'avq', 'sen', 'okt', 'noy', 'dek'];
const WEEKDAYS = ['bazar', 'bazar ertəsi', 'çərşənbə axşamı', 'çərşənbə', 'cümə axşamı', 'cümə', 'şənbə'];
// AZN by its code: the bundled fonts have no ₼ glyph (a box in every screenshot).
const SYMBOLS: Record<string, string> = { AZN: 'AZN', USD: '$', EUR: '€', GBP: '£', KRW: '₩', JPY: '¥', TRY: '₺', RUB: '₽', CNY: '¥' };

const plain = new Map<number, Intl.NumberFormat>();
function plainDigits(n: number, maxFrac: number, minFrac = 0): string {
  const id = maxFrac * 10 + minFrac;
  let f = plain.get(id);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: maxFrac, minimumFractionDigits: minFrac });
    plain.set(id, f);
  }
  return f.format(n);
}

/** "1.234.567,5": dot between thousands, comma before the decimals (CLDR az). */
export function azNumber(n: number, maxFrac = 0, minFrac = 0): string {
  if (!Number.isFinite(n)) return String(n);
  const s = plainDigits(Math.abs(n), maxFrac, minFrac);
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sign = n < 0 && s !== '0' ? '-' : '';
  return `${sign}${grouped}${frac ? `,${frac}` : ''}`;
}

/** Short scale as CLDR az writes it: 1,5K · 2,5 mln · 1,2 mlrd · 3 trln. */
export function azCompact(n: number): string {
  const a = Math.abs(n);
  const steps: [number, string][] = [
    [1e12, ' trln'],
    [1e9, ' mlrd'],
    [1e6, ' mln'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of steps) if (a >= size) return `${azNumber(n / size, 1)}${suffix}`;
  return azNumber(n, 1);
}

export function azPercent(fraction: number, maxFrac = 1): string {
  return `${azNumber(fraction * 100, maxFrac)}%`;
}

/** Amount then symbol, as in "1.500 AZN" (CLDR az puts the currency after the number). */
export function azMoney(amount: number, currency: string, opts: { compact?: boolean; fraction?: number } = {}): string {
  const sym = SYMBOLS[currency] ?? currency;
  const body = opts.compact ? azCompact(amount) : azNumber(amount, opts.fraction ?? 0, opts.fraction ?? 0);
  return `${body} ${sym}`;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  second: number;
  zone?: string;
}

/** Calendar parts of an instant in a time zone (local when none is given), through locale-neutral Intl. */
export function partsOf(d: Date, timeZone?: string, withZone = false): Parts {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    ...(withZone ? { timeZoneName: 'shortOffset' as const } : {}),
  });
  const get = (type: string) => f.formatToParts(d).find((p) => p.type === type)?.value ?? '';
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return {
    year: Number(get('year')),
    month: Number(get('month')) - 1,
    day: Number(get('day')),
    weekday: days.indexOf(get('weekday')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    zone: withZone ? get('timeZoneName') : undefined,
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "1 dek 2026" (medium) or "1 dekabr 2026" (long). */
export function azDate(d: Date, opts: { long?: boolean; timeZone?: string } = {}): string {
  const p = partsOf(d, opts.timeZone);
  return `${p.day} ${(opts.long ? MONTHS_LONG : MONTHS_SHORT)[p.month]} ${p.year}`;
}

/** "1 dek 2026, 14:05:00". */
export function azDateTime(d: Date, opts: { timeZone?: string } = {}): string {
  const p = partsOf(d, opts.timeZone);
  return `${p.day} ${MONTHS_SHORT[p.month]} ${p.year}, ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** "dek 26": the month axis of the charts (UTC, as the series is by calendar month). */
export function azMonth(d: Date): string {
  const p = partsOf(d, 'UTC');
  return `${MONTHS_SHORT[p.month]} ${String(p.year).slice(-2)}`;
}

/** "çərşənbə axşamı, 1 dekabr 2026, 14:05 GMT+4": a deadline in a named zone. */
export function azInZone(d: Date, timeZone: string): string {
  const p = partsOf(d, timeZone, true);
  return `${WEEKDAYS[p.weekday]}, ${p.day} ${MONTHS_LONG[p.month]} ${p.year}, ${two(p.hour)}:${two(p.minute)} ${p.zone}`;
}

/**
 * A stand-in for Intl.NumberFormat in ICU messages ("{count, plural, …}" and
 * "{n, number}"), so a "#" in an Azerbaijani message is grouped the az way.
 */
export function azNumberFormat(opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const max = opts.maximumFractionDigits ?? (opts.style === 'percent' ? 0 : 3);
  const format = (n: number | bigint) => (opts.style === 'percent' ? azPercent(Number(n), max) : azNumber(Number(n), max));
  const base = new Intl.NumberFormat('en-US', opts);
  // `format` is a getter on Intl.NumberFormat.prototype: shadow it with own properties, not assignment.
  return Object.defineProperties(Object.create(base) as Intl.NumberFormat, {
    format: { value: format },
    formatToParts: { value: (n: number | bigint) => [{ type: 'literal', value: format(n) }] as Intl.NumberFormatPart[] },
    resolvedOptions: { value: () => ({ ...base.resolvedOptions(), locale: 'az' }) },
  });
}
