import { useState } from 'react';
import { CompleteInput, TerminateInput, VariationInput } from '../../../../src/modules/contracts/schema.ts';
import type { ContractPage, ContractVariation } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DateField } from '../../app/date-field.tsx';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Empty } from '../../app/ui.tsx';
import { Decide } from './Decide.tsx';
import { coded, inLanguage, today } from './labels.ts';
import { PaymentsTable } from './Money.tsx';
import { PaymentActions } from './PaymentActions.tsx';
import { PhotoVerdict } from './Photos.tsx';
import { RequestPayment, refresh } from './SupplierWork.tsx';

function Milestones({ c }: { c: ContractPage }) {
  const { t, pick, fmt } = useI18n();
  const waiting = c.milestones.filter((m) => m.storedStatus === 'submitted');
  if (!waiting.length) return <Empty>{t('contract.ms.noneSubmitted')}</Empty>;
  return (
    <ul className="list">
      {waiting.map((m) => (
        <li key={m.id} data-milestone={m.id} className="block">
          <p>
            <strong>{pick(m.title)}</strong>{' '}
            <span className="muted">
              {[m.dueDate ? t('contract.due', { date: fmt.date(m.dueDate) }) : null, m.amount != null ? fmt.money(m.amount, c.value.currency) : null].filter(Boolean).join(' · ')}
            </span>
          </p>
          <Decide path={`/api/v1/milestones/${m.id}/decision`} accept="accepted" reject="rejected" onDone={() => refresh(c.id)} testid={`decide-milestone-${m.position}`} />
        </li>
      ))}
    </ul>
  );
}

function Reports({ c }: { c: ContractPage }) {
  const { t, fmt } = useI18n();
  const waiting = c.progressReports.filter((r) => r.status === 'submitted');
  if (!waiting.length) return <Empty>{t('contract.report.noneSubmitted')}</Empty>;
  return (
    <ul className="list">
      {waiting.map((r) => (
        <li key={r.id} className="block" data-report={r.id}>
          <p>
            <strong>
              {[r.period.startDate, r.period.endDate]
                .filter((d): d is string => !!d)
                .map((d) => fmt.date(d))
                .join(' – ')}
            </strong>{' '}
            {r.narrative}
          </p>
          <ul className="photo-row">
            {r.photos.map((p) => (
              <li key={p.id}>
                <img src={p.url} alt={t('contract.photo.short')} width={96} height={72} />
                <PhotoVerdict p={p} />
              </li>
            ))}
          </ul>
          <Decide path={`/api/v1/progress-reports/${r.id}/decision`} accept="accepted" reject="rejected" onDone={() => refresh(c.id)} testid="decide-report" />
        </li>
      ))}
    </ul>
  );
}

interface VarDraft {
  valueChange: number | '';
  newPeriodEnd: string;
  scope: string;
  reason: string;
  documents: { title: string; sha256: string; documentType: string }[];
}

function RecordVariation({ c }: { c: ContractPage }) {
  const { t, fmt } = useI18n();
  const form = useForm<VarDraft>({ valueChange: '', newPeriodEnd: '', scope: '', reason: '', documents: [] }, VariationInput);
  const [saved, setSaved] = useState<ContractVariation | null>(null);
  const v = form.values;
  const send = async () => {
    const r = await form.submit(
      (body) => api<ContractVariation>(`/api/v1/contracts/${c.id}/variations`, { method: 'POST', body }).catch(inLanguage(t)),
      (d) => {
        const docs = d.documents.map((x) => ({ title: x.title.trim(), sha256: x.sha256.trim().toLowerCase(), documentType: x.documentType })).filter((x) => x.title || x.sha256);
        return {
          ...(d.valueChange !== '' ? { valueChange: d.valueChange } : {}),
          ...(d.newPeriodEnd ? { newPeriodEnd: d.newPeriodEnd } : {}),
          ...(d.scope.trim() ? { scope: d.scope.trim() } : {}),
          reason: d.reason.trim(),
          ...(docs.length ? { documents: docs } : {}),
        } as unknown as VarDraft;
      },
    );
    if (r) {
      setSaved(r);
      form.set({ valueChange: '', newPeriodEnd: '', scope: '', reason: '', documents: [] });
      form.setDirty(false);
      await refresh(c.id);
    }
  };
  return (
    <form
      className="form"
      noValidate
      data-testid="variation-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <FormError message={form.formError} detail={form.formDetail} />
      <p className="muted">{t('contract.var.thresholdNote', { pct: fmt.number(c.settings.variationThresholdPct, 1) })}</p>
      <Field label={t('contract.valueChange')} at="/valueChange" errors={form.errors} hint={c.value.currency}>
        {(a) => (
          <input {...a} type="number" inputMode="decimal" value={v.valueChange} onChange={(e) => form.set({ valueChange: e.target.value === '' ? '' : Number(e.target.value) })} />
        )}
      </Field>
      <DateField label={t('contract.newEnd')} at="/newPeriodEnd" errors={form.errors} value={v.newPeriodEnd} onChange={(d) => form.set({ newPeriodEnd: d })} />
      <Field label={t('contract.scope')} at="/scope" errors={form.errors}>
        {(a) => <textarea {...a} rows={2} value={v.scope} onChange={(e) => form.set({ scope: e.target.value })} />}
      </Field>
      <Field label={t('contract.reason')} at="/reason" errors={form.errors}>
        {(a) => <textarea {...a} rows={2} value={v.reason} onChange={(e) => form.set({ reason: e.target.value })} />}
      </Field>
      <fieldset>
        <legend>{t('contract.var.documents')}</legend>
        {v.documents.map((d, i) => (
          <div key={i} className="row2">
            <Field label={t('contract.var.docTitle')} at={`/documents/${i}/title`} errors={form.errors}>
              {(a) => <input {...a} value={d.title} onChange={(e) => form.set({ documents: v.documents.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })} />}
            </Field>
            <Field label="SHA-256" at={`/documents/${i}/sha256`} errors={form.errors}>
              {(a) => (
                <input
                  {...a}
                  className="hash"
                  value={d.sha256}
                  onChange={(e) => form.set({ documents: v.documents.map((x, j) => (j === i ? { ...x, sha256: e.target.value } : x)) })}
                />
              )}
            </Field>
          </div>
        ))}
        <button
          type="button"
          className="btn small ghost"
          onClick={() => form.set({ documents: [...v.documents, { title: '', sha256: '', documentType: 'contractAmendment' }] })}
          data-testid="add-document"
        >
          {t('contract.var.addDocument')}
        </button>
      </fieldset>
      <button className="btn" type="submit" disabled={form.busy} data-testid="variation-submit">
        {form.busy ? t('form.saving') : t('contract.var.submit')}
      </button>
      {saved ? (
        <p className="notice" role="status" data-testid="variation-saved">
          {saved.status === 'pending'
            ? t('contract.var.pending', { pct: fmt.number(saved.cumulativePct, 1) })
            : t('contract.var.approved', { pct: fmt.number(saved.cumulativePct, 1) })}
        </p>
      ) : null}
    </form>
  );
}

function PendingVariations({ c }: { c: ContractPage }) {
  const { t, fmt } = useI18n();
  const pending = c.variations.filter((v) => v.status === 'pending');
  if (!pending.length) return null;
  return (
    <ul className="list">
      {pending.map((v) => (
        <li key={v.id} className="block" data-variation={v.id}>
          <p>
            <strong>{t('contract.variationN', { n: v.seq })}</strong> {v.reason} <span className="muted">{t('contract.cumulative', { pct: fmt.number(v.cumulativePct, 1) })}</span>
          </p>
          <Decide path={`/api/v1/variations/${v.id}/decision`} accept="approved" reject="rejected" onDone={() => refresh(c.id)} testid="decide-variation" />
        </li>
      ))}
    </ul>
  );
}

function Complete({ c }: { c: ContractPage }) {
  const { t } = useI18n();
  const form = useForm<{ actualEndDate: string; finalScope: string; finalValue: number | '' }>(
    { actualEndDate: today(), finalScope: '', finalValue: c.currentValue.amount },
    CompleteInput,
  );
  const v = form.values;
  const send = async () => {
    if (await form.submit((body) => api(`/api/v1/contracts/${c.id}/complete`, { method: 'POST', body }).catch(inLanguage(t)))) await refresh(c.id);
  };
  return (
    <form
      className="form"
      noValidate
      data-testid="complete-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <FormError message={form.formError} detail={form.formDetail} />
      <Field label={t('contract.finalValue')} at="/finalValue" errors={form.errors} hint={c.value.currency}>
        {(a) => (
          <input
            {...a}
            type="number"
            min={0}
            inputMode="decimal"
            value={v.finalValue}
            onChange={(e) => form.set({ finalValue: e.target.value === '' ? '' : Number(e.target.value) })}
          />
        )}
      </Field>
      <DateField label={t('contract.actualEnd')} at="/actualEndDate" errors={form.errors} value={v.actualEndDate} onChange={(d) => form.set({ actualEndDate: d })} />
      <Field label={t('contract.finalScope')} at="/finalScope" errors={form.errors}>
        {(a) => <textarea {...a} rows={3} value={v.finalScope} onChange={(e) => form.set({ finalScope: e.target.value })} />}
      </Field>
      <button className="btn" type="submit" disabled={form.busy} data-testid="complete-submit">
        {t('contract.complete.submit')}
      </button>
    </form>
  );
}

function Terminate({ c }: { c: ContractPage }) {
  const { t } = useI18n();
  const form = useForm<{ reason: string }>({ reason: '' }, TerminateInput);
  const [sure, setSure] = useState(false);
  const send = async () => {
    if (await form.submit((body) => api(`/api/v1/contracts/${c.id}/terminate`, { method: 'POST', body }).catch(inLanguage(t)))) await refresh(c.id);
  };
  return (
    <form
      className="form"
      noValidate
      data-testid="terminate-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <FormError message={form.formError} detail={form.formDetail} />
      <Field label={t('contract.reason')} at="/reason" errors={form.errors} scope="terminate">
        {(a) => <textarea {...a} rows={2} value={form.values.reason} onChange={(e) => form.set({ reason: e.target.value })} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} /> {t('contract.terminate.sure')}
      </label>
      <button className="btn ghost" type="submit" disabled={form.busy || !sure}>
        {t('contract.terminate.submit')}
      </button>
    </form>
  );
}

export function OperatorWork({ c }: { c: ContractPage }) {
  const { t } = useI18n();
  const session = useSession();
  const open = c.status === 'signed' || c.status === 'in_progress';
  return (
    <div className="grid">
      <Card title={t('contract.ms.toDecide')} className="span-6" id="decide-milestones">
        <Milestones c={c} />
      </Card>
      <Card title={t('contract.report.toDecide')} className="span-6" id="decide-reports">
        <Reports c={c} />
      </Card>
      <Card title={t('contract.payments')} className="span-12" id="operator-payments">
        <PaymentsTable c={c} actions={(p) => <PaymentActions p={p} onDone={() => refresh(c.id)} />} />
      </Card>
      {session.can('contract.requestPayment') && open ? (
        <Card title={t('contract.pay.onBehalf')} className="span-6" id="operator-request">
          <RequestPayment c={c} />
        </Card>
      ) : null}
      {open ? (
        <Card title={t('contract.var.title')} className="span-6" id="record-variation">
          <PendingVariations c={c} />
          <RecordVariation c={c} />
        </Card>
      ) : null}
      {open && session.can('contract.complete') ? (
        <>
          <Card title={t('contract.complete.title')} className="span-6" id="complete">
            <Complete c={c} />
          </Card>
          <Card title={t('contract.terminate.title')} className="span-6" id="terminate">
            <Terminate c={c} />
          </Card>
        </>
      ) : null}
      {!open ? <p className="notice span-12">{t('contract.closed', { status: coded(t, 'contract.status', c.status) })}</p> : null}
    </div>
  );
}
