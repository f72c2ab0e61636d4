import type { TSchema } from '@sinclair/typebox';
import { FormatRegistry } from '@sinclair/typebox';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { MessageKey } from '../i18n/index.ts';
import { parseDateInput } from '../lib/date-input.ts';
import { ApiError } from './api.ts';
import { useI18n } from './i18n.tsx';
import { fieldErrorText, problemText } from './problem-text.ts';

/**
 * Forms check their input on the client with the very TypeBox schema the
 * server validates with (imported from src/modules/<domain>/schema.ts), and
 * show the server's refusals in place: problem+json `errors[].field` is a
 * JSON pointer (`/body/organisation/name`), the same pointer TypeBox reports
 * for the same field, so one map of pointer → message serves both.
 */

// TypeBox leaves string formats to the application; these match what the server's Ajv checks closely enough for a first pass.
const FORMATS: Record<string, RegExp> = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uri: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
};
for (const [name, re] of Object.entries(FORMATS)) if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, (v) => re.test(v) && (name !== 'date' || isRealDate(v)));

/** 2025-02-31 has the shape of a date but is none; the server's Ajv refuses it, so the first pass does too. */
function isRealDate(v: string): boolean {
  return parseDateInput(v, 'en').kind === 'date';
}

export type FieldErrors = Record<string, string>;

/** The first problem per field, as a message key and its values. */
export function schemaErrors(schema: TSchema, value: unknown, t: (k: MessageKey, v?: Record<string, string | number>) => string): FieldErrors {
  const out: FieldErrors = {};
  for (const e of Value.Errors(schema, value)) {
    const at = e.path || '/';
    if (out[at]) continue;
    const s = e.schema as { minLength?: number; maxLength?: number; minimum?: number; maximum?: number; minItems?: number };
    switch (e.type) {
      case ValueErrorType.ObjectRequiredProperty:
        out[at] = t('form.required');
        break;
      case ValueErrorType.StringMinLength:
        out[at] = value === undefined || s.minLength === 1 ? t('form.required') : t('form.tooShort', { min: s.minLength ?? 0 });
        break;
      case ValueErrorType.StringMaxLength:
        out[at] = t('form.tooLong', { max: s.maxLength ?? 0 });
        break;
      case ValueErrorType.StringFormat:
      case ValueErrorType.StringPattern:
        out[at] = t('form.format');
        break;
      case ValueErrorType.NumberMinimum:
      case ValueErrorType.IntegerMinimum:
        out[at] = t('form.min', { min: s.minimum ?? 0 });
        break;
      case ValueErrorType.ArrayMinItems:
      case ValueErrorType.ObjectMinProperties:
        out[at] = t('form.required');
        break;
      case ValueErrorType.ObjectAdditionalProperties:
        break;
      default:
        out[at] = t('form.invalid');
    }
  }
  return out;
}

/** Drop empty strings, so fields left blank are absent, as the schema wants (objects stay, so their required fields are named). */
export function compact<T>(v: T): T {
  if (Array.isArray(v)) return v.map(compact) as T;
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = compact(x);
      if (c === '' || c === undefined) continue;
      out[k] = c;
    }
    return out as T;
  }
  return typeof v === 'string' ? (v.trim() as T) : v;
}

/** Warn before a page with unsaved changes is left: closing the tab, reloading, or following a link in the app. */
export function useUnsavedWarning(dirty: boolean) {
  const { t } = useI18n();
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (!a || a.getAttribute('target') === '_blank') return;
      if (!window.confirm(t('form.unsaved'))) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('beforeunload', onUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty, t]);
}

/**
 * One form's state: values, field errors (client or server), a busy flag that
 * blocks a second submit, and one Idempotency-Key per intended create, kept
 * until it succeeds, so a double click or a retry after a lost answer makes
 * one record.
 */
export function useForm<V>(initial: V, schema: TSchema) {
  const { t, lang } = useI18n();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [formDetail, setFormDetail] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const key = useRef(crypto.randomUUID());
  const inFlight = useRef(false);
  // Focus moves to the first invalid field after the errors are rendered (an effect runs after the commit).
  const [focusTick, setFocusTick] = useState(0);
  useEffect(() => {
    if (focusTick) (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
  }, [focusTick]);
  const focusFirstError = () => setFocusTick((n) => n + 1);
  useUnsavedWarning(dirty && !busy);

  const set = useCallback((patch: Partial<V> | ((v: V) => V)) => {
    setValues((v) => (typeof patch === 'function' ? patch(v) : { ...v, ...patch }));
    setDirty(true);
  }, []);

  const submit = async <R,>(send: (body: V, idempotencyKey: string) => Promise<R>, prepare: (v: V) => V = compact): Promise<R | undefined> => {
    if (inFlight.current) return undefined;
    const body = prepare(values);
    const found = schemaErrors(schema, body, t);
    setErrors(found);
    setFormError(null);
    setFormDetail(null);
    if (Object.keys(found).length) {
      setFormError(t('form.fix'));
      focusFirstError();
      return undefined;
    }
    inFlight.current = true;
    setBusy(true);
    try {
      const r = await send(body, key.current);
      key.current = crypto.randomUUID();
      setDirty(false);
      return r;
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = e.fieldErrors((x) => fieldErrorText(t, x, lang));
        setErrors(fields);
        const said = problemText(t, lang, e);
        setFormError(said.text);
        setFormDetail(said.detail);
        if (Object.keys(fields).length) focusFirstError();
      } else setFormError(t('form.failed'));
      return undefined;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return { values, set, errors, formError, formDetail, busy, dirty, submit, setDirty };
}

/** A labelled field with its error in place (`at` is the field's JSON pointer). */
export function Field({
  label,
  at,
  errors,
  hint,
  scope,
  children,
}: {
  label: ReactNode;
  at: string;
  errors: FieldErrors;
  hint?: ReactNode;
  scope?: string;
  children: (a11y: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  // `scope` keeps ids unique when a page repeats a form (one per queue entry, one per question).
  const id = `f${scope ? `-${scope}` : ''}${at.replace(/\W+/g, '-')}`;
  const err = errors[at];
  const describedBy = [hint ? `${id}-hint` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${err ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': !!err, 'aria-describedby': describedBy })}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
      {err ? (
        <small id={`${id}-err`} className="field-error" data-field={at}>
          {err}
        </small>
      ) : null}
    </div>
  );
}

/**
 * A number input in a Field. The value is '' while the box is empty, so a
 * required amount left blank is told apart from 0 by the schema check.
 */
export function NumberField({
  label,
  at,
  errors,
  value,
  onChange,
  min,
  max,
  step,
  decimal,
  hint,
}: {
  label: ReactNode;
  at: string;
  errors: FieldErrors;
  hint?: ReactNode;
  value: number | '';
  onChange: (value: number | '') => void;
  min?: number;
  max?: number;
  step?: string;
  decimal?: boolean;
}) {
  return (
    <Field label={label} at={at} errors={errors} hint={hint}>
      {(a) => (
        <input
          {...a}
          type="number"
          inputMode={decimal ? 'decimal' : undefined}
          min={min}
          max={max}
          step={step}
          value={value}
          onChange={(x) => onChange(x.target.value === '' ? '' : Number(x.target.value))}
        />
      )}
    </Field>
  );
}

/** The form's refusal; `detail` is the server's own (English) wording when the message is a translation of its code. */
export function FormError({ message, detail }: { message: string | null; detail?: string | null }) {
  return message ? (
    <p className="error" role="alert" data-testid="form-error">
      {message}
      {detail ? (
        <>
          {' '}
          <small lang="en" className="muted" data-testid="form-error-detail">
            ({detail})
          </small>
        </>
      ) : null}
    </p>
  ) : null;
}
