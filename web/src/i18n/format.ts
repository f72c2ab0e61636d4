import { IntlMessageFormat } from 'intl-messageformat';

/**
 * ICU MessageFormat (intl-messageformat): `{name}` arguments, plurals
 * (`{count, plural, one {# project} other {# projects}}`) and selects, with
 * the plural rules of the language (az, en, ko, ru differ: Russian has
 * one/few/many, Korean only other). Compiled messages are cached per
 * language and text.
 */
const cache = new Map<string, IntlMessageFormat>();

export function formatMessage(lang: string, text: string, vars: Record<string, string | number>): string {
  const id = `${lang}\u0000${text}`;
  let f = cache.get(id);
  try {
    if (!f) {
      f = new IntlMessageFormat(text, lang);
      cache.set(id, f);
    }
    const out = f.format(vars);
    return Array.isArray(out) ? out.join('') : String(out);
  } catch {
    // A missing argument or a malformed message: show the text with what can be filled, so it is noticed, never a crash.
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  }
}
