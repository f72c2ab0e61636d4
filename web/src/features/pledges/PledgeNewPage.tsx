import { useMemo, useState } from 'react';
import { allCountries } from '../../../../src/modules/partners/countries.ts';
import { PledgeInput } from '../../../../src/modules/partners/schema.ts';
import type { Pledge } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { DateField } from '../../app/date-field.tsx';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { invalidate } from '../../app/query.ts';
import { Link } from '../../app/router.tsx';
import { Card, Dl, PageTitle } from '../../app/ui.tsx';
import { sortBy } from '../../lib/text.ts';

interface Draft {
  country: string;
  pledger: string;
  kind: 'money' | 'in_kind';
  description: Record<string, string>;
  sector: string;
  currency: string;
  amount: number | '';
  pledgedOn: string;
}

/** An operator records a partner's pledge (money or in kind); commitments and disbursements follow on the pledge. */
export default function PledgeNewPage() {
  const { t, lang, fmt } = useI18n();
  const countries = useMemo(() => sortBy(allCountries(), lang, (c) => c.names[lang]), [lang]);
  const form = useForm<Draft>(
    { country: '', pledger: '', kind: 'money', description: { [lang]: '' }, sector: '', currency: 'AZN', amount: '', pledgedOn: new Date().toISOString().slice(0, 10) },
    PledgeInput,
  );
  const [saved, setSaved] = useState<Pledge | null>(null);
  const v = form.values;
  const send = async () => {
    const r = await form.submit((body, key) => api<Pledge>('/api/v1/pledges', { method: 'POST', body, idempotencyKey: key }));
    if (r) {
      setSaved(r);
      await invalidate('/api/v1/pledges', '/api/v1/countries');
    }
  };
  if (saved) {
    return (
      <div className="page narrow">
        <PageTitle title={t('pledge.saved')}>{t('pledge.saved')}</PageTitle>
        <Card>
          <Dl
            rows={[
              [t('common.country'), <Link href={`/countries/${saved.country}`}>{saved.country}</Link>],
              [t('pledge.pledger'), saved.pledger],
              [t('pledge.amount'), fmt.money(saved.pledged.amount, saved.currency)],
              [t('common.date'), fmt.date(saved.pledged.on)],
            ]}
          />
        </Card>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <PageTitle title={t('pledge.title')}>{t('pledge.title')}</PageTitle>
      <form
        className="form card"
        noValidate
        data-testid="pledge-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <Field label={t('common.country')} at="/country" errors={form.errors}>
          {(a) => (
            <select {...a} value={v.country} onChange={(e) => form.set({ country: e.target.value })}>
              <option value="">—</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.names[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('pledge.pledger')} at="/pledger" errors={form.errors}>
          {(a) => <input {...a} value={v.pledger} onChange={(e) => form.set({ pledger: e.target.value })} />}
        </Field>
        <Field label={t('pledge.kind')} at="/kind" errors={form.errors}>
          {(a) => (
            <select {...a} value={v.kind} onChange={(e) => form.set({ kind: e.target.value as Draft['kind'] })}>
              <option value="money">{t('pledge.money')}</option>
              <option value="in_kind">{t('pledge.inKind')}</option>
            </select>
          )}
        </Field>
        <Field label={t('pledge.description')} at="/description" errors={{ ...form.errors, '/description': form.errors['/description'] ?? form.errors[`/description/${lang}`] }}>
          {(a) => <textarea {...a} rows={3} value={v.description[lang] ?? ''} onChange={(e) => form.set({ description: { ...v.description, [lang]: e.target.value } })} />}
        </Field>
        <Field label={t('pledge.sector')} at="/sector" errors={form.errors} hint="transport.road">
          {(a) => <input {...a} value={v.sector} onChange={(e) => form.set({ sector: e.target.value })} />}
        </Field>
        <Field label={t('pledge.currency')} at="/currency" errors={form.errors}>
          {(a) => <input {...a} value={v.currency} maxLength={3} onChange={(e) => form.set({ currency: e.target.value.toUpperCase() })} />}
        </Field>
        <Field label={t('pledge.amount')} at="/amount" errors={form.errors}>
          {(a) => (
            <input {...a} type="number" inputMode="decimal" min={0} value={v.amount} onChange={(e) => form.set({ amount: e.target.value === '' ? '' : Number(e.target.value) })} />
          )}
        </Field>
        <DateField label={t('common.date')} at="/pledgedOn" errors={form.errors} value={v.pledgedOn} onChange={(d) => form.set({ pledgedOn: d })} />
        <button className="btn" type="submit" disabled={form.busy}>
          {form.busy ? t('form.saving') : t('form.save')}
        </button>
      </form>
    </div>
  );
}
