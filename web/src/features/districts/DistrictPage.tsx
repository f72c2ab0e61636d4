import type { HazardSummary, LandSeries, LandSummary, Page, SearchResult } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet, useLoad } from '../../app/ui.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import { MonthlyChart } from '../home/charts.tsx';

interface Area {
  id: string;
  code: string;
  name: Record<string, string>;
  areaKm2: number;
}
type Figures = LandSummary['districts'][number];

/** A district: name and area, its land figures and monthly releases, its projects. */
export default function DistrictPage({ code }: { code: string }) {
  const { t, pick, fmt } = useI18n();
  const res = useLoad(
    async (signal) => {
      const [areas, summary] = await Promise.all([
        api<{ items: Area[]; attribution: string }>('/api/v1/areas?level=district', { signal }),
        api<LandSummary>(ENDPOINTS.landSummary, { signal }),
      ]);
      const area = areas.items.find((a) => a.code === code);
      if (!area) return null;
      return { area, figures: summary.districts.find((d) => d.code === code) ?? null, attribution: areas.attribution };
    },
    ['/api/v1/areas', 'district', code],
  );
  const series = useLoad((signal) => api<LandSeries>(`${ENDPOINTS.landSeries}?district=${encodeURIComponent(code)}`, { signal }), ['/api/v1/land/series', code]);
  const areaId = res.state === 'ok' ? res.data.area.id : null;
  const projects = useLoad((signal) => api<SearchResult>(`/api/v1/projects?districtId=${areaId}&limit=50`, { signal }), ['/api/v1/projects', 'district', areaId], {
    enabled: areaId !== null,
  });
  return (
    <div className="page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={t('district.title')}>{t('district.title')}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {({ area, figures, attribution }) => {
          const name = pick(area.name) || code;
          const km = (k: keyof Figures) => (figures ? fmt.km2(figures[k] as number) : null);
          return (
            <>
              <PageTitle title={name}>{name}</PageTitle>
              <div className="grid">
                <Card title={t('common.details')} className="span-6">
                  <Dl
                    rows={[
                      [t('district.area'), fmt.km2(area.areaKm2)],
                      [t('home.hazardous'), km('hazardousKm2')],
                      [t('home.released'), km('releasedKm2')],
                      [t('land.cancelled'), km('cancelledKm2')],
                      [t('land.reduced'), km('reducedKm2')],
                      [t('land.cleared'), km('clearedKm2')],
                      [t('home.underReconstruction'), km('underReconstructionKm2')],
                      [t('home.rebuilt'), km('rebuiltKm2')],
                    ]}
                  />
                </Card>
                <Card title={t('home.monthly')} className="span-6">
                  <Show value={series}>
                    {(s) => {
                      const points = s.months.map((m) => ({ month: m.month.slice(0, 7), value: m.releasedKm2 })).slice(-24);
                      return points.some((p) => p.value > 0) ? <MonthlyChart points={points} /> : <Empty />;
                    }}
                  </Show>
                </Card>
                <DistrictHazards code={code} />
                <Card title={t('district.projects')} className="span-12">
                  <Show value={projects}>
                    {(data) => {
                      const rows = data.items;
                      if (!rows.length) return <Empty />;
                      return (
                        <ul className="list">
                          {rows.map((p) => (
                            <li key={p.id}>
                              <Link href={`/projects/${p.id}`}>{pick(p.title) || p.code}</Link>
                              <span className="muted">{fmt.money(p.budget.amount, p.budget.currency)}</span>
                            </li>
                          ))}
                        </ul>
                      );
                    }}
                  </Show>
                </Card>
              </div>
              <p className="muted" style={{ fontSize: '0.8rem' }}>
                {attribution}
              </p>
            </>
          );
        }}
      </Show>
    </div>
  );
}

/** The district's hazardous areas, each linked to its record page (the first 50; the map shows them all). */
function DistrictHazards({ code }: { code: string }) {
  const { t, fmt } = useI18n();
  const hazards = useGet<Page<HazardSummary>>(`/api/v1/land/hazard-areas?district=${encodeURIComponent(code)}&limit=50`);
  return (
    <Card title={t('landrec.districtHazards')} className="span-12">
      <Show value={hazards}>
        {(data) =>
          data.items.length ? (
            <>
              <ul className="list" data-testid="district-hazards">
                {data.items.map((h) => (
                  <li key={h.id}>
                    <Link href={`/land/hazards/${h.id}`}>
                      {h.reference} — {h.name}
                    </Link>
                    <span className="muted">
                      {t(`landrec.status.${h.status}` as MessageKey)} · {t('landrec.remaining')}: {fmt.number(h.remainingKm2, 3)} km²
                    </span>
                  </li>
                ))}
              </ul>
              {data.nextCursor ? <p className="muted">{t('landrec.more', { count: data.items.length })}</p> : null}
            </>
          ) : (
            <Empty />
          )
        }
      </Show>
    </Card>
  );
}
