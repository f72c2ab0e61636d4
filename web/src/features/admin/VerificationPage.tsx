import { useState } from 'react';
import { VerifyInput } from '../../../../src/modules/organisations/schema.ts';
import type { Organisation, Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { Card, Dl, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { safeRegion } from '../home/api.ts';
import { StatusTag } from '../organisations/OrganisationPage.tsx';

const QUEUE = '/api/v1/organisations?status=unverified&limit=200';

/** One registration: its details, and verify or refuse with a reason (the reason goes to the audit log). */
function Decide({ org, onDone }: { org: Organisation; onDone: (o: Organisation) => void }) {
  const { t, fmt, lang } = useI18n();
  const form = useForm({ status: 'verified' as 'verified' | 'rejected', note: '' }, VerifyInput);
  const names = new Intl.DisplayNames([lang], { type: 'region' });
  const decide = async (status: 'verified' | 'rejected') => {
    const r = await form.submit(
      (body) => api<Organisation>(`/api/v1/organisations/${org.id}/verification`, { method: 'POST', body }),
      (v) => ({ status, note: v.note.trim() }),
    );
    if (r) {
      await invalidate('/api/v1/organisations');
      onDone(r);
    }
  };
  const contact = org.contactPoint ?? {};
  const address = org.address ?? {};
  return (
    <Card title={org.name} className="org-decision" id={`org-${org.id}`}>
      <Dl
        rows={[
          [t('org.identifier'), <code>{`${org.identifier.scheme} ${org.identifier.id}`}</code>],
          [t('common.country'), safeRegion(names, org.country)],
          [t('reg.address'), [address.streetAddress, address.locality, address.postalCode].filter(Boolean).join(', ') || null],
          [t('admin.contact'), [contact.name, contact.email, contact.telephone].filter(Boolean).join(' · ') || null],
          [t('common.date'), t('admin.registered', { date: fmt.date(org.createdAt) })],
        ]}
      />
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void decide('verified');
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <Field label={t('admin.reason')} at="/note" errors={form.errors} scope={org.id}>
          {(a) => <textarea {...a} rows={2} value={form.values.note} onChange={(e) => form.set({ note: e.target.value })} />}
        </Field>
        <div className="actions">
          <button className="btn" type="submit" disabled={form.busy} data-testid="verify">
            {t('admin.verify')}
          </button>
          <button className="btn ghost" type="button" disabled={form.busy} onClick={() => void decide('rejected')} data-testid="refuse">
            {t('admin.refuse')}
          </button>
        </div>
      </form>
    </Card>
  );
}

/** The verification queue: registrations waiting for an operator, oldest first. */
export default function VerificationPage() {
  const { t } = useI18n();
  const res = useGet<Page<Organisation>>(QUEUE);
  const [done, setDone] = useState<Organisation[]>([]);
  return (
    <div className="page">
      <PageTitle title={t('admin.orgsTitle')}>{t('admin.orgsTitle')}</PageTitle>
      <div aria-live="polite">
        {done.map((o) => (
          <p key={o.id} className="notice" data-testid="decided">
            <Link href={`/organisations/${o.id}`}>{o.name}</Link>: <StatusTag status={o.verificationStatus} />
          </p>
        ))}
      </div>
      <Show value={res}>
        {(data) => {
          const queue = [...data.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
          return (
            <>
              <p data-testid="queue-count">{t('admin.queue', { count: queue.length })}</p>
              <div className="stack">
                {queue.map((o) => (
                  <Decide key={o.id} org={o} onDone={(r) => setDone((d) => [r, ...d])} />
                ))}
              </div>
            </>
          );
        }}
      </Show>
    </div>
  );
}
