import { useState } from 'react';
import { DeleteInput, EngagementPatch } from '../../../../src/modules/partners/schema.ts';
import type { Engagement } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link, navigate } from '../../app/router.tsx';
import { Card, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { pickLocalized } from '../../i18n/index.ts';
import { type EngagementDraft, fromEngagement, patchOf, toBody } from './draft.ts';
import { EngagementForm } from './EngagementForm.tsx';

type EditDraft = EngagementDraft & { reason: string };

/**
 * /engagements/:id/edit: the engagement form started from the stored record;
 * saving sends only what changed (PATCH, with an optional reason the audit log
 * keeps) and returns to the country page. An engagement recorded in error is
 * withdrawn here after a confirmation with a required reason (DELETE).
 */
export default function EngagementEditPage({ id }: { id: string }) {
  const engagement = useGet<Engagement>(`/api/v1/engagements/${id}`);
  return <Show value={engagement}>{(e) => <EditForm key={e.id} engagement={e} />}</Show>;
}

function EditForm({ engagement }: { engagement: Engagement }) {
  const { t, lang } = useI18n();
  const was = fromEngagement(engagement);
  const form = useForm<EditDraft>({ ...was, reason: '' }, EngagementPatch);
  const [unchanged, setUnchanged] = useState(false);
  const title = t('engedit.title', { title: pickLocalized(engagement.title, lang) });
  const back = `/countries/${engagement.country}`;

  const send = async () => {
    const changes = patchOf(toBody(form.values), toBody(was));
    setUnchanged(Object.keys(changes).length === 0);
    if (Object.keys(changes).length === 0) return;
    const prepare = (d: EditDraft) => ({ ...changes, ...(d.reason.trim() ? { reason: d.reason.trim() } : {}) }) as unknown as EditDraft;
    const saved = await form.submit((body) => api<Engagement>(`/api/v1/engagements/${engagement.id}`, { method: 'PATCH', body }), prepare);
    if (saved) {
      await invalidate('/api/v1/engagements', '/api/v1/countries');
      navigate(back);
    }
  };

  return (
    <div className="page office-page">
      <PageTitle title={title}>{title}</PageTitle>
      <p>
        <Link href={back}>{t('engedit.back')}</Link>
      </p>
      <EngagementForm form={form} onSubmit={send} lockCountry>
        {unchanged ? (
          <p className="field-error" role="status" data-testid="engagement-unchanged">
            {t('engedit.nothing')}
          </p>
        ) : null}
        <Field label={t('engedit.reason')} at="/reason" errors={form.errors} hint={t('engedit.reasonHint')}>
          {(a) => <textarea {...a} rows={2} value={form.values.reason} onChange={(x) => form.set({ reason: x.target.value })} />}
        </Field>
      </EngagementForm>
      <Withdraw engagement={engagement} back={back} />
    </div>
  );
}

/** Withdrawing an engagement recorded in error: a second step asks for the reason, then DELETE. */
function Withdraw({ engagement, back }: { engagement: Engagement; back: string }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const form = useForm<{ reason: string }>({ reason: '' }, DeleteInput);
  const withdraw = async () => {
    const done = await form.submit(async (body) => {
      await api<void>(`/api/v1/engagements/${engagement.id}`, { method: 'DELETE', body });
      return true;
    });
    if (done) {
      await invalidate('/api/v1/engagements', '/api/v1/countries');
      navigate(back);
    }
  };
  return (
    <Card title={t('engedit.withdrawTitle')}>
      <p className="muted">{t('engedit.withdrawHint')}</p>
      {asking ? (
        <form
          className="form"
          noValidate
          data-testid="engagement-withdraw"
          onSubmit={(x) => {
            x.preventDefault();
            void withdraw();
          }}
        >
          <FormError message={form.formError} detail={form.formDetail} />
          <Field label={t('engedit.withdrawReason')} at="/reason" errors={form.errors} scope="withdraw">
            {(a) => <textarea {...a} rows={2} value={form.values.reason} onChange={(x) => form.set({ reason: x.target.value })} />}
          </Field>
          <div className="actions">
            <button className="btn danger" type="submit" disabled={form.busy} data-testid="engagement-withdraw-confirm">
              {form.busy ? t('form.saving') : t('engedit.withdrawConfirm')}
            </button>{' '}
            <button className="btn ghost" type="button" onClick={() => setAsking(false)}>
              {t('engedit.withdrawCancel')}
            </button>
          </div>
        </form>
      ) : (
        <button className="btn ghost" type="button" data-testid="engagement-withdraw-start" onClick={() => setAsking(true)}>
          {t('engedit.withdraw')}
        </button>
      )}
    </Card>
  );
}
