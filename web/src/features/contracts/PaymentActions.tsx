import { useId, useState } from 'react';
import type { ContractPayment, Page, Pledge } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DateInput } from '../../app/date-field.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { useGet } from '../../app/ui.tsx';
import { coded, refusal, today } from './labels.ts';

const SOURCES = ['government', 'partner_country', 'donor', 'loan'] as const;

/**
 * The operator's buttons on one payment: approve or refuse a request (the
 * requester's own approval is refused by the server, and the refusal shows
 * here), then record it paid with the funding source (and the pledge it draws on).
 */
export function PaymentActions({ p, onDone }: { p: ContractPayment; onDone: () => Promise<unknown> }) {
  const { t, fmt, lang } = useI18n();
  const id = useId();
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [paidOn, setPaidOn] = useState(today());
  const [dateProblem, setDateProblem] = useState<string | null>(null);
  const [source, setSource] = useState<(typeof SOURCES)[number]>('government');
  const [pledgeId, setPledgeId] = useState('');
  const pledges = useGet<Page<Pledge>>(p.status === 'approved' && source === 'partner_country' ? '/api/v1/pledges?limit=100' : null);
  const usable = pledges.state === 'ok' ? pledges.data.items.filter((x) => x.currency === p.currency && x.status !== 'pledged') : [];
  const run = async (path: string, body?: unknown) => {
    setBusy(true);
    setErr('');
    try {
      await api(path, { method: 'POST', body });
      await onDone();
    } catch (e) {
      setErr(refusal(t, e, lang));
    } finally {
      setBusy(false);
    }
  };
  if (p.status !== 'requested' && p.status !== 'approved') return null;
  return (
    <div className="pay-actions" data-testid="payment-actions">
      {p.status === 'requested' ? (
        <>
          <button type="button" className="btn small" disabled={busy} onClick={() => void run(`/api/v1/payments/${p.id}/approve`)} data-action="approve">
            {t('contract.pay.approve')}
          </button>
          <label htmlFor={`${id}-r`} className="sr-only">
            {t('contract.reason')}
          </label>
          <input id={`${id}-r`} placeholder={t('contract.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button
            type="button"
            className="btn small ghost"
            disabled={busy || reason.trim().length < 3}
            onClick={() => void run(`/api/v1/payments/${p.id}/reject`, { reason: reason.trim() })}
            data-action="refuse"
          >
            {t('contract.pay.refuse')}
          </button>
        </>
      ) : (
        <>
          <label htmlFor={`${id}-d`}>{t('contract.paidOn')}</label>
          <DateInput
            id={`${id}-d`}
            value={paidOn}
            onChange={setPaidOn}
            onProblem={setDateProblem}
            aria-invalid={!!dateProblem}
            aria-describedby={dateProblem ? `${id}-de` : undefined}
          />
          {dateProblem ? (
            <small id={`${id}-de`} className="field-error">
              {dateProblem}
            </small>
          ) : null}
          <label htmlFor={`${id}-s`}>{t('contract.pay.funding')}</label>
          <select id={`${id}-s`} value={source} onChange={(e) => setSource(e.target.value as (typeof SOURCES)[number])}>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {coded(t, 'contract.funding', s)}
              </option>
            ))}
          </select>
          {source === 'partner_country' ? (
            <>
              <label htmlFor={`${id}-p`}>{t('contract.pay.pledge')}</label>
              <select id={`${id}-p`} value={pledgeId} onChange={(e) => setPledgeId(e.target.value)}>
                <option value="">—</option>
                {usable.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.country} · {x.pledger} · {fmt.money((x.committed?.amount ?? 0) - x.disbursed.amount, x.currency)}
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <button
            type="button"
            className="btn small"
            disabled={busy || !!dateProblem}
            onClick={() => void run(`/api/v1/payments/${p.id}/pay`, { paidOn, fundingSource: source, ...(pledgeId && source === 'partner_country' ? { pledgeId } : {}) })}
            data-action="pay"
          >
            {t('contract.pay.markPaid')}
          </button>
        </>
      )}
      {err ? (
        <p className="error" role="alert" data-testid="payment-error">
          {err}
        </p>
      ) : null}
    </div>
  );
}
