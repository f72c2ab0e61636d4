import { LANGS, type Lang } from '../../../src/lib/languages.ts';
import az from './az.ts';
import en, { type MessageKey, type Messages } from './en.ts';
import { formatMessage } from './format.ts';
import ko from './ko.ts';
import ru from './ru.ts';

export type { MessageKey, Messages };
// The one language list (src/lib/languages.ts), shared with the server's localized-text schemas.
export { LANGS, type Lang };
export const MESSAGES: Record<Lang, Messages> = { az, en, ko, ru };
/** Each language named in itself, for the switch. */
export const LANG_NAMES: Record<Lang, string> = { az: 'Azərbaycanca', en: 'English', ko: '한국어', ru: 'Русский' };
export const STORAGE_KEY = 'berpa.lang';

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** A remembered choice wins; otherwise the first browser language we speak; otherwise English. */
export function detectLanguage(stored: string | null, browser: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

/** Look a key up and format it as an ICU message (plurals by the language's rules). A missing key shows itself, so it is noticed. */
export function translate(messages: Messages, key: MessageKey, vars?: Record<string, string | number>, lang?: Lang): string {
  const text = messages[key] ?? key;
  if (!vars) return text;
  return formatMessage(lang ?? langOf(messages), text, vars);
}

function langOf(messages: Messages): Lang {
  return LANGS.find((l) => MESSAGES[l] === messages) ?? 'en';
}

/** Pick the value for the language from a {az,en,…} record (data from the API), falling back sensibly. */
export function pickLocalized(value: unknown, lang: Lang): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    for (const k of [lang, 'en', 'az', ...Object.keys(rec)]) {
      const v = rec[k];
      if (typeof v === 'string' && v.trim()) return v;
    }
  }
  return '';
}
