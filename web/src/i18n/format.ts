import { type Formatters, IntlMessageFormat } from 'intl-messageformat';
import { azNumberFormat } from '../lib/az-format.ts';

/**
 * ICU MessageFormat (intl-messageformat): `{name}` arguments, plurals
 * (`{count, plural, one {# project} other {# projects}}`) and selects, with
 * the plural rules of the language (az, en, ko, ru differ: Russian has
 * one/few/many, Korean only other). Compiled messages are cached per
 * language and text.
 */
const cache = new Map<string, IntlMessageFormat>();

// Azerbaijani "#" and "{n, number}" grouped without the browser's az data (missing in Debian's Chromium).
const AZ_FORMATTERS: Formatters = {
  getNumberFormat: (_locales, opts) => azNumberFormat(opts),
  getDateTimeFormat: (...args) => new Intl.DateTimeFormat(...args),
  getPluralRules: (...args) => new Intl.PluralRules(...args),
};

export function formatMessage(lang: string, text: string, vars: Record<string, string | number>): string {
  const id = `${lang}\u0000${text}`;
  let f = cache.get(id);
  try {
    if (!f) {
      f = new IntlMessageFormat(text, lang, undefined, lang === 'az' ? { formatters: AZ_FORMATTERS } : undefined);
      cache.set(id, f);
    }
    const out = f.format(vars);
    return Array.isArray(out) ? out.join('') : String(out);
  } catch {
    // A missing argument or a malformed message: show the text with what can be filled, so it is noticed, never a crash.
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  }
}
