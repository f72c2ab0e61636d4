import type { Problem } from '../api/types.ts';
import en from '../i18n/en.ts';
import type { Lang, MessageKey } from '../i18n/index.ts';
import { ApiError } from './api.ts';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/**
 * A refusal in the reader's language. Every code the API registers has a
 * message (`apiError.<code>`, checked by errors.test.ts); the server's own
 * detail is in English and often more precise (which period, which limit),
 * so outside English it is kept beside the translation rather than lost.
 */
export function problemText(t: T, lang: Lang, e: unknown): { text: string; detail: string | null } {
  if (!(e instanceof ApiError)) return { text: t('form.failed'), detail: null };
  if (e.localized) return { text: e.message, detail: null };
  const key = `apiError.${e.code}`;
  if (!(key in en)) return { text: e.message || t('form.failed'), detail: null };
  if (lang === 'en') return { text: e.message || t(key as MessageKey), detail: null };
  const generic = (en as Record<string, string>)[key];
  return { text: t(key as MessageKey), detail: e.message && e.message !== generic ? e.message : null };
}

/** The same as one line, for places that show a single string. */
export function problemLine(t: T, lang: Lang, e: unknown): string {
  const { text, detail } = problemText(t, lang, e);
  return detail ? `${text} (${detail})` : text;
}

type FieldProblem = NonNullable<Problem['errors']>[number];

/**
 * One field's refusal in the reader's language. Request validation errors
 * carry the broken rule (`code`) and its values (`params`): a code with a
 * message (`fieldError.<code>`) is worded here, with the limit, the allowed
 * values or the date pattern of this language; any other field error (the
 * services' own, written in English) is shown as the server sent it.
 */
export function fieldErrorText(t: T, e: FieldProblem): string {
  const key = `fieldError.${e.code}`;
  if (!e.code || !(key in en)) return e.message;
  const p = e.params ?? {};
  return t(key as MessageKey, {
    limit: p.limit ?? 0,
    allowed: (p.allowed ?? []).map(String).join(', '),
    // ICU select keys cannot hold a dash: date-time is date_time in the messages.
    format: (p.format ?? '').replace(/-/g, '_'),
    type: p.type ?? '',
    datePattern: t('date.pattern'),
  });
}
