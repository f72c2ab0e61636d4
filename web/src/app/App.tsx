import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { AccountPage, SignInPage } from '../features/auth/SignInPage.tsx';
import { HomePage } from '../features/home/HomePage.tsx';
import { Guard } from './guard.tsx';
import { I18nProvider, useI18n } from './i18n.tsx';
import { Layout } from './Layout.tsx';
import { queryClient } from './query.ts';
import { Link } from './router.tsx';
import { SessionProvider } from './session.tsx';

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
const ReportPage = lazy(() => import('../features/report/ReportPage.tsx'));
// Work pages of companies, the opening committee and evaluators (bidding, committee, evaluation features).
const BidsPage = lazy(() => import('../features/bidding/BidsPage.tsx'));
const BidPage = lazy(() => import('../features/bidding/BidPage.tsx'));
const CommitteePage = lazy(() => import('../features/committee/CommitteePage.tsx'));
const CommitteeTenderPage = lazy(() => import('../features/committee/CommitteeTenderPage.tsx'));
const EvaluationList = lazy(() => import('../features/evaluation/EvaluationPage.tsx').then((m) => ({ default: m.EvaluationList })));
const EvaluationPage = lazy(() => import('../features/evaluation/EvaluationPage.tsx'));
// Back office (register, verification, users, audit, my work).
const RegisterPage = lazy(() => import('../features/register/RegisterPage.tsx'));
const VerificationPage = lazy(() => import('../features/admin/VerificationPage.tsx'));
const UsersPage = lazy(() => import('../features/admin/UsersPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const WorkPage = lazy(() => import('../features/work/WorkPage.tsx'));
const PledgeNewPage = lazy(() => import('../features/pledges/PledgeNewPage.tsx'));
const EngagementNewPage = lazy(() => import('../features/engagements/EngagementNewPage.tsx'));
const EngagementEditPage = lazy(() => import('../features/engagements/EngagementEditPage.tsx'));
const ProjectNewPage = lazy(() => import('../features/projects-office/ProjectFormPage.tsx').then((m) => ({ default: m.ProjectNewPage })));
const ProjectEditPage = lazy(() => import('../features/projects-office/ProjectFormPage.tsx').then((m) => ({ default: m.ProjectEditPage })));
const TenderNewPage = lazy(() => import('../features/tenders-office/TenderFormPage.tsx').then((m) => ({ default: m.TenderNewPage })));
const TenderEditPage = lazy(() => import('../features/tenders-office/TenderFormPage.tsx').then((m) => ({ default: m.TenderEditPage })));
// Land records: one hazardous area, one release, file imports with their map preview.
const HazardNewPage = lazy(() => import('../features/land/HazardNewPage.tsx'));
const ReleaseNewPage = lazy(() => import('../features/land/ReleaseNewPage.tsx'));
const LandImportPage = lazy(() => import('../features/land/ImportPage.tsx'));
const HazardEditPage = lazy(() => import('../features/land/CorrectionPages.tsx').then((m) => ({ default: m.HazardEditPage })));
const ReleaseEditPage = lazy(() => import('../features/land/CorrectionPages.tsx').then((m) => ({ default: m.ReleaseEditPage })));
const HazardPage = lazy(() => import('../features/land/RecordPages.tsx').then((m) => ({ default: m.HazardPage })));
const ReleasePage = lazy(() => import('../features/land/RecordPages.tsx').then((m) => ({ default: m.ReleasePage })));
// Contract execution: the public contract page, the red-flag list, and the work of suppliers and operators.
const ContractPage = lazy(() => import('../features/contracts/ContractPage.tsx'));
const ContractWorkPage = lazy(() => import('../features/contracts/ContractWorkPage.tsx'));
const ContractsListPage = lazy(() => import('../features/contracts/ContractsListPage.tsx'));
const RedFlagsPage = lazy(() => import('../features/contracts/RedFlagsPage.tsx'));

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t('common.notFound')}</h1>
      <Link href="/">{t('common.back')}</Link>
    </div>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <Suspense fallback={<p className="page muted">{t('common.loading')}</p>}>{children}</Suspense>;
}

/** Every address of the app; the parameters are typed from the path (wouter). Work pages name the permission they need. */
function Routes() {
  return (
    <Lazy>
      <Switch>
        <Route path="/">{() => <HomePage />}</Route>
        <Route path="/map">{() => <MapPage />}</Route>
        <Route path="/search">{() => <SearchPage />}</Route>
        <Route path="/projects">{() => <SearchPage />}</Route>
        <Route path="/projects/new">
          {() => (
            <Guard permission="project.create">
              <ProjectNewPage />
            </Guard>
          )}
        </Route>
        <Route path="/projects/:id/edit">
          {(p) => (
            <Guard permission="project.edit">
              <ProjectEditPage id={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/projects/:id">{(p) => <ProjectPage id={p.id} />}</Route>
        <Route path="/tenders">{() => <TendersPage />}</Route>
        <Route path="/tenders/new">
          {() => (
            <Guard permission="tender.manage">
              <TenderNewPage />
            </Guard>
          )}
        </Route>
        <Route path="/tenders/:id/edit">
          {(p) => (
            <Guard permission="tender.manage">
              <TenderEditPage id={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/tenders/:id">{(p) => <TenderPage id={p.id} />}</Route>
        <Route path="/districts/:code">{(p) => <DistrictPage code={p.code} />}</Route>
        <Route path="/countries/:code">{(p) => <CountryPage code={p.code} />}</Route>
        <Route path="/organisations">{() => <OrganisationsPage />}</Route>
        <Route path="/organisations/:id">{(p) => <OrganisationPage id={p.id} />}</Route>
        <Route path="/open-data">{() => <OpenDataPage />}</Route>
        <Route path="/report">{() => <ReportPage />}</Route>
        <Route path="/sign-in">{() => <SignInPage />}</Route>
        <Route path="/register">{() => <RegisterPage />}</Route>
        <Route path="/account">{() => <AccountPage />}</Route>
        <Route path="/work">
          {() => (
            <Guard signedIn>
              <WorkPage />
            </Guard>
          )}
        </Route>
        <Route path="/bids">{() => <BidsPage />}</Route>
        <Route path="/tenders/:id/bid">{(p) => <BidPage id={p.id} />}</Route>
        <Route path="/committee">{() => <CommitteePage />}</Route>
        <Route path="/committee/tenders/:id">{(p) => <CommitteeTenderPage id={p.id} />}</Route>
        <Route path="/evaluation">{() => <EvaluationList />}</Route>
        <Route path="/evaluation/:id">{(p) => <EvaluationPage id={p.id} />}</Route>
        <Route path="/admin/organisations">
          {() => (
            <Guard permission="organisation.verify">
              <VerificationPage />
            </Guard>
          )}
        </Route>
        <Route path="/admin/users">
          {() => (
            <Guard permission="user.manage">
              <UsersPage />
            </Guard>
          )}
        </Route>
        <Route path="/engagements/new">
          {() => (
            <Guard permission="partners.manageEngagements">
              <EngagementNewPage />
            </Guard>
          )}
        </Route>
        <Route path="/engagements/:id/edit">
          {(p) => (
            <Guard permission="partners.manageEngagements">
              <EngagementEditPage id={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/pledges/new">
          {() => (
            <Guard permission="partners.managePledges">
              <PledgeNewPage />
            </Guard>
          )}
        </Route>
        <Route path="/land/hazards/new">
          {() => (
            <Guard permission="land.importHazards">
              <HazardNewPage />
            </Guard>
          )}
        </Route>
        <Route path="/land/releases/new">
          {() => (
            <Guard permission="land.importReleases">
              <ReleaseNewPage />
            </Guard>
          )}
        </Route>
        <Route path="/land/hazards/:id/edit">
          {(p) => (
            <Guard permission="land.importHazards">
              <HazardEditPage id={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/land/releases/:id/edit">
          {(p) => (
            <Guard permission="land.importReleases">
              <ReleaseEditPage id={p.id} />
            </Guard>
          )}
        </Route>
        {/* One record, public like the land API; after /new and /:id/edit, which would otherwise match as ids. */}
        <Route path="/land/hazards/:id">{(p) => <HazardPage id={p.id} />}</Route>
        <Route path="/land/releases/:id">{(p) => <ReleasePage id={p.id} />}</Route>
        <Route path="/land/imports">
          {() => (
            <Guard permission="land.importHazards">
              <LandImportPage />
            </Guard>
          )}
        </Route>
        <Route path="/contracts/:id">{(p) => <ContractPage id={p.id} />}</Route>
        <Route path="/contracts/:id/work">
          {(p) => (
            <Guard signedIn>
              <ContractWorkPage id={p.id} />
            </Guard>
          )}
        </Route>
        <Route path="/work/contracts">
          {() => (
            <Guard signedIn>
              <ContractsListPage />
            </Guard>
          )}
        </Route>
        <Route path="/red-flags">{() => <RedFlagsPage />}</Route>
        <Route path="/audit">
          {() => (
            <Guard permission="audit.read">
              <AuditPage />
            </Guard>
          )}
        </Route>
        <Route>{() => <NotFound />}</Route>
      </Switch>
    </Lazy>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <SessionProvider>
          <Layout>
            <Routes />
          </Layout>
        </SessionProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
