import { useId, useState } from 'react';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { refusal } from './labels.ts';

/**
 * Accept, or reject with reasons: one POST to `path` with `{decision, reason}`.
 * The server's refusal (a concurrent decision, a closed contract) is shown in place.
 */
export function Decide({ path, accept, reject, onDone, testid }: { path: string; accept: string; reject: string; onDone: () => Promise<unknown>; testid: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const send = async (decision: string) => {
    if (decision === reject && reason.trim().length < 3) {
      setErr(t('contract.reasonNeeded'));
      return;
    }
    setBusy(true);
    setErr('');
    try {
      await api(path, { method: 'POST', body: { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      setReason('');
      await onDone();
    } catch (e) {
      setErr(refusal(t, e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="decide" data-testid={testid}>
      <label htmlFor={`${id}-r`}>{t('contract.reason')}</label>
      <input id={`${id}-r`} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={err ? `${id}-e` : undefined} />
      <div className="actions">
        <button type="button" className="btn small" disabled={busy} onClick={() => void send(accept)} data-action="accept">
          {t('contract.accept')}
        </button>
        <button type="button" className="btn small ghost" disabled={busy} onClick={() => void send(reject)} data-action="reject">
          {t('contract.reject')}
        </button>
      </div>
      {err ? (
        <p className="error" role="alert" id={`${id}-e`}>
          {err}
        </p>
      ) : null}
    </div>
  );
}
