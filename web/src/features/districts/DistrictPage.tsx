import { api, itemsOf } from '../../app/api.ts';
import { ENDPOINTS } from '../../app/endpoints.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, num, str, useLoad } from '../../app/ui.tsx';
import { maybe } from '../home/api.ts';
import { MonthlyChart } from '../home/charts.tsx';
import { readSeries } from '../home/api.ts';
import { projectSummary } from '../projects/api.ts';

type R = Record<string, unknown>;
interface Area {
  id: string;
  code: string;
  name: Record<string, string>;
  areaKm2: number;
}

/** A district: name and area, its land figures and monthly releases, its projects. */
export default function DistrictPage({ code }: { code: string }) {
  const { t, pick, fmt } = useI18n();
  const res = useLoad(async (signal) => {
    const [areas, summary] = await Promise.all([
      maybe(api<{ items: Area[]; attribution?: string }>('/api/v1/areas?level=district', { signal })),
      maybe(api<{ districts: R[] }>(ENDPOINTS.landSummary, { signal })),
    ]);
    const area = areas?.items.find((a) => a.code === code);
    if (!area) return null;
    return { area, figures: summary?.districts.find((d) => d.code === code) ?? null, attribution: areas?.attribution ?? '' };
  }, [code]);
  const series = useLoad(async (signal) => maybe(api<unknown>(`${ENDPOINTS.landSeries}?district=${encodeURIComponent(code)}`, { signal })), [code]);
  const projects = useLoad(
    async (signal) => (res.state === 'ok' ? maybe(api<unknown>(`/api/v1/projects?districtId=${res.data.area.id}&limit=50`, { signal })) : null),
    [res.state],
  );
  return (
    <div className="page">
      <Show value={res} empty={<><PageTitle title={t('district.title')}>{t('district.title')}</PageTitle><Empty>{t('common.notFound')}</Empty></>}>
        {({ area, figures, attribution }) => {
          const name = pick(area.name) || code;
          const km = (k: string) => (num(figures, k) !== null ? fmt.km2(num(figures, k)!) : null);
          return (
            <>
              <PageTitle title={name}>{name}</PageTitle>
              <div className="grid">
                <Card title={t('common.details')} className="span-6">
                  <Dl
                    rows={[
                      [t('district.title'), area.code],
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
                  <Show value={series}>{(s) => (readSeries(s).some((p) => p.value > 0) ? <MonthlyChart points={readSeries(s)} /> : <Empty />)}</Show>
                </Card>
                <Card title={t('district.projects')} className="span-12">
                  <Show value={projects}>
                    {(data) => {
                      const rows = itemsOf(data).map(projectSummary);
                      if (!rows.length) return <Empty />;
                      return (
                        <ul className="list">
                          {rows.map((p) => (
                            <li key={p.id}>
                              <Link href={`/projects/${p.id}`}>{pick(p.title) || p.code}</Link>
                              <span className="muted">{p.budget !== null ? fmt.money(p.budget, p.currency) : ''}</span>
                            </li>
                          ))}
                        </ul>
                      );
                    }}
                  </Show>
                </Card>
              </div>
              <p className="muted" style={{ fontSize: '0.8rem' }}>
                {str({ attribution }, 'attribution')}
              </p>
            </>
          );
        }}
      </Show>
    </div>
  );
}
