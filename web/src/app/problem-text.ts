import type { Problem } from '../api/types.ts';
import en from '../i18n/en.ts';
import { type Lang, MESSAGES, type MessageKey } from '../i18n/index.ts';
import { formatDateInput } from '../lib/date-input.ts';
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
 * The codelists the web app has labels for (app/codes.ts prefixes), by the
 * name of the field that takes them; an `enum` refusal on such a field lists
 * the labels rather than the raw codes. A field name can mean two lists
 * (`status` of a project or of a tender): the first list that has the code wins.
 */
const FIELD_CODELISTS: Record<string, readonly string[]> = {
  sector: ['sector'],
  status: ['status', 'tenderStatus'],
  role: ['role'],
  roles: ['orgRole'],
  procurementMethod: ['method'],
  method: ['method'],
  fundingSource: ['funding'],
  source: ['funding'],
  type: ['projectType'],
  projectType: ['projectType'],
  kind: ['engagementKind'],
};

/** The last named segment of a field pointer: `/body/sector/0` → `sector`, `features[2].properties.level` → `level`. */
function fieldName(field: string): string {
  return (
    field
      .split(/[/.[\]]/)
      .filter((x) => x && !/^\d+$/.test(x))
      .pop() ?? ''
  );
}

function allowedText(lang: Lang | undefined, field: string, allowed: NonNullable<FieldProblem['params']>['allowed']): string {
  const lists = lang ? (FIELD_CODELISTS[fieldName(field)] ?? []) : [];
  const messages = lang ? (MESSAGES[lang] as Record<string, string>) : {};
  return (allowed ?? [])
    .map((v) => {
      const code = String(v);
      for (const list of lists) if (messages[`${list}.${code}`]) return messages[`${list}.${code}`];
      return code;
    })
    .join(', ');
}

/**
 * One field's refusal in the reader's language. Request validation errors
 * carry the broken rule (`code`) and its values (`params`), and so do the
 * services' own field errors (src/lib/field-error-codes.ts): a code with a
 * message (`fieldError.<code>`) is worded here, with the limit, the allowed
 * values (as labels when `lang` is given and the field takes a labelled
 * codelist), the date or the date pattern of this language; any other field
 * error is shown as the server sent it, in English.
 */
export function fieldErrorText(t: T, e: FieldProblem, lang?: Lang): string {
  const key = `fieldError.${e.code}`;
  if (!e.code || !(key in en)) return e.message;
  const p = e.params ?? {};
  return t(key as MessageKey, {
    limit: p.limit ?? 0,
    allowed: allowedText(lang, e.field, p.allowed),
    // ICU select keys cannot hold a dash: date-time is date_time in the messages.
    format: (p.format ?? '').replace(/-/g, '_'),
    type: p.type ?? '',
    datePattern: t('date.pattern'),
    // `none` picks the wording without the value in the messages' select.
    date: p.date ? (lang ? formatDateInput(p.date, lang) : p.date) : 'none',
    currency: p.currency ?? 'none',
    value: p.value ?? '',
    other: p.other ?? '',
  });
}
