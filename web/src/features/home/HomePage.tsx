import { lazy, Suspense } from 'react';
import { itemsOf } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Empty, PageTitle, Show, num, str, useGet, useLoad } from '../../app/ui.tsx';
import { BarList, LAND_COLOURS, MonthlyChart, ProgressGraphic } from './charts.tsx';
import * as home from './api.ts';
import { safeRegion } from './api.ts';

// The map (and maplibre-gl inside it) is a separate chunk, fetched after the page shows.
const MapView = lazy(() => import('../map/MapView.tsx'));

interface Programme {
  name: Record<string, string>;
  targetKm2: number;
  currencies: string[];
  isDemo: boolean;
}

function Headline({ programme }: { programme: Programme | null }) {
  const { t } = useI18n();
  const s = useLoad(async () => home.landSummary(), []);
  const target = programme?.targetKm2 ?? 0;
  return (
    <Card title={t('home.headline')} id="headline">
      <Show value={s} empty={<Stats target={target} figures={null} />}>
        {(data) => {
          const f = home.readLandSummary(data, target);
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

function Stats({ target, figures }: { target: number; figures: home.LandFigures | null }) {
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
  const s = useLoad(async () => home.landSeries(), []);
  return (
    <Card title={t('home.monthly')} id="monthly">
      <Show value={s}>{(data) => (home.readSeries(data).length ? <MonthlyChart points={home.readSeries(data)} /> : <Empty />)}</Show>
    </Card>
  );
}

function ProjectsBreakdown() {
  const { t, lang } = useI18n();
  const s = useLoad(async () => home.projectFacets(), []);
  return (
    <>
      <Card title={t('home.bySector')} id="by-sector" className="span-6">
        <Show value={s}>
          {(data) => {
            // Sub-sectors (energy.solar, transport.road) count under their top-level sector here.
            const bySector = new Map<string, number>();
            for (const r of home.readFacet((data as { facets?: unknown }).facets, 'sector')) bySector.set(r.key.split('.')[0], (bySector.get(r.key.split('.')[0]) ?? 0) + r.value);
            const rows = [...bySector].map(([key, value]) => ({ key, value })).sort((a, b) => b.value - a.value);
            return rows.length ? <BarList rows={rows.slice(0, 8).map((r) => ({ ...r, label: codeLabel(lang, 'sector', r.key) }))} /> : <Empty />;
          }}
        </Show>
      </Card>
      <Card title={t('home.byStatus')} id="by-status" className="span-6">
        <Show value={s}>
          {(data) => {
            const rows = home.readFacet((data as { facets?: unknown }).facets, 'status');
            return rows.length ? <BarList rows={rows.map((r) => ({ ...r, label: codeLabel(lang, 'status', r.key) }))} /> : <Empty />;
          }}
        </Show>
      </Card>
    </>
  );
}

function Money({ currency }: { currency: string }) {
  const { t, fmt } = useI18n();
  const s = useLoad(async () => home.moneyStats(), []);
  return (
    <Card title={t('home.money')} id="money" className="span-4">
      <Show value={s}>
        {(data) => {
          const committed = num(data, 'committed.amount', 'committed', 'budget.amount', 'totalBudget');
          const spent = num(data, 'spent.amount', 'spent', 'disbursed');
          const cur = str(data, 'committed.currency', 'currency') ?? currency;
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
  const s = useLoad(async () => home.partnerStats(), []);
  const names = new Intl.DisplayNames([lang], { type: 'region' });
  return (
    <Card title={t('home.contractsByCountry')} id="by-country" className="span-4">
      <Show value={s}>
        {(data) => {
          const rows = itemsOf(data)
            .map((c) => ({ key: str(c, 'code', 'country', 'iso2') ?? '', value: num(c, 'contracts.count', 'contractCount', 'contracts', 'stats.contracts') ?? 0 }))
            .filter((r) => r.key && r.value > 0)
            .sort((a, b) => b.value - a.value)
            .slice(0, 8);
          return rows.length ? <BarList rows={rows.map((r) => ({ ...r, label: safeRegion(names, r.key) }))} /> : <Empty />;
        }}
      </Show>
    </Card>
  );
}


function Competition() {
  const { t, fmt } = useI18n();
  const s = useLoad(async () => home.tenderStats(), []);
  return (
    <Card title={t('home.competition')} id="competition" className="span-4">
      <Show value={s}>
        {(data) => {
          const avg = num(data, 'averageBidsPerTender', 'avgBids', 'bidsPerTender.average');
          const hist = itemsOf((data as { histogram?: unknown })?.histogram ?? (data as { bidsPerTender?: unknown })?.bidsPerTender);
          if (avg === null && !hist.length) return <Empty />;
          return (
            <>
              {avg !== null ? (
                <div className="stat released">
                  <span className="v">{fmt.number(avg, 1)}</span>
                  <span className="k">{t('home.avgBids')}</span>
                </div>
              ) : null}
              {hist.length ? <BarList rows={hist.map((h) => ({ key: String(num(h, 'bids', 'n') ?? ''), label: `${t('tender.bids')}: ${num(h, 'bids', 'n')}`, value: num(h, 'tenders', 'count') ?? 0 }))} /> : null}
            </>
          );
        }}
      </Show>
    </Card>
  );
}

function NewestTenders() {
  const { t, pick, fmt } = useI18n();
  const s = useLoad(async () => home.newestTenders(), []);
  return (
    <Card title={t('home.newestTenders')} id="newest-tenders" className="span-6">
      <Show value={s}>
        {(data) => {
          const rows = itemsOf(data).slice(0, 6);
          if (!rows.length) return <Empty />;
          return (
            <ul className="list">
              {rows.map((r) => (
                <li key={str(r, 'id') ?? ''}>
                  <Link href={`/tenders/${str(r, 'id')}`}>{pick(r.title) || str(r, 'ocid')}</Link>
                  <span className="muted">{str(r, 'tenderPeriod.endDate') ? fmt.date(str(r, 'tenderPeriod.endDate')!) : ''}</span>
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
  const s = useLoad(async () => home.newestReleases(), []);
  return (
    <Card title={t('home.newestReleases')} id="newest-releases" className="span-6">
      <Show value={s}>
        {(data) => {
          const rows = itemsOf(data).slice(0, 6);
          if (!rows.length) return <Empty />;
          return (
            <ul className="list">
              {rows.map((r, i) => {
                const p = (r as { properties?: unknown }).properties ?? r;
                const area = num(p, 'areaKm2', 'area_km2', 'km2');
                return (
                  <li key={str(p, 'id') ?? i}>
                    <span>
                      <span className="swatch" style={{ background: LAND_COLOURS.released, marginRight: '0.4rem' }} aria-hidden="true" />
                      {[str(p, 'reference'), str(p, 'district')].filter(Boolean).join(' · ') || t('land.released')}
                    </span>
                    <span className="muted">
                      {area !== null ? fmt.km2(area) : ''} {str(p, 'completed_on', 'completedOn', 'date') ? `· ${fmt.date(str(p, 'completed_on', 'completedOn', 'date')!)}` : ''}
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
