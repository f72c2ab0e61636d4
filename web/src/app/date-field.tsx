import { type ReactNode, useEffect, useState } from 'react';
import { formatDateInput, parseDateInput } from '../lib/date-input.ts';
import { Field, type FieldErrors } from './form.tsx';
import { useI18n } from './i18n.tsx';

/**
 * A date typed in the page language's order (lib/date-input.ts), instead of
 * the native date input, which Chromium shows in the browser's locale
 * whatever the page language is. The form value stays ISO yyyy-mm-dd; while
 * the text is not a date, the form gets the text as typed, so the schema's
 * `format: date` still refuses it on submit.
 */
export function DateInput({
  value,
  onChange,
  onProblem,
  ...rest
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** What is wrong with the text (translated), or null: shown by the caller next to the field. */
  onProblem?: (message: string | null) => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  name?: string;
  required?: boolean;
  'data-testid'?: string;
}) {
  const { t, lang } = useI18n();
  const [text, setText] = useState(() => formatDateInput(value, lang));
  const pattern = t('date.pattern');

  // A value set from outside (a reset, a record loaded, another language) rewrites the text; one that came from the text leaves it alone.
  useEffect(() => {
    const now = parseDateInput(text, lang);
    const fromText = now.kind === 'date' ? now.iso : now.kind === 'empty' ? '' : text;
    if (fromText !== value) {
      setText(formatDateInput(value, lang));
      onProblem?.(null);
    } else if (now.kind === 'date' && text !== formatDateInput(now.iso, lang) && document.activeElement?.id !== rest.id) setText(formatDateInput(now.iso, lang));
  }, [value, lang]);

  const problemOf = (s: string, final: boolean): string | null => {
    const r = parseDateInput(s, lang);
    if (r.kind === 'impossible') return t('date.impossible');
    if (r.kind === 'unreadable' && final) return t('date.unreadable', { pattern });
    return null;
  };

  return (
    <input
      {...rest}
      type="text"
      autoComplete="off"
      placeholder={pattern}
      value={text}
      onChange={(e) => {
        const s = e.target.value;
        setText(s);
        const r = parseDateInput(s, lang);
        onChange(r.kind === 'date' ? r.iso : r.kind === 'empty' ? '' : s);
        // While typing, only a date that cannot exist is called out; an unfinished one waits for the field to be left.
        onProblem?.(problemOf(s, false));
      }}
      onBlur={() => {
        const r = parseDateInput(text, lang);
        if (r.kind === 'date') setText(formatDateInput(r.iso, lang));
        onProblem?.(problemOf(text, true));
      }}
    />
  );
}

/** A labelled date in a Field (`at` is its JSON pointer, so the id and the server's errors match as for any field); the format is its hint. */
export function DateField({
  label,
  at,
  errors,
  value,
  onChange,
  hint,
  scope,
}: {
  label: ReactNode;
  at: string;
  errors: FieldErrors;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  scope?: string;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const shown = problem ? { ...errors, [at]: problem } : errors;
  return (
    <Field label={label} at={at} errors={shown} hint={hint ?? t('date.pattern')} scope={scope}>
      {(a) => <DateInput {...a} value={value} onChange={onChange} onProblem={setProblem} />}
    </Field>
  );
}
