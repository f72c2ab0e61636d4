import { useState } from 'react';
import { PaymentRequestInput, ReportInput } from '../../../../src/modules/contracts/schema.ts';
import type { ContractPage, ContractPayment, ProgressPhoto, ProgressReport } from '../../api/types.ts';
import { api, upload } from '../../app/api.ts';
import { DateField } from '../../app/date-field.tsx';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Card } from '../../app/ui.tsx';
import { coded, inLanguage, refusal, today } from './labels.ts';
import { Totals } from './Money.tsx';
import { PhotoVerdict } from './Photos.tsx';

export const refresh = (id: string) => invalidate(`/api/v1/contracts/${id}`, '/api/v1/contracts', '/api/v1/red-flags');

/** The supplier marks a milestone done; the operator then accepts or rejects it. */
function SubmitMilestones({ c }: { c: ContractPage }) {
  const { t, pick, lang } = useI18n();
  const [err, setErr] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const open = c.milestones.filter((m) => m.storedStatus === 'scheduled' || m.storedStatus === 'rejected');
  if (!open.length) return <p className="empty">{t('contract.ms.noneToSubmit')}</p>;
  const submit = async (id: string) => {
    setBusy(id);
    try {
      await api(`/api/v1/milestones/${id}/submit`, { method: 'POST' });
      setErr((e) => ({ ...e, [id]: '' }));
      await refresh(c.id);
    } catch (e) {
      setErr((x) => ({ ...x, [id]: refusal(t, e, lang) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <ul className="list">
      {open.map((m) => (
        <li key={m.id} data-milestone={m.id}>
          <span>
            {pick(m.title)} <span className="tag">{coded(t, 'contract.ms', m.status)}</span>
            {m.reason ? <span className="muted"> {t('contract.reasonIs', { reason: m.reason })}</span> : null}
            {err[m.id] ? (
              <span className="error" role="alert">
                {' '}
                {err[m.id]}
              </span>
            ) : null}
          </span>
          <button type="button" className="btn small" disabled={busy === m.id} onClick={() => void submit(m.id)} data-testid={`submit-milestone-${m.position}`}>
            {t('contract.ms.submit')}
          </button>
        </li>
      ))}
    </ul>
  );
}

interface ReportDraft {
  periodStart: string;
  periodEnd: string;
  narrative: string;
  milestoneId: string;
  quantities: Record<string, number | ''>;
}
type PhotoResult = { name: string; photo?: ProgressPhoto; error?: string };

/** Period, quantity per output, narrative, then each photo uploaded with the server's verdict shown per photo. */
function ReportProgress({ c }: { c: ContractPage }) {
  const { t, pick, lang } = useI18n();
  const form = useForm<ReportDraft>({ periodStart: '', periodEnd: today(), narrative: '', milestoneId: '', quantities: {} }, ReportInput);
  const [files, setFiles] = useState<File[]>([]);
  const [offSiteReason, setOffSiteReason] = useState('');
  const [results, setResults] = useState<PhotoResult[] | null>(null);
  const [uploading, setUploading] = useState(false);
  const v = form.values;
  const prepare = (d: ReportDraft) => {
    const quantities = Object.entries(d.quantities)
      .filter(([, q]) => q !== '')
      .map(([projectOutputId, quantity]) => ({ projectOutputId, quantity: Number(quantity) }));
    return {
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
      narrative: d.narrative.trim(),
      ...(d.milestoneId ? { milestoneId: d.milestoneId } : {}),
      ...(quantities.length ? { quantities } : {}),
    } as unknown as ReportDraft;
  };
  const send = async () => {
    const report = await form.submit((body) => api<ProgressReport>(`/api/v1/contracts/${c.id}/progress-reports`, { method: 'POST', body }).catch(inLanguage(t)), prepare);
    if (!report) return;
    setUploading(true);
    const out: PhotoResult[] = [];
    for (const f of files) {
      const fd = new FormData();
      if (offSiteReason.trim()) fd.append('offSiteReason', offSiteReason.trim());
      fd.append('file', f, f.name);
      try {
        out.push({ name: f.name, photo: await upload<ProgressPhoto>(`/api/v1/progress-reports/${report.id}/photos`, fd) });
      } catch (e) {
        out.push({ name: f.name, error: refusal(t, e, lang) });
      }
    }
    setUploading(false);
    setResults(out);
    setFiles([]);
    await refresh(c.id);
  };
  return (
    <form
      className="form"
      noValidate
      data-testid="report-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <FormError message={form.formError} detail={form.formDetail} />
      <div className="row2">
        <DateField label={t('contract.report.from')} at="/periodStart" errors={form.errors} value={v.periodStart} onChange={(d) => form.set({ periodStart: d })} />
        <DateField label={t('contract.report.to')} at="/periodEnd" errors={form.errors} value={v.periodEnd} onChange={(d) => form.set({ periodEnd: d })} />
      </div>
      <Field label={t('contract.report.milestone')} at="/milestoneId" errors={form.errors}>
        {(a) => (
          <select {...a} value={v.milestoneId} onChange={(e) => form.set({ milestoneId: e.target.value })}>
            <option value="">—</option>
            {c.milestones.map((m) => (
              <option key={m.id} value={m.id}>
                {pick(m.title)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {c.outputs.length ? (
        <fieldset>
          <legend>{t('contract.report.quantities')}</legend>
          {c.outputs.map((o, i) => (
            <Field
              key={o.id}
              label={t('contract.report.quantity', { metric: o.metric, unit: o.unit, planned: o.planned })}
              at={`/quantities/${i}/quantity`}
              errors={form.errors}
              scope={o.id}
            >
              {(a) => (
                <input
                  {...a}
                  type="number"
                  min={0}
                  inputMode="decimal"
                  value={v.quantities[o.id] ?? ''}
                  onChange={(e) => form.set({ quantities: { ...v.quantities, [o.id]: e.target.value === '' ? '' : Number(e.target.value) } })}
                />
              )}
            </Field>
          ))}
        </fieldset>
      ) : null}
      <Field label={t('contract.report.narrative')} at="/narrative" errors={form.errors}>
        {(a) => <textarea {...a} rows={4} value={v.narrative} onChange={(e) => form.set({ narrative: e.target.value })} />}
      </Field>
      <Field label={t('contract.report.photos')} at="/photos" errors={{}} hint={t('contract.report.photosHint')}>
        {(a) => <input {...a} type="file" accept="image/jpeg,image/png,image/webp" multiple onChange={(e) => setFiles([...(e.target.files ?? [])])} data-testid="photo-input" />}
      </Field>
      <Field label={t('contract.report.offSite')} at="/offSiteReason" errors={{}} hint={t('contract.report.offSiteHint')}>
        {(a) => <input {...a} value={offSiteReason} onChange={(e) => setOffSiteReason(e.target.value)} />}
      </Field>
      <button className="btn" type="submit" disabled={form.busy || uploading} data-testid="report-submit">
        {form.busy || uploading ? t('form.saving') : t('contract.report.submit')}
      </button>
      {results ? (
        <div className="notice" role="status" data-testid="report-sent">
          <p>{t('contract.report.sent', { count: results.filter((r) => r.photo).length })}</p>
          <ul className="list">
            {results.map((r) => (
              <li key={r.name} data-testid="photo-result" data-location={r.photo?.locationStatus ?? 'refused'}>
                <span>{r.name}</span>
                {r.photo ? <PhotoVerdict p={r.photo} /> : <span className="error">{r.error}</span>}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

/** What is left to request for each accepted milestone: its amount less what live requests already claim. */
export function leftFor(c: ContractPage) {
  const claimed = (id: string) => c.payments.filter((p: ContractPayment) => p.milestoneId === id && p.status !== 'rejected').reduce((s, p) => s + p.gross, 0);
  return c.milestones.filter((m) => m.storedStatus === 'accepted').map((m) => ({ m, left: Math.max(0, Math.round(((m.amount ?? 0) - claimed(m.id)) * 100) / 100) }));
}

/** A payment request against an accepted milestone, sent once (Idempotency-Key) however often it is clicked. */
export function RequestPayment({ c }: { c: ContractPage }) {
  const { t, pick, fmt } = useI18n();
  const form = useForm<{ kind: 'milestone'; milestoneId: string; amount: number | '' }>({ kind: 'milestone', milestoneId: '', amount: '' }, PaymentRequestInput);
  const [sent, setSent] = useState<ContractPayment | null>(null);
  const rows = leftFor(c);
  const v = form.values;
  const send = async () => {
    const r = await form.submit((body, key) => api<ContractPayment>(`/api/v1/contracts/${c.id}/payments`, { method: 'POST', body, idempotencyKey: key }).catch(inLanguage(t)));
    if (r) {
      setSent(r);
      form.set({ milestoneId: '', amount: '' });
      form.setDirty(false);
      await refresh(c.id);
    }
  };
  return (
    <form
      className="form"
      noValidate
      data-testid="payment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <Totals c={c} />
      <FormError message={form.formError} detail={form.formDetail} />
      <Field label={t('contract.pay.milestone')} at="/milestoneId" errors={form.errors} scope="pay">
        {(a) => (
          <select {...a} value={v.milestoneId} onChange={(e) => form.set({ milestoneId: e.target.value })}>
            <option value="">—</option>
            {rows.map(({ m, left }) => (
              <option key={m.id} value={m.id} disabled={left <= 0}>
                {t('contract.pay.option', { title: pick(m.title), left: fmt.money(left, c.value.currency), amount: fmt.money(m.amount ?? 0, c.value.currency) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('contract.pay.amount')} at="/amount" errors={form.errors} scope="pay" hint={t('contract.pay.amountHint', { pct: c.settings.retentionPct })}>
        {(a) => (
          <input {...a} type="number" min={0} inputMode="decimal" value={v.amount} onChange={(e) => form.set({ amount: e.target.value === '' ? '' : Number(e.target.value) })} />
        )}
      </Field>
      <button className="btn" type="submit" disabled={form.busy || !v.milestoneId} data-testid="payment-submit">
        {form.busy ? t('form.saving') : t('contract.pay.submit')}
      </button>
      {sent ? (
        <p className="notice" role="status" data-testid="payment-sent">
          {t('contract.pay.sent', { gross: fmt.money(sent.gross, sent.currency), net: fmt.money(sent.net, sent.currency) })}
        </p>
      ) : null}
    </form>
  );
}

export function SupplierWork({ c }: { c: ContractPage }) {
  const { t } = useI18n();
  return (
    <div className="grid">
      <Card title={t('contract.report.title')} className="span-6" id="report">
        <ReportProgress c={c} />
      </Card>
      <div className="span-6 stack">
        <Card title={t('contract.ms.toSubmit')} id="submit-milestones">
          <SubmitMilestones c={c} />
        </Card>
        <Card title={t('contract.pay.title')} id="request-payment">
          <RequestPayment c={c} />
        </Card>
      </div>
    </div>
  );
}
