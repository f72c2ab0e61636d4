import { lazy, Suspense, type ReactNode } from 'react';
import { I18nProvider, useI18n } from './i18n.tsx';
import { Layout } from './Layout.tsx';
import { Link, match, RouterProvider, useLocation } from './router.tsx';
import { SessionProvider } from './session.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { SignInPage, AccountPage } from '../features/auth/SignInPage.tsx';

// Pages other than home load on demand, so the first visit downloads little.
const MapPage = lazy(() => import('../features/map/MapPage.tsx'));
const ProjectPage = lazy(() => import('../features/projects/ProjectPage.tsx'));
const SearchPage = lazy(() => import('../features/search/SearchPage.tsx'));
const TenderPage = lazy(() => import('../features/tenders/TenderPage.tsx'));
const TendersPage = lazy(() => import('../features/tenders/TendersPage.tsx'));
const DistrictPage = lazy(() => import('../features/districts/DistrictPage.tsx'));
const CountryPage = lazy(() => import('../features/partners/CountryPage.tsx'));
const OrganisationPage = lazy(() => import('../features/organisations/OrganisationPage.tsx'));
const OrganisationsPage = lazy(() => import('../features/organisations/OrganisationsPage.tsx'));
const OpenDataPage = lazy(() => import('../features/open-data/OpenDataPage.tsx'));
// Work pages of companies, the opening committee and evaluators (bidding, committee, evaluation features).
const BidsPage = lazy(() => import('../features/bidding/BidsPage.tsx'));
const BidPage = lazy(() => import('../features/bidding/BidPage.tsx'));
const CommitteePage = lazy(() => import('../features/committee/CommitteePage.tsx'));
const CommitteeTenderPage = lazy(() => import('../features/committee/CommitteeTenderPage.tsx'));
const EvaluationList = lazy(() => import('../features/evaluation/EvaluationPage.tsx').then((m) => ({ default: m.EvaluationList })));
const EvaluationPage = lazy(() => import('../features/evaluation/EvaluationPage.tsx'));

const ROUTES: [string, (p: Record<string, string>) => ReactNode][] = [
  ['/', () => <HomePage />],
  ['/map', () => <MapPage />],
  ['/search', () => <SearchPage />],
  ['/projects', () => <SearchPage />],
  ['/projects/:id', (p) => <ProjectPage id={p.id} />],
  ['/tenders', () => <TendersPage />],
  ['/tenders/:id', (p) => <TenderPage id={p.id} />],
  ['/districts/:code', (p) => <DistrictPage code={p.code} />],
  ['/countries/:code', (p) => <CountryPage code={p.code} />],
  ['/organisations', () => <OrganisationsPage />],
  ['/organisations/:id', (p) => <OrganisationPage id={p.id} />],
  ['/open-data', () => <OpenDataPage />],
  ['/sign-in', () => <SignInPage />],
  ['/account', () => <AccountPage />],
  ['/bids', () => <BidsPage />],
  ['/tenders/:id/bid', (p) => <BidPage id={p.id} />],
  ['/committee', () => <CommitteePage />],
  ['/committee/tenders/:id', (p) => <CommitteeTenderPage id={p.id} />],
  ['/evaluation', () => <EvaluationList />],
  ['/evaluation/:id', (p) => <EvaluationPage id={p.id} />],
];

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t('common.notFound')}</h1>
      <Link href="/">{t('common.back')}</Link>
    </div>
  );
}

function Routes() {
  const { path } = useLocation();
  const { t } = useI18n();
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return <Suspense fallback={<p className="page muted">{t('common.loading')}</p>}>{render(params)}</Suspense>;
  }
  return <NotFound />;
}

export function App() {
  return (
    <I18nProvider>
      <RouterProvider>
        <SessionProvider>
          <Layout>
            <Routes />
          </Layout>
        </SessionProvider>
      </RouterProvider>
    </I18nProvider>
  );
}
