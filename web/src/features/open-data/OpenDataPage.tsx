import { BOUNDARY_ATTRIBUTION, BOUNDARY_LICENCE_URL } from '../../../../src/modules/land/attribution.ts';
import type { AuditHead as Head } from '../../api/types.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, PageTitle, Show, useGet } from '../../app/ui.tsx';

export default function OpenDataPage() {
  const { t, fmt } = useI18n();
  const head = useGet<Head>('/api/v1/audit/head');
  const downloads: [string, string][] = [
    [t('openData.ocds'), ENDPOINTS.ocdsReleases],
    [t('openData.oc4ids'), ENDPOINTS.oc4idsProjects],
    [t('openData.projectsGeo'), ENDPOINTS.projectsGeoExport],
    [t('openData.areas'), ENDPOINTS.districtsGeo],
    [t('openData.hazards'), ENDPOINTS.hazardsGeo],
    [t('openData.releasesGeo'), ENDPOINTS.releasesGeo],
    [t('report.figuresJson'), ENDPOINTS.statsReport],
  ];
  return (
    <div className="page">
      <PageTitle title={t('openData.title')}>{t('openData.title')}</PageTitle>
      <p>{t('openData.intro')}</p>
      <div className="grid">
        <Card title={t('openData.downloads')} id="downloads" className="span-6">
          <ul className="list">
            {downloads.map(([label, href]) => (
              <li key={href}>
                <a href={href}>{label}</a>
                <code className="muted">{href}</code>
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t('report.title')} id="report" className="span-6">
          <p>{t('report.printable')}</p>
          <p>
            <Link href="/report">{t('report.link')}</Link>
          </p>
        </Card>
        <Card title={t('openData.apiDocs')} id="api" className="span-6">
          <ul className="list">
            <li>
              <a href="/api/docs">{t('openData.apiDocs')}</a>
            </li>
            <li>
              <a href="/api/openapi.json">{t('openData.openapi')}</a>
            </li>
          </ul>
        </Card>
        <Card title={t('openData.audit')} id="audit" className="span-12">
          <p>{t('openData.auditIntro')}</p>
          <Show value={head}>
            {(h) => (
              <Dl
                rows={[
                  [t('openData.sequence'), <span data-testid="audit-seq">{fmt.number(h.seq)}</span>],
                  [
                    t('openData.hash'),
                    <span className="hash" data-testid="audit-hash">
                      {h.hash}
                    </span>,
                  ],
                  [t('common.date'), h.updatedAt ? fmt.date(h.updatedAt) : null],
                ]}
              />
            )}
          </Show>
        </Card>
        <Card title={t('openData.licence')} id="licence" className="span-12">
          <p className="muted">
            {BOUNDARY_ATTRIBUTION} <a href={BOUNDARY_LICENCE_URL}>CC BY-SA 3.0</a>
          </p>
        </Card>
      </div>
    </div>
  );
}
