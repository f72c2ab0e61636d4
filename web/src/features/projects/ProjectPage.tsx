import { lazy, Suspense } from 'react';
import { itemsOf } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, num, str, useGet } from '../../app/ui.tsx';
import { BarList } from '../home/charts.tsx';
import { projectSummary } from './api.ts';
import { pointOf, type Feature } from '../map/data.ts';

const MapView = lazy(() => import('../map/MapView.tsx'));

type P = Record<string, unknown>;

function Funding({ p }: { p: P }) {
  const { t, fmt, lang } = useI18n();
  const rows = itemsOf((p.budget as P | undefined)?.breakdown ?? p.funding);
  const names = new Intl.DisplayNames([lang], { type: 'region' });
  if (!rows.length) return <Empty />;
  return (
    <BarList
      rows={rows.map((r, i) => {
        const amount = num(r, 'amount.amount', 'amount') ?? 0;
        const cur = str(r, 'amount.currency', 'currency') ?? 'AZN';
        const country = str(r, 'country');
        const label = [str(r, 'sourceType', 'source_type', 'type'), country ? names.of(country) : null, str(r, 'organisationName')].filter(Boolean).join(' · ');
        return { key: String(i), label: label || t('common.none'), value: amount, display: fmt.money(amount, cur) };
      })}
    />
  );
}

function Outputs({ p }: { p: P }) {
  const { t, fmt } = useI18n();
  const rows = itemsOf(p.outputs);
  if (!rows.length) return <Empty />;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('common.name')}</th>
            <th scope="col" className="num">{t('project.planned')}</th>
            <th scope="col" className="num">{t('project.achieved')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o, i) => (
            <tr key={i}>
              <td>{str(o, 'metric', 'name')} ({str(o, 'unit')})</td>
              <td className="num">{fmt.number(num(o, 'planned') ?? 0, 1)}</td>
              <td className="num">{num(o, 'achieved') === null ? t('common.none') : fmt.number(num(o, 'achieved')!, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Documents({ p }: { p: P }) {
  const { t, pick } = useI18n();
  const docs = itemsOf(p.documents);
  const photos = docs.filter((d) => String(str(d, 'documentType', 'type') ?? '').toLowerCase().includes('photo') && str(d, 'url'));
  const others = docs.filter((d) => !photos.includes(d));
  return (
    <>
      {photos.length ? (
        <>
          <h3>{t('project.photos')}</h3>
          <div className="photos">
            {photos.map((d, i) => (
              <img key={i} src={str(d, 'url')!} alt={pick(d.title) || str(d, 'documentType') || ''} loading="lazy" />
            ))}
          </div>
        </>
      ) : null}
      {others.length ? (
        <ul className="list">
          {others.map((d, i) => (
            <li key={i}>{str(d, 'url') ? <a href={str(d, 'url')!}>{pick(d.title) || str(d, 'documentType')}</a> : pick(d.title) || str(d, 'documentType')}</li>
          ))}
        </ul>
      ) : null}
      {!docs.length ? <Empty /> : null}
    </>
  );
}

export default function ProjectPage({ id }: { id: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const res = useGet<P>(`/api/v1/projects/${encodeURIComponent(id)}`);
  return (
    <div className="page">
      <Show value={res} empty={<><PageTitle title={t('project.title')}>{t('project.title')}</PageTitle><Empty>{t('common.notFound')}</Empty></>}>
        {(p) => {
          const s = projectSummary(p);
          const title = pick(s.title) || s.code || t('project.title');
          const tenders = itemsOf(p.relatedProcesses ?? p.tenders).map((x) => ({ ...x, id: x.tenderId ?? x.id }) as Record<string, unknown>);
          const history = itemsOf(p.history ?? p.events);
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                {s.sector.map((x) => (
                  <span className="tag" key={x}>
                    {codeLabel(lang, 'sector', x)}
                  </span>
                ))}
                {s.status ? <span className="tag">{codeLabel(lang, 'status', s.status)}</span> : null}
              </p>
              <div className="grid">
                <Card title={t('common.details')} className="span-8">
                  <p>{pick(s.description)}</p>
                  <Dl
                    rows={[
                      [t('project.identifier'), str(p, 'oc4idsId', 'code')],
                      [t('project.type'), str(p, 'type')],
                      [t('project.purpose'), pick(p.purpose)],
                      [t('common.budget'), s.budget !== null ? fmt.money(s.budget, s.currency) : null],
                      [t('common.district'), s.district ? <Link href={`/districts/${s.district.code ?? s.district.id}`}>{pick(s.district.name) || s.district.code}</Link> : pick(s.districtName)],
                      [t('project.authority'), pick((p.publicAuthority as P | undefined)?.name) || str(p, 'publicAuthorityName')],
                      [t('project.period'), [str(p, 'actualPeriod.startDate', 'plannedPeriod.startDate'), str(p, 'actualPeriod.endDate', 'plannedPeriod.endDate')].filter(Boolean).map((d) => fmt.date(d!)).join(' – ')],
                    ]}
                  />
                </Card>
                <Card title={t('project.location')} className="span-4">
                  <Suspense fallback={<p className="muted">{t('map.loading')}</p>}>
                    <MapView compact focus={pointOf(p.location as Feature['geometry'])} />
                  </Suspense>
                </Card>
                <Card title={t('project.funding')} className="span-6">
                  <Funding p={p} />
                </Card>
                <Card title={t('project.outputs')} className="span-6">
                  <Outputs p={p} />
                </Card>
                <Card title={t('common.documents')} className="span-6">
                  <Documents p={p} />
                </Card>
                <Card title={t('project.tenders')} className="span-6">
                  {tenders.length ? (
                    <ul className="list">
                      {tenders.map((x, i) => (
                        <li key={i}>{str(x, 'id') ? <Link href={`/tenders/${str(x, 'id')}`}>{pick(x.title) || str(x, 'ocid')}</Link> : str(x, 'ocid')}</li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                {itemsOf(p.externalProcesses).length ? (
                  <Card title={t('project.external')} className="span-12">
                    <ul className="list">
                      {itemsOf(p.externalProcesses).map((x) => (
                        <li key={str(x, 'ocid')}>
                          <span>
                            {str(x, 'title') || str(x, 'ocid')} <span className="tag">{str(x, 'status')}</span>
                          </span>
                          <span className="muted">
                            {[str(x, 'ocid'), str(x, 'buyer'), num(x, 'contractValue.amount') !== null ? fmt.money(num(x, 'contractValue.amount')!, str(x, 'contractValue.currency') ?? '') : null, str(x, 'publisher') ? t('project.externalBy', { publisher: str(x, 'publisher')! }) : null].filter(Boolean).join(' · ')}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </Card>
                ) : null}
                <Card title={t('common.history')} className="span-12">
                  {history.length ? (
                    <ul className="list">
                      {history.map((h, i) => (
                        <li key={i}>
                          <span>{str(h, 'action', 'summary')}</span>
                          <span className="muted">{str(h, 'occurredAt', 'date') ? fmt.date(str(h, 'occurredAt', 'date')!) : ''}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
              </div>
            </>
          );
        }}
      </Show>
    </div>
  );
}
