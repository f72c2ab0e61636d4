import type { Programme } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Empty, PageTitle, Show, useGet, useLoad } from '../../app/ui.tsx';
import { MonthlyChart, ProgressGraphic } from '../home/charts.tsx';
import * as data from './api.ts';
import { DistrictMap } from './DistrictMap.tsx';
import { Amounts, Fig } from './figures.tsx';
import { CountryTable, DistrictTable } from './tables.tsx';
import './report.css';

/**
 * /report: the programme on paper (A4), as a minister hands it to a
 * delegation, in the chosen language. The same public data as the home page
 * plus one aggregate for the two tables; every figure links to its source,
 * and the sources are listed in full at the end for the printed copy.
 */
export default function ReportPage() {
  const { t, pick, fmt } = useI18n();
  const p = useGet<Programme>('/api/v1/programme');
  const land = useLoad((s) => data.landSummary(s), ['/api/v1/land/summary']);
  const report = useLoad((s) => data.reportFigures(s), ['/api/v1/stats/report']);
  const programme = p.state === 'ok' ? p.data : null;
  return (
    <div className="page report-page">
      <div className="report-head">
        <div>
          <p className="muted report-kicker">{t('report.title')}</p>
          <PageTitle title={t('report.title')}>{programme ? pick(programme.name) : t('report.title')}</PageTitle>
          <p data-testid="as-of">{report.state === 'ok' ? <Fig href={data.SOURCES.report}>{t('report.asOf', { date: fmt.dateLong(report.data.asOf) })}</Fig> : null}</p>
        </div>
        <div className="actions no-print">
          <button type="button" className="btn" data-testid="print" onClick={() => window.print()}>
            {t('report.print')}
          </button>
          <Link href="/open-data">{t('report.openData')}</Link>
        </div>
      </div>
      <p className="muted">{t('report.intro')}</p>
      <div className="grid">
        <Card title={t('report.headline')} id="report-headline" className="span-12">
          <Headline />
        </Card>
        <Card title={t('report.monthly')} id="report-monthly" className="span-6">
          <Monthly />
        </Card>
        <Card title={t('report.map')} id="report-territory" className="span-6">
          <Territory />
        </Card>
        <Card title={t('report.districts')} id="report-districts" className="span-12">
          <Show value={land}>{(l) => <Show value={report}>{(r) => <DistrictTable land={l} report={r} />}</Show>}</Show>
        </Card>
        <Card title={t('report.countries')} id="report-countries" className="span-12">
          <Show value={report}>{(r) => <CountryTable report={r} />}</Show>
          <p className="muted small">{t('report.countriesNote')}</p>
        </Card>
        <Card title={t('report.sources')} id="report-sources" className="span-12">
          <ul className="sources">
            {Object.values(data.SOURCES).map((u) => (
              <li key={u}>
                <a href={u}>{`${window.location.origin}${u}`}</a>
              </li>
            ))}
            <li>
              <Link href="/open-data">{`${window.location.origin}/open-data`}</Link>
            </li>
          </ul>
        </Card>
      </div>
    </div>
  );
}

function Headline() {
  const { t, fmt } = useI18n();
  const land = useLoad((s) => data.landSummary(s), ['/api/v1/land/summary']);
  const facets = useLoad((s) => data.projectFacets(s), ['/api/v1/projects', 'facets']);
  const money = useLoad((s) => data.procurement(s), ['/api/v1/stats/procurement']);
  const report = useLoad((s) => data.reportFigures(s), ['/api/v1/stats/report']);
  const projects = facets.state === 'ok' ? (facets.data.facets?.status ?? []).reduce((n, r) => n + r.count, 0) : null;
  return (
    <Show value={land}>
      {(l) => {
        const f = l.programme;
        const target = l.targetKm2 ?? 0;
        const km2: [string, string, number][] = [
          ['target', t('home.target'), target],
          ['released', t('home.released'), f.releasedKm2],
          ['under_reconstruction', t('home.underReconstruction'), f.underReconstructionKm2],
          ['rebuilt', t('home.rebuilt'), f.rebuiltKm2],
        ];
        return (
          <>
            <h3>{t('report.land')}</h3>
            <div className="stats" data-testid="report-land">
              {km2.map(([k, label, v]) => (
                <div key={k} className={`stat ${k}`}>
                  <span className="v">
                    <Fig href={data.SOURCES.land}>{fmt.km2(v)}</Fig>
                  </span>
                  <span className="k">{label}</span>
                </div>
              ))}
            </div>
            <ProgressGraphic target={target} released={f.releasedKm2} recon={f.underReconstructionKm2} rebuilt={f.rebuiltKm2} />
            <h3>{t('report.money')}</h3>
            <div className="stats" data-testid="report-money">
              <div className="stat target">
                <span className="v">{projects === null ? t('common.none') : <Fig href={data.SOURCES.projects}>{fmt.number(projects)}</Fig>}</span>
                <span className="k">{t('report.projects')}</span>
              </div>
              <div className="stat released">
                <span className="v">
                  <Amounts list={report.state === 'ok' ? data.sumByCurrency(report.data.countries.map((c) => c.pledged)) : []} href={data.SOURCES.report} />
                </span>
                <span className="k">{t('report.pledged')}</span>
              </div>
              <div className="stat under_reconstruction">
                <span className="v">
                  <Amounts list={money.state === 'ok' ? money.data.committedByCurrency : []} href={data.SOURCES.procurement} />
                </span>
                <span className="k">{t('report.contracted')}</span>
              </div>
              <div className="stat rebuilt">
                <span className="v">
                  <Amounts list={money.state === 'ok' ? money.data.spentByCurrency : []} href={data.SOURCES.procurement} />
                </span>
                <span className="k">{t('report.paid')}</span>
              </div>
            </div>
          </>
        );
      }}
    </Show>
  );
}

function Monthly() {
  const s = useLoad((signal) => data.landSeries(signal), ['/api/v1/land/series']);
  return (
    <Show value={s}>
      {(series) => {
        // Land released in each month (the delta), the last two years: what fits a half page.
        const points = series.months.map((m) => ({ month: m.month.slice(0, 7), value: m.releasedInMonthKm2 })).slice(-24);
        return points.length ? (
          <a className="fig block" href={data.SOURCES.series}>
            <MonthlyChart points={points} />
          </a>
        ) : (
          <Empty />
        );
      }}
    </Show>
  );
}

function Territory() {
  const shapes = useLoad((s) => data.districtShapes(s), ['/api/v1/areas/geojson', 'report']);
  const land = useLoad((s) => data.landSummary(s), ['/api/v1/land/summary']);
  const released = new Map(land.state === 'ok' ? land.data.districts.map((d) => [d.code, d.releasedKm2] as const) : []);
  return (
    <Show value={shapes}>
      {(fc) => (
        <a className="fig block" href={data.SOURCES.districts}>
          <DistrictMap shapes={fc.features} released={released} />
        </a>
      )}
    </Show>
  );
}
