import { useMemo, useState } from 'react';
import { checkIdentifier } from '../../../../src/modules/organisations/identifiers.ts';
import { RegistrationInput } from '../../../../src/modules/organisations/schema.ts';
import { allCountries } from '../../../../src/modules/partners/countries.ts';
import type { RegistrationInput as Input, Registration } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { Field, type FieldErrors, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle } from '../../app/ui.tsx';
import { sortBy } from '../../lib/text.ts';
import { StatusTag } from '../organisations/OrganisationPage.tsx';

const EMPTY: Input = {
  organisation: {
    name: '',
    country: '',
    identifier: { scheme: '', id: '' },
    address: { streetAddress: '', locality: '', postalCode: '' },
    contactPoint: { name: '', email: '', telephone: '' },
  },
  user: { name: '', email: '', password: '' },
};

/** The scheme, number and country checked together by the server's own rule (organisations/identifiers.ts). */
function identifierErrors(v: Input, message: (scheme: string) => string): FieldErrors {
  const o = v.organisation;
  if (!o.identifier.scheme || !o.identifier.id || !o.country) return {};
  const r = checkIdentifier(o.identifier.scheme, o.identifier.id, o.country);
  if (r.ok) return {};
  const at = r.field === 'country' ? '/organisation/country' : `/organisation/identifier/${r.field}`;
  return { [at]: message(o.identifier.scheme) };
}

/** A company registers its organisation and first user; then it sees that verification is pending and why it cannot bid yet. */
export default function RegisterPage() {
  const { t, lang } = useI18n();
  const session = useSession();
  const form = useForm<Input>(EMPTY, RegistrationInput);
  const [done, setDone] = useState<Registration | null>(null);
  const countries = useMemo(() => sortBy(allCountries(), lang, (c) => c.names[lang]), [lang]);
  const v = form.values;
  const org = (patch: Partial<Input['organisation']>) => form.set((x) => ({ ...x, organisation: { ...x.organisation, ...patch } }));
  const badId = (scheme: string) => t('reg.badId', { scheme });
  const errors = { ...identifierErrors(v, badId), ...form.errors };

  const submit = async () => {
    if (Object.keys(identifierErrors(v, badId)).length) return;
    const r = await form.submit((body, key) => api<Registration>('/api/v1/organisations/register', { method: 'POST', body, idempotencyKey: key }));
    if (!r) return;
    setDone(r);
    // The new account signs in at once, so "My work" shows the pending verification.
    await session.signIn(v.user.email, v.user.password).catch(() => undefined);
  };

  if (done) {
    return (
      <div className="page narrow">
        <PageTitle title={t('reg.pendingTitle')}>{t('reg.pendingTitle')}</PageTitle>
        <Card>
          <p data-testid="registration-pending">{t('reg.pendingBody', { name: done.organisation.name })}</p>
          <p>
            {t('reg.status', { status: '' })} <StatusTag status={done.organisation.verificationStatus} />
          </p>
          <p data-testid="why-no-bid">{t('reg.whyNoBid')}</p>
          <p>
            <Link href="/work">{t('nav.work')}</Link>
          </p>
        </Card>
      </div>
    );
  }

  return (
    <div className="page narrow">
      <PageTitle title={t('reg.title')}>{t('reg.title')}</PageTitle>
      <p>{t('reg.intro')}</p>
      <form
        className="form card"
        noValidate
        data-testid="register-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        <fieldset>
          <legend>{t('reg.organisation')}</legend>
          <Field label={t('reg.name')} at="/organisation/name" errors={errors}>
            {(a) => <input {...a} autoComplete="organization" value={v.organisation.name} onChange={(e) => org({ name: e.target.value })} />}
          </Field>
          <Field label={t('reg.country')} at="/organisation/country" errors={errors}>
            {(a) => (
              <select {...a} value={v.organisation.country} onChange={(e) => org({ country: e.target.value })}>
                <option value="">—</option>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.names[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('reg.scheme')} at="/organisation/identifier/scheme" errors={errors} hint={t('reg.schemeHint')}>
            {(a) => (
              <input
                {...a}
                value={v.organisation.identifier.scheme}
                placeholder="AZ-VOEN"
                onChange={(e) => org({ identifier: { ...v.organisation.identifier, scheme: e.target.value.toUpperCase() } })}
              />
            )}
          </Field>
          <Field label={t('reg.id')} at="/organisation/identifier/id" errors={errors}>
            {(a) => <input {...a} value={v.organisation.identifier.id} onChange={(e) => org({ identifier: { ...v.organisation.identifier, id: e.target.value } })} />}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('reg.address')}</legend>
          <Field label={t('reg.street')} at="/organisation/address/streetAddress" errors={errors}>
            {(a) => (
              <input
                {...a}
                autoComplete="street-address"
                value={v.organisation.address?.streetAddress ?? ''}
                onChange={(e) => org({ address: { ...v.organisation.address, streetAddress: e.target.value } })}
              />
            )}
          </Field>
          <Field label={t('reg.locality')} at="/organisation/address/locality" errors={errors}>
            {(a) => (
              <input
                {...a}
                autoComplete="address-level2"
                value={v.organisation.address?.locality ?? ''}
                onChange={(e) => org({ address: { ...v.organisation.address, locality: e.target.value } })}
              />
            )}
          </Field>
          <Field label={t('reg.postalCode')} at="/organisation/address/postalCode" errors={errors}>
            {(a) => (
              <input
                {...a}
                autoComplete="postal-code"
                value={v.organisation.address?.postalCode ?? ''}
                onChange={(e) => org({ address: { ...v.organisation.address, postalCode: e.target.value } })}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('reg.contact')}</legend>
          <Field label={t('reg.contactName')} at="/organisation/contactPoint/name" errors={errors}>
            {(a) => (
              <input {...a} value={v.organisation.contactPoint?.name ?? ''} onChange={(e) => org({ contactPoint: { ...v.organisation.contactPoint, name: e.target.value } })} />
            )}
          </Field>
          <Field label={t('reg.contactEmail')} at="/organisation/contactPoint/email" errors={errors}>
            {(a) => (
              <input
                {...a}
                type="email"
                value={v.organisation.contactPoint?.email ?? ''}
                onChange={(e) => org({ contactPoint: { ...v.organisation.contactPoint, email: e.target.value } })}
              />
            )}
          </Field>
          <Field label={t('reg.telephone')} at="/organisation/contactPoint/telephone" errors={errors}>
            {(a) => (
              <input
                {...a}
                type="tel"
                autoComplete="tel"
                value={v.organisation.contactPoint?.telephone ?? ''}
                onChange={(e) => org({ contactPoint: { ...v.organisation.contactPoint, telephone: e.target.value } })}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('reg.user')}</legend>
          <Field label={t('reg.userName')} at="/user/name" errors={errors}>
            {(a) => <input {...a} autoComplete="name" value={v.user.name} onChange={(e) => form.set((x) => ({ ...x, user: { ...x.user, name: e.target.value } }))} />}
          </Field>
          <Field label={t('reg.email')} at="/user/email" errors={errors}>
            {(a) => (
              <input {...a} type="email" autoComplete="username" value={v.user.email} onChange={(e) => form.set((x) => ({ ...x, user: { ...x.user, email: e.target.value } }))} />
            )}
          </Field>
          <Field label={t('reg.password')} at="/user/password" errors={errors}>
            {(a) => (
              <input
                {...a}
                type="password"
                autoComplete="new-password"
                value={v.user.password}
                onChange={(e) => form.set((x) => ({ ...x, user: { ...x.user, password: e.target.value } }))}
              />
            )}
          </Field>
        </fieldset>
        <button className="btn" type="submit" disabled={form.busy} data-testid="register-submit">
          {form.busy ? t('form.saving') : t('reg.submit')}
        </button>
      </form>
    </div>
  );
}
