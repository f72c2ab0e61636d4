import type { Lang } from '../i18n/index.ts';

/**
 * Dates as people type them, in the page language's order: az and ru
 * "31.12.2025", en "31/12/2025" (day first, as in British English), ko
 * "2025. 12. 31.". Written by hand, not through Intl: Debian's Chromium has
 * no ICU data for az, and the native date input follows the browser's
 * locale, not the page's. ISO "2025-12-31" is accepted in every language (it
 * cannot be misread), so pasted or scripted ISO dates keep working.
 */

const two = (n: number) => String(n).padStart(2, '0');

/** "2025-12-31" in the language's order; anything that is not an ISO date is returned as it is. */
export function formatDateInput(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (lang === 'ko') return `${y}. ${mo}. ${d}.`;
  return lang === 'en' ? `${d}/${mo}/${y}` : `${d}.${mo}.${y}`;
}

export type ParsedDate = { kind: 'empty' } | { kind: 'date'; iso: string } | { kind: 'impossible' } | { kind: 'unreadable' };

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * What was typed, as an ISO date. Separators may be dots, slashes, dashes or
 * spaces; a four-digit first group means year first (ISO, Korean), otherwise
 * day first (az, en, ru). `impossible` is a well-formed date that does not
 * exist (31.02.2025); `unreadable` is anything else.
 */
export function parseDateInput(text: string, lang: Lang): ParsedDate {
  const s = text.trim();
  if (!s) return { kind: 'empty' };
  if (!/^\d[\d\s./-]*$/.test(s)) return { kind: 'unreadable' };
  const groups = s.match(/\d+/g) ?? [];
  if (groups.length !== 3) return { kind: 'unreadable' };
  let y: string;
  let m: string;
  let d: string;
  if (groups[0].length === 4) [y, m, d] = groups;
  else if (lang !== 'ko' && groups[2].length === 4) [d, m, y] = groups;
  else return { kind: 'unreadable' };
  if (m.length > 2 || d.length > 2) return { kind: 'unreadable' };
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { kind: 'impossible' };
  return { kind: 'date', iso: `${y}-${two(month)}-${two(day)}` };
}
