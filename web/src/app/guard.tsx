import type { ReactNode } from 'react';
import { useI18n } from './i18n.tsx';
import { roleKey } from './Layout.tsx';
import { Link } from './router.tsx';
import { useSession } from './session.tsx';
import { PageTitle } from './ui.tsx';

/**
 * A work page for those with a permission (the names /api/v1/me lists). A
 * direct visit by anyone else explains why the page is closed to them,
 * rather than showing an empty page or a bare error. The API enforces the
 * same permission; this only spares the visit.
 */
export function Guard({ permission, signedIn, children }: { permission?: string; signedIn?: boolean; children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  if (!session.ready)
    return (
      <p className="page muted" role="status">
        {t('common.loading')}
      </p>
    );
  if (!session.user && (signedIn || permission)) {
    return (
      <div className="page narrow" data-testid="forbidden">
        <PageTitle title={t('guard.signInTitle')}>{t('guard.signInTitle')}</PageTitle>
        <p>{t('guard.signInBody')}</p>
        <p>
          <Link className="btn" href={`/sign-in?next=${encodeURIComponent(window.location.pathname)}`}>
            {t('nav.signIn')}
          </Link>
        </p>
      </div>
    );
  }
  if (permission && !session.can(permission)) {
    const roles = session.user!.roles.map((r) => t(roleKey(r))).join(', ');
    return (
      <div className="page narrow" data-testid="forbidden">
        <PageTitle title={t('guard.forbiddenTitle')}>{t('guard.forbiddenTitle')}</PageTitle>
        <p>{t('guard.forbiddenBody', { roles: roles || '—', permission })}</p>
        <p>
          <Link href="/work">{t('nav.work')}</Link>
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
