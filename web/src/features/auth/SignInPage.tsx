import { type FormEvent, useState } from 'react';
import { ApiError } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { roleKey } from '../../app/Layout.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { Subscriptions } from '../../app/Subscriptions.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Dl, PageTitle } from '../../app/ui.tsx';

export function SignInPage() {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(email, password);
      // Back to the page that asked for a sign-in, else to the user's own work.
      const next = query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/work');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t('auth.limited') : t('auth.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="page">
      <PageTitle title={t('auth.title')}>{t('auth.title')}</PageTitle>
      <form className="form card" onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
        <label>
          {t('auth.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('auth.password')}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? (
          <p id="signin-error" className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button className="btn" type="submit" disabled={busy}>
          {t('auth.submit')}
        </button>
      </form>
    </div>
  );
}

export function AccountPage() {
  const { t, lang } = useI18n();
  const session = useSession();
  if (!session.ready) return <p className="muted">{t('common.loading')}</p>;
  if (!session.user)
    return (
      <div className="page">
        <p>{t('auth.signedOut')}</p>
        <Link href="/sign-in">{t('nav.signIn')}</Link>
      </div>
    );
  const u = session.user;
  return (
    <div className="page">
      <PageTitle title={t('nav.account')}>{t('auth.signedInAs', { name: u.name })}</PageTitle>
      <Card>
        <Dl
          rows={[
            [t('auth.email'), u.email],
            [t('auth.role'), <span data-testid="account-role">{u.roles.map((r) => t(roleKey(r))).join(', ')}</span>],
            [t('auth.organisation'), u.organisationId ? <Link href={`/organisations/${u.organisationId}`}>{u.organisationName}</Link> : null],
          ]}
        />
      </Card>
      <Card title={t('auth.permissions')}>
        <ul className="list" data-testid="permissions">
          {session.permissions.map((p) => (
            <li key={p} data-permission={p}>
              {codeLabel(lang, 'perm', p)}
            </li>
          ))}
        </ul>
      </Card>
      <Subscriptions />
    </div>
  );
}
