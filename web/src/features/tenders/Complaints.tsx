import { ComplaintInput, DecisionInput } from '../../../../src/modules/tenders/schema.ts';
import type { ComplaintList, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { Empty, Show, useGet } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { isOpened } from './Outcome.tsx';

type Complaint = ComplaintList['items'][number];
const complaintsPath = (id: string) => `/api/v1/tenders/${id}/complaints`;
/** A complaint or a decision changes the award and maybe the tender's status: everything on the page that shows them. */
const refresh = (tenderId: string) => invalidate(complaintsPath(tenderId), `/api/v1/tenders/${tenderId}`);

/** A bidder lodges a complaint during the standstill (the server says when: mayLodge); the award is suspended until the review body decides. */
function LodgeForm({ tenderId }: { tenderId: string }) {
  const { t } = useI18n();
  const form = useForm({ grounds: '' }, ComplaintInput);
  const send = async () => {
    const r = await form.submit((body, key) => api(complaintsPath(tenderId), { method: 'POST', body, idempotencyKey: key }));
    if (r) {
      form.set({ grounds: '' });
      form.setDirty(false);
      await refresh(tenderId);
    }
  };
  return (
    <form
      className="form"
      id="lodge"
      data-testid="lodge-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <h3>{t('tender.complaint.lodgeTitle')}</h3>
      <p className="muted">{t('tender.complaint.lodgeExplain')}</p>
      <FormError message={form.formError} detail={form.formDetail} />
      <Field label={t('tender.complaint.grounds')} at="/grounds" errors={form.errors}>
        {(a) => <textarea {...a} rows={4} value={form.values.grounds} onChange={(e) => form.set({ grounds: e.target.value })} />}
      </Field>
      <button className="btn" type="submit" disabled={form.busy} data-testid="lodge-submit">
        {form.busy ? t('form.saving') : t('tender.complaint.lodge')}
      </button>
    </form>
  );
}

/** The review body decides one pending complaint: uphold (the award is cancelled, evaluation resumes) or dismiss, with reasons. */
function DecideForm({ tenderId, complaintId }: { tenderId: string; complaintId: string }) {
  const { t } = useI18n();
  const form = useForm<{ decision: '' | 'upheld' | 'dismissed'; reasons: string }>({ decision: '', reasons: '' }, DecisionInput);
  const send = async () => {
    const r = await form.submit((body) => api(`/api/v1/complaints/${complaintId}/decision`, { method: 'POST', body }));
    if (r) await refresh(tenderId);
  };
  return (
    <form
      className="form inline"
      data-testid="decide-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      noValidate
    >
      <h4>{t('tender.complaint.decideTitle')}</h4>
      <FormError message={form.formError} detail={form.formDetail} />
      <Field label={t('tender.complaint.outcome')} at="/decision" errors={form.errors} scope={complaintId}>
        {(a) => (
          <select {...a} value={form.values.decision} onChange={(e) => form.set({ decision: e.target.value as 'upheld' | 'dismissed' })}>
            <option value="">{t('tender.complaint.choose')}</option>
            <option value="upheld">{t('tender.complaint.uphold')}</option>
            <option value="dismissed">{t('tender.complaint.dismiss')}</option>
          </select>
        )}
      </Field>
      <Field label={t('tender.complaint.reasons')} at="/reasons" errors={form.errors} scope={complaintId}>
        {(a) => <textarea {...a} rows={3} value={form.values.reasons} onChange={(e) => form.set({ reasons: e.target.value })} />}
      </Field>
      <button className="btn small" type="submit" disabled={form.busy} data-testid="decide-submit">
        {form.busy ? t('form.saving') : t('tender.complaint.decide')}
      </button>
    </form>
  );
}

/** One complaint as the reader may see it (the server leaves out what it may not: the complainant, pending grounds). */
function ComplaintItem({ c, tenderId, mayDecide }: { c: Complaint; tenderId: string; mayDecide: boolean }) {
  const { t, fmt } = useI18n();
  return (
    <li className="entry" data-testid="complaint" data-status={c.status}>
      <p>
        <span className="tag">{t(`tender.complaint.status.${c.status}` as MessageKey)}</span>{' '}
        <span className="muted">{c.filedAt ? t('tender.complaint.filed', { date: fmt.dateTime(c.filedAt) }) : null}</span>{' '}
        {c.mine ? <strong>{t('tender.complaint.yours')}</strong> : null}
      </p>
      {c.complainantOrgId ? (
        <p>
          <span className="muted">{t('tender.complaint.by')}: </span>
          <Link href={`/organisations/${c.complainantOrgId}`}>{c.complainantName ?? t('org.title')}</Link>
        </p>
      ) : null}
      <p>
        <span className="muted">{t('tender.complaint.grounds')}: </span>
        {c.grounds ?? <span className="muted">{t('tender.complaint.groundsLater')}</span>}
      </p>
      {c.status !== 'pending' ? (
        <p data-testid="complaint-decision">
          <span className="muted">{c.decidedAt ? t('tender.complaint.decided', { date: fmt.dateTime(c.decidedAt) }) : t('tender.complaint.reasons')}: </span>
          {c.decision}
        </p>
      ) : mayDecide ? (
        <DecideForm tenderId={tenderId} complaintId={c.id} />
      ) : null}
    </li>
  );
}

/** Complaints to the review body once bids are opened: the outcomes for everyone, the lodge form for a bidder during the standstill, the decide form for the review body. */
export function Complaints({ tender }: { tender: Tender }) {
  const { t } = useI18n();
  const res = useGet<ComplaintList>(isOpened(tender) ? complaintsPath(tender.id) : null);
  if (!isOpened(tender)) return <p className="muted">{t('tender.complaint.later')}</p>;
  return (
    <Show value={res}>
      {(data) => (
        <>
          {data.items.length ? (
            <ul className="list complaints" data-testid="complaints">
              {data.items.map((c) => (
                <ComplaintItem key={c.id} c={c} tenderId={tender.id} mayDecide={data.mayDecide} />
              ))}
            </ul>
          ) : (
            <Empty>{t('tender.complaint.none')}</Empty>
          )}
          {data.mayLodge ? <LodgeForm tenderId={tender.id} /> : null}
        </>
      )}
    </Show>
  );
}
