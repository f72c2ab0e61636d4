import { type ReactNode, useState } from 'react';
import { isLang, LANG_NAMES, LANGS, type MessageKey } from '../i18n/index.ts';
import { useI18n } from './i18n.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { useSession } from './session.tsx';

const NAV: { href: string; key: MessageKey }[] = [
  { href: '/', key: 'nav.home' },
  { href: '/map', key: 'nav.map' },
  { href: '/search', key: 'nav.search' },
  { href: '/tenders', key: 'nav.tenders' },
  { href: '/organisations', key: 'nav.organisations' },
  { href: '/open-data', key: 'nav.openData' },
];

/** Links that only some roles see, keyed by the permission that /api/v1/me must list. */
const WORK_NAV: { href: string; key: MessageKey; permission: string | null }[] = [
  { href: '/work', key: 'nav.work', permission: null },
  { href: '/admin/organisations', key: 'nav.verifyOrgs', permission: 'organisation.verify' },
  { href: '/admin/users', key: 'nav.manageUsers', permission: 'user.manage' },
  { href: '/audit', key: 'nav.auditLog', permission: 'audit.read' },
  { href: '/engagements/new', key: 'nav.newEngagement', permission: 'partners.manageEngagements' },
  { href: '/pledges/new', key: 'nav.newPledge', permission: 'partners.managePledges' },
  { href: '/bids', key: 'nav.bids', permission: 'tender.bid' },
  { href: '/work/contracts', key: 'nav.contracts', permission: 'contract.report' },
  { href: '/work/contracts?as=operator', key: 'nav.contracts', permission: 'contract.manage' },
  { href: '/red-flags', key: 'nav.redFlags', permission: 'contract.readFlags' },
  { href: '/committee', key: 'nav.committee', permission: 'tender.submitShare' },
  { href: '/evaluation', key: 'nav.evaluation', permission: 'tender.award' },
  { href: '/evaluation?as=evaluator', key: 'nav.evaluation', permission: 'tender.evaluate' },
];

export function roleKey(role: string): MessageKey {
  return `role.${role}` as MessageKey;
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const current = (href: string) => (href === '/' ? path === '/' : path.startsWith(href.split('?')[0]));
  const work = session.user ? WORK_NAV.filter((w) => w.permission === null || session.can(w.permission)) : [];

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <div className="top-inner">
          <Link href="/" className="brand">
            <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="7" fill="#0b6e4f" />
              <path d="M7 22 L13 12 L18 19 L21 15 L26 22 Z" fill="#f4d35e" />
            </svg>
            <span>
              <strong>{t('app.name')}</strong>
              <small>{t('app.tagline')}</small>
            </span>
          </Link>
          <button className="menu-btn" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
            {t('nav.menu')}
          </button>
          <nav id="main-nav" aria-label={t('nav.main')} className={open ? 'open' : ''}>
            <ul>
              {NAV.map((n) => (
                <li key={n.href}>
                  <Link href={n.href} aria-current={current(n.href) ? 'page' : undefined} onClick={() => setOpen(false)}>
                    {t(n.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="top-tools">
            <label className="lang">
              <span className="sr-only">{t('lang.label')}</span>
              <select value={lang} onChange={(e) => isLang(e.target.value) && setLang(e.target.value)} data-testid="lang-switch">
                {LANGS.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {LANG_NAMES[l]}
                  </option>
                ))}
              </select>
            </label>
            {session.user ? (
              <div className="who" data-testid="who">
                <Link href="/account" className="who-name">
                  {session.user.name}
                </Link>
                <span className="role" data-testid="role">
                  {session.user.roles.map((r) => t(roleKey(r))).join(', ')}
                </span>
                <button
                  className="linkish"
                  onClick={async () => {
                    await session.signOut();
                    navigate('/');
                  }}
                >
                  {t('nav.signOut')}
                </button>
              </div>
            ) : session.ready ? (
              <>
                <Link href="/register" className="linkish">
                  {t('nav.register')}
                </Link>
                <Link href="/sign-in" className="btn small">
                  {t('nav.signIn')}
                </Link>
              </>
            ) : null}
          </div>
        </div>
        {work.length > 0 ? (
          <nav className="work" aria-label={t('nav.workspace')}>
            <ul>
              {work.map((w) => (
                <li key={w.href}>
                  <Link href={w.href} aria-current={current(w.href) ? 'page' : undefined}>
                    {t(w.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main">{children}</main>
      <footer className="foot">
        <p>{t('footer.text')}</p>
        <p>
          <Link href="/open-data">{t('nav.openData')}</Link> · <a href="/api/docs">{t('footer.api')}</a>
        </p>
      </footer>
    </>
  );
}
