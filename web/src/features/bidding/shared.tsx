import { useState } from 'react';
/** The tender API's shapes, from the server's schemas (src/modules/tenders/views.ts). */
import type { Tender } from '../../api/types.ts';
import { ApiError } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { problemLine } from '../../app/problem-text.ts';
import type { MessageKey } from '../../i18n/index.ts';

export type { Tender };
export type Lot = Tender['lots'][number];

/** A fresh Idempotency-Key: kept by the caller until the request succeeds, so a retry reuses it. */
export function newKey(): string {
  return crypto.randomUUID();
}

/** Offer a JSON value as a file download (receipts, key backups). */
export function downloadJson(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Error codes of the tender API that the work pages explain in the reader's language. */
const KNOWN: Record<string, MessageKey> = {
  bid_deadline_passed: 'work.err.deadline',
  tender_not_open_for_bids: 'work.err.notOpen',
  bidder_not_eligible: 'work.err.notEligible',
  bidder_not_verified: 'work.err.notVerified',
  bid_exists: 'work.err.bidExists',
  invalid_envelope: 'work.err.envelope',
  not_committee_member: 'work.err.notCommittee',
  share_already_submitted: 'work.err.shareRepeated',
  share_invalid: 'work.err.shareInvalid',
  opening_too_early: 'work.err.tooEarly',
  conflict_not_declared: 'work.err.undeclared',
  conflict_of_interest: 'work.err.conflicted',
  forbidden: 'work.err.forbidden',
  unauthenticated: 'work.err.signIn',
};

/** Run an action, keeping its busy state and a translated error. */
export function useAction() {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof ApiError) setError(KNOWN[e.code] ? t(KNOWN[e.code]) : `${t('work.err.server')} ${problemLine(t, lang, e)}`);
      else setError(`${t('work.err.local')} ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert" data-testid="action-error">
      {error}
    </p>
  ) : null;
}

/** Tender status in the reader's language; unknown statuses show as they are. */
export function useStatusLabel() {
  const { t } = useI18n();
  return (s: string) => {
    const k = `work.status.${s}` as MessageKey;
    const v = t(k);
    return v === k ? s : v;
  };
}

/**
 * A write with an Idempotency-Key header (the portal's `api` sends none):
 * same origin, session cookie, CSRF token from the session.
 */
export async function send<T>(path: string, opts: { method: string; body?: unknown; key?: string; csrf: string | null }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  if (opts.key) headers['idempotency-key'] = opts.key;
  const res = await fetch(path, { method: opts.method, headers, credentials: 'same-origin', body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail ?? p.title ?? res.statusText);
  }
  return data as T;
}

/** Date and time to the second, in the reader's time zone (deadlines, receipts). */
export function when(lang: string, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

/** An exact amount (bid prices are never rounded for display). */
export function exact(lang: string, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}
