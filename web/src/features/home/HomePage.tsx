import { lazy, Suspense } from 'react';
import type { Programme } from '../../api/types.ts';
import { codeLabel } from '../../app/codes.ts';
import { useDistrictName } from '../../app/districts.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Empty, PageTitle, Show, useGet, useLoad } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';
import * as home from './api.ts';
import { BarList, LAND_COLOURS, MonthlyChart, ProgressGraphic } from './charts.tsx';

// The map (and maplibre-gl inside it) is a separate chunk, fetched after the page shows.
const MapView = lazy(() => import('../map/MapView.tsx'));

interface LandFigures {
  target: number;
  hazardous: number | null;
  released: number;
  recon: number;
  rebuilt: number;
}

function Headline({ programme }: { programme: Programme | null }) {
  const { t } = useI18n();
  const s = useLoad((signal) => home.landSummary(signal), ['/api/v1/land/summary']);
  const target = programme?.targetKm2 ?? 0;
  return (
    <Card title={t('home.headline')} id="headline">
      <Show value={s} empty={<Stats target={target} figures={null} />}>
        {(data) => {
          const p = data.programme;
          const f: LandFigures = { target: data.targetKm2 ?? target, hazardous: p.hazardousKm2, released: p.releasedKm2, recon: p.underReconstructionKm2, rebuilt: p.rebuiltKm2 };
          return (
            <>
              <Stats target={f.target} figures={f} />
              <ProgressGraphic target={f.target} released={f.released} recon={f.recon} rebuilt={f.rebuilt} />
            </>
          );
        }}
      </Show>
    </Card>
  );
}

function Stats({ target, figures }: { target: number; figures: LandFigures | null }) {
  const { t, fmt } = useI18n();
  const rows: [string, string, number | null][] = [
    ['target', t('home.target'), target],
    ['hazardous', t('home.hazardous'), figures?.hazardous ?? null],
    ['released', t('home.released'), figures?.released ?? null],
    ['under_reconstruction', t('home.underReconstruction'), figures?.recon ?? null],
    ['rebuilt', t('home.rebuilt'), figures?.rebuilt ?? null],
  ];
  return (
    <div className="stats" data-testid="headline-stats">
      {rows.map(([k, label, v]) => (
        <div key={k} className={`stat ${k}`}>
          <span className="v">{v === null ? t('common.none') : fmt.km2(v)}</span>
          <span className="k">{label}</span>
        </div>
      ))}
    </div>
  );
}

function Monthly() {
  const { t } = useI18n();
  const s = useLoad((signal) => home.landSeries(signal), ['/api/v1/land/series']);
  return (
    <Card title={t('home.monthly')} id="monthly">
      <Show value={s}>
        {(data) => {
          const points = data.months.map((m) => ({ month: m.month.slice(0, 7), value: m.releasedInMonthKm2 })).slice(-24);
          return points.length ? <MonthlyChart points={points} /> : <Empty />;
        }}
      </Show>
    </Card>
  );
}

function ProjectsBreakdown() {
  const { t, lang } = useI18n();
  const s = useLoad((signal) => home.projectFacets(signal), ['/api/v1/projects', 'facets']);
  return (
    <>
      <Card title={t('home.bySector')} id="by-sector" className="span-6">
        <Show value={s}>
          {(data) => {
            // The server's sector facet (top-level sectors, one count per project): the same numbers the search page shows.
            const rows = (data.facets?.sector ?? []).map((r) => ({ key: r.value, value: r.count }));
            return rows.length ? <BarList rows={rows.slice(0, 8).map((r) => ({ ...r, label: codeLabel(lang, 'sector', r.key) }))} /> : <Empty />;
          }}
        </Show>
      </Card>
      <Card title={t('home.byStatus')} id="by-status" className="span-6">
        <Show value={s}>
          {(data) => {
            const rows = (data.facets?.status ?? []).map((r) => ({ key: r.value, value: r.count })).sort((a, b) => b.value - a.value);
            return rows.length ? <BarList rows={rows.map((r) => ({ ...r, label: codeLabel(lang, 'status', r.key) }))} /> : <Empty />;
          }}
        </Show>
      </Card>
    </>
  );
}

function Money({ currency }: { currency: string }) {
  const { t, fmt } = useI18n();
  const s = useLoad((signal) => home.procurementFigures(signal), ['/api/v1/stats/procurement']);
  return (
    <Card title={t('home.money')} id="money" className="span-4">
      <Show value={s}>
        {(data) => {
          const committed = data.committed?.amount ?? null;
          // Paid by contract payments in the headline currency; null until something is paid.
          const spent: number | null = data.spent?.amount ?? null;
          const cur = data.committed?.currency ?? currency;
          if (committed === null && spent === null) return <Empty />;
          return (
            <div className="stats">
              <div className="stat released">
                <span className="v">{committed === null ? t('common.none') : fmt.money(committed, cur)}</span>
                <span className="k">{t('home.committed')}</span>
              </div>
              <div className="stat rebuilt">
                <span className="v">{spent === null ? t('common.none') : fmt.money(spent, cur)}</span>
                <span className="k">{t('home.spent')}</span>
              </div>
            </div>
          );
        }}
      </Show>
    </Card>
  );
}

function ContractsByCountry() {
  const { t, lang } = useI18n();
  const s = useLoad((signal) => home.partnerStats(signal), ['/api/v1/partners', 'contracts']);
  return (
    <Card title={t('home.contractsByCountry')} id="by-country" className="span-4">
      <Show value={s}>
        {(data) => {
          const rows = data
            .map((c) => ({ key: c.code, value: c.contracts }))
            .filter((r) => r.key && r.value > 0)
            .sort((a, b) => b.value - a.value)
            .slice(0, 8);
          return rows.length ? <BarList rows={rows.map((r) => ({ ...r, label: countryName(lang, r.key) }))} /> : <Empty />;
        }}
      </Show>
    </Card>
  );
}

function Competition() {
  const { t, fmt } = useI18n();
  const s = useLoad((signal) => home.procurementFigures(signal), ['/api/v1/stats/procurement']);
  return (
    <Card title={t('home.competition')} id="competition" className="span-4">
      <Show value={s}>
        {(data) => {
          const avg = data.averageBidsPerTender;
          const hist = data.histogram;
          if (avg === null && !hist.length) return <Empty />;
          return (
            <>
              {avg !== null ? (
                <div className="stat released">
                  <span className="v">{fmt.number(avg, 1)}</span>
                  <span className="k">{t('home.avgBids')}</span>
                </div>
              ) : null}
              {hist.length ? <BarList rows={hist.map((h) => ({ key: String(h.bids), label: `${t('tender.bids')}: ${h.bids}`, value: h.tenders }))} /> : null}
            </>
          );
        }}
      </Show>
    </Card>
  );
}

function NewestTenders() {
  const { t, pick, fmt } = useI18n();
  const s = useLoad((signal) => home.newestTenders(signal), ['/api/v1/tenders', 'newest']);
  return (
    <Card title={t('home.newestTenders')} id="newest-tenders" className="span-6">
      <Show value={s}>
        {(data) => {
          const rows = data.items.slice(0, 6);
          if (!rows.length) return <Empty />;
          return (
            <ul className="list">
              {rows.map((r) => (
                <li key={r.id}>
                  <Link href={`/tenders/${r.id}`}>{pick(r.title) || r.ocid}</Link>
                  <span className="muted">{r.tenderPeriod.endDate ? fmt.date(r.tenderPeriod.endDate) : ''}</span>
                </li>
              ))}
            </ul>
          );
        }}
      </Show>
      <p>
        <Link href="/tenders">{t('common.viewAll')}</Link>
      </p>
    </Card>
  );
}

function NewestReleases() {
  const { t, fmt } = useI18n();
  const districtName = useDistrictName();
  const s = useLoad((signal) => home.newestReleases(signal), ['/api/v1/land/releases/geojson', 'newest']);
  return (
    <Card title={t('home.newestReleases')} id="newest-releases" className="span-6">
      <Show value={s}>
        {(data) => {
          const rows = data;
          if (!rows.length) return <Empty />;
          return (
            <ul className="list">
              {rows.map((p) => {
                const area = p.area_km2;
                return (
                  <li key={p.id}>
                    <span>
                      <span className="swatch" style={{ background: LAND_COLOURS.released, marginRight: '0.4rem' }} aria-hidden="true" />
                      {p.district && districtName(p.district) ? t('portal.landRelease', { district: districtName(p.district) }) : t('land.released')}
                      <span className="muted"> · {p.reference}</span>
                    </span>
                    <span className="muted">
                      {fmt.km2(area)} · {fmt.date(p.completed_on)}
                    </span>
                  </li>
                );
              })}
            </ul>
          );
        }}
      </Show>
    </Card>
  );
}

export function HomePage() {
  const { t, pick } = useI18n();
  const p = useGet<Programme>('/api/v1/programme');
  const programme = p.state === 'ok' ? p.data : null;
  return (
    <div className="page home">
      <PageTitle title={t('home.title')}>{programme ? pick(programme.name) : t('home.title')}</PageTitle>
      {programme?.isDemo ? (
        <p className="banner" role="note">
          {t('app.demoBanner')}
        </p>
      ) : null}
      <div className="grid">
        <div className="span-6">
          <Headline programme={programme} />
          <p>
            <Link href="/report">{t('report.link')}</Link>
          </p>
        </div>
        <div className="span-6">
          <Monthly />
        </div>
        <Card title={t('home.mapTitle')} id="home-map" className="span-12">
          <Suspense fallback={<div className="map-box muted">{t('map.loading')}</div>}>
            <MapView compact />
          </Suspense>
          <p>
            <Link href="/map">{t('home.openMap')}</Link>
          </p>
        </Card>
        <ProjectsBreakdown />
        <Money currency={programme?.currencies?.[0] ?? 'AZN'} />
        <ContractsByCountry />
        <Competition />
        <NewestTenders />
        <NewestReleases />
      </div>
    </div>
  );
}
