/**
 * Numbers and dates as people type them in a spreadsheet, read by the file's
 * language. Pure. Azerbaijani and Russian write "1 234,56" or "1.234,56";
 * English and Korean "1,234.56". Without a declared language a
 * semicolon-separated file is taken as comma-decimal (what Excel writes in
 * those locales), and "1,000" or "1.000" — thousand or one? — is refused
 * rather than guessed.
 */
import { LANGS, type Lang } from '../../lib/languages.ts';

/** A file may be in any platform language; each says its decimal mark (a new language in LANGS does not compile without one). */
export const FILE_LANGUAGES = LANGS;
export type FileLanguage = Lang;
const DECIMAL_MARK: Record<Lang, ',' | '.'> = { az: ',', en: '.', ko: '.', ru: ',' };

export interface NumberStyle {
  /** The decimal mark, or null when neither the language nor the separator tells it. */
  decimal: ',' | '.' | null;
  /** True when the uploader declared the language (thousands separators are then read). */
  declared: boolean;
}

export function numberStyle(language: FileLanguage | undefined, separator: string | undefined): NumberStyle {
  if (language) return { decimal: DECIMAL_MARK[language], declared: true };
  return { decimal: separator === ';' ? ',' : null, declared: false };
}

const GROUP = '[ \\u00a0\\u202f.]';

/** The number in `text`, or an explanation of what was expected. */
export function parseNumber(text: string, style: NumberStyle): { value: number } | { expected: string } {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return { value: Number(t) };
  if (style.decimal === ',') {
    if (/^-?\d+,\d+$/.test(t)) return { value: Number(t.replace(',', '.')) };
    if (new RegExp(`^-?\\d{1,3}(${GROUP}\\d{3})+(,\\d+)?$`).test(t) && (style.declared || !/^-?\d{1,3}\.\d{3}$/.test(t))) {
      return { value: Number(t.replace(new RegExp(GROUP, 'g'), '').replace(',', '.')) };
    }
    // A point followed by other than three digits cannot be a thousands separator.
    if (/^-?\d+\.(\d{1,2}|\d{4,})$/.test(t)) return { value: Number(t) };
    return { expected: `a number written like 1 234,56 or 1234,56${style.declared ? '' : ' (the file is semicolon-separated)'}` };
  }
  if (/^-?\d+\.\d+([eE][+-]?\d+)?$/.test(t) || /^-?\d+[eE][+-]?\d+$/.test(t)) return { value: Number(t) };
  if (style.decimal === '.' && /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return { value: Number(t.replace(/,/g, '')) };
  return {
    expected: style.declared
      ? 'a number written like 1,234.56 or 1234.56'
      : `digits with "." for decimals and no thousands separators (or declare the file's language: language=${LANGS.join('|')})`,
  };
}

/** Excel counts days from 1899-12-30 (keeping Lotus's 1900 leap-year bug). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A day as YYYY-MM-DD, from ISO, D.M.YYYY (any language), or an Excel serial number; else what was expected. */
export function parseDay(cell: string | number | Date): { value: string } | { expected: string } {
  if (cell instanceof Date) return { value: cell.toISOString().slice(0, 10) };
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell > 18000 && cell < 75000) return { value: new Date(EXCEL_EPOCH + cell * 86_400_000).toISOString().slice(0, 10) };
    return { expected: 'a date (YYYY-MM-DD or DD.MM.YYYY)' };
  }
  const t = cell.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(t);
  const dmy = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y || !m || !d) return { expected: 'a date written YYYY-MM-DD or DD.MM.YYYY' };
  const value = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const back = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(back.getTime()) || back.toISOString().slice(0, 10) !== value) return { expected: 'a calendar date (day 1–31 of a month that has it, month 1–12)' };
  return { value };
}
