import { lazy, Suspense, useMemo } from 'react';
import type { ContractPage as Contract, Project } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet, useLoad } from '../../app/ui.tsx';
import type { Feature } from '../map/data.ts';
import { FlagList } from './Flags.tsx';
import { coded, PHOTO_COLOURS } from './labels.ts';
import { PaymentsTable, Totals, Variations } from './Money.tsx';
import { numberedPhotos, PhotoGrid } from './Photos.tsx';
import { Timeline } from './Timeline.tsx';
import './contracts.css';

const PhotoMap = lazy(() => import('./PhotoMap.tsx'));

/** The sites of the contract's projects: the drawn site, else the project's location (what the server checks photos against). */
function useSites(c: Contract) {
  const ids = c.projects.map((p) => p.id);
  return useLoad(
    async (signal) => {
      const ps = await Promise.all(ids.map((id) => api<Project>(`/api/v1/projects/${encodeURIComponent(id)}`, { signal }).catch(() => null)));
      // Filtered here, once: a new array on each render would rebuild the map on each render (a language switch among them).
      return ps
        .filter((p): p is Project => !!p)
        .map((p): Feature => ({ type: 'Feature', geometry: ((p.site ?? p.location) as Feature['geometry']) ?? null, properties: { id: p.id, code: p.code } }))
        .filter((f) => f.geometry);
    },
    ['/api/v1/projects', 'sites', ...ids],
  );
}

function SiteAndPhotos({ c }: { c: Contract }) {
  const { t } = useI18n();
  const sites = useSites(c);
  const photos = useMemo(
    () =>
      numberedPhotos(c.progressReports)
        .filter((x) => x.p.position)
        .map(({ n, p }) => ({ id: p.id, n, lat: p.position!.lat, lon: p.position!.lon, locationStatus: p.locationStatus })),
    [c.progressReports],
  );
  return (
    <>
      <Show value={sites}>
        {(s) => (
          <Suspense fallback={<p className="muted">{t('map.loading')}</p>}>
            <PhotoMap sites={s} photos={photos} />
          </Suspense>
        )}
      </Show>
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: '#f2b84b' }} aria-hidden="true" /> {t('contract.legendSite')}
        </li>
        {Object.entries(PHOTO_COLOURS).map(([k, colour]) => (
          <li key={k}>
            <span className="swatch round" style={{ background: colour }} aria-hidden="true" /> {coded(t, 'contract.loc', k)}
          </li>
        ))}
      </ul>
      <p className="muted">{t('contract.mapNoGps')}</p>
    </>
  );
}

/** The public contract page: parties, value, milestones on a timeline, payments, variations, red flags, progress photos on a map beside the site. */
export default function ContractPage({ id }: { id: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const res = useGet<Contract>(`/api/v1/contracts/${encodeURIComponent(id)}`);
  return (
    <div className="page contract-page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={t('contract.title')}>{t('contract.title')}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {(c) => {
          const title = pick(c.title) || c.ocid || t('contract.title');
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                <span className={`tag cstatus-${c.status}`} data-testid="contract-status">
                  {coded(t, 'contract.status', c.status)}
                </span>{' '}
                <span className="muted">{c.ocid}</span>
                {c.isSupplier || c.canManage ? (
                  <>
                    {' '}
                    <Link className="btn small" href={`/contracts/${c.id}/work`}>
                      {t('contract.work')}
                    </Link>
                  </>
                ) : null}
              </p>
              <div className="grid">
                <Card title={t('common.details')} className="span-8">
                  <Dl
                    rows={[
                      [t('contract.supplier'), <Link href={`/organisations/${c.supplier.id}`}>{c.supplier.name ?? c.supplier.id}</Link>],
                      [t('contract.value'), fmt.money(c.value.amount, c.value.currency)],
                      [t('contract.currentValue'), c.currentValue.amount !== c.value.amount ? fmt.money(c.currentValue.amount, c.currentValue.currency) : null],
                      [t('contract.finalValue'), c.finalValue ? fmt.money(c.finalValue.amount, c.finalValue.currency) : null],
                      [t('contract.signedAt'), c.signedAt ? fmt.date(c.signedAt) : null],
                      [
                        t('contract.period'),
                        [c.period.startDate, c.period.endDate]
                          .filter((d): d is string => !!d)
                          .map((d) => fmt.date(d))
                          .join(' – '),
                      ],
                      [t('contract.originalEnd'), c.period.originalEndDate && c.period.originalEndDate !== c.period.endDate ? fmt.date(c.period.originalEndDate) : null],
                      [t('contract.actualEnd'), c.actualEndDate ? fmt.date(c.actualEndDate) : null],
                      [t('contract.finalScope'), c.finalScope],
                      [t('contract.terminationReason'), c.terminationReason],
                      [
                        t('contract.projects'),
                        c.projects.length ? (
                          <span>
                            {c.projects.map((p) => (
                              <Link key={p.id} className="tag" href={`/projects/${p.id}`}>
                                {pick(p.title) || p.code} · {codeLabel(lang, 'status', p.status)}
                              </Link>
                            ))}
                          </span>
                        ) : null,
                      ],
                      [t('tender.title'), c.tenderId ? <Link href={`/tenders/${c.tenderId}`}>{c.ocid}</Link> : null],
                    ]}
                  />
                </Card>
                <Card title={t('contract.money')} className="span-4" id="money">
                  <Totals c={c} />
                </Card>
                <Card title={t('contract.milestones')} className="span-12" id="timeline">
                  <Timeline c={c} />
                </Card>
                <Card title={t('contract.photosMap')} className="span-6" id="site">
                  <SiteAndPhotos c={c} />
                </Card>
                <Card title={t('contract.photos')} className="span-6" id="photos">
                  <PhotoGrid reports={c.progressReports} />
                </Card>
                <Card title={t('contract.payments')} className="span-12" id="payments">
                  <PaymentsTable c={c} />
                </Card>
                <Card title={t('contract.variations')} className="span-6" id="variations">
                  <Variations c={c} />
                </Card>
                <Card title={t('contract.redFlags')} className="span-6" id="flags">
                  <FlagList flags={c.redFlags} />
                  <p>
                    <Link href={`/red-flags?contractId=${c.id}`}>{t('flag.all')}</Link>
                  </p>
                </Card>
                <Card title={t('contract.guarantees')} className="span-6">
                  {c.guarantees.length ? (
                    <ul className="list">
                      {c.guarantees.map((g) => (
                        <li key={g.id}>
                          <span>
                            {coded(t, 'contract.guarantee', g.kind)} · {g.issuer}
                          </span>
                          <span className="muted">
                            {fmt.money(g.amount, g.currency)}
                            {g.expiresOn ? ` · ${t('contract.expires', { date: fmt.date(g.expiresOn) })}` : ''}
                          </span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('contract.history')} className="span-6">
                  <ol className="list">
                    {c.history.map((h, i) => (
                      <li key={i}>
                        <span>{coded(t, 'contract.status', h.to)}</span>
                        <span className="muted">{[h.at ? fmt.date(h.at) : null, h.reason].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ol>
                </Card>
              </div>
            </>
          );
        }}
      </Show>
    </div>
  );
}
