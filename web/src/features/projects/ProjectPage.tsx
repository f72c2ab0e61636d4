import { lazy, Suspense } from 'react';
import type { Project } from '../../api/types.ts';
import { codeLabel, outputLabel, sectorChips } from '../../app/codes.ts';
import { FeedLink } from '../../app/FeedLink.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Localized } from '../../app/localized.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';
import { ProjectContracts } from '../contracts/RelatedContracts.tsx';
import { BarList } from '../home/charts.tsx';
import { type Feature, pointOf } from '../map/data.ts';

const MapView = lazy(() => import('../map/MapView.tsx'));

function Funding({ p }: { p: Project }) {
  const { t, fmt, lang } = useI18n();
  if (!p.funding.length) return <Empty />;
  return (
    <BarList
      rows={p.funding.map((r, i) => {
        const label = [codeLabel(lang, 'funding', r.sourceType), r.country ? countryName(lang, r.country) : null].filter(Boolean).join(' · ');
        return { key: String(i), label: label || t('common.none'), value: r.amount, display: fmt.money(r.amount, r.currency) };
      })}
    />
  );
}

function Outputs({ p }: { p: Project }) {
  const { t, fmt, lang } = useI18n();
  if (!p.outputs.length) return <Empty />;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('common.name')}</th>
            <th scope="col" className="num">
              {t('project.planned')}
            </th>
            <th scope="col" className="num">
              {t('project.achieved')}
            </th>
          </tr>
        </thead>
        <tbody>
          {p.outputs.map((o, i) => (
            <tr key={i}>
              <td>{outputLabel(lang, o.metric, o.unit)}</td>
              <td className="num">{fmt.number(o.planned, 1)}</td>
              <td className="num">{o.achieved === null ? t('common.none') : fmt.number(o.achieved, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Documents the reader may see (the API filters by access level); photos shown inline. */
function Documents({ p }: { p: Project }) {
  const { t } = useI18n();
  const url = (id: string) => `/api/v1/documents/${id}/content`;
  const photos = p.documents.filter((d) => d.kind.startsWith('photo') && d.mediaType.startsWith('image/'));
  const others = p.documents.filter((d) => !photos.includes(d));
  return (
    <>
      {photos.length ? (
        <>
          <h3>{t('project.photos')}</h3>
          <div className="photos">
            {photos.map((d) => (
              <img key={d.documentId} src={url(d.documentId)} alt={d.title} loading="lazy" />
            ))}
          </div>
        </>
      ) : null}
      {others.length ? (
        <ul className="list">
          {others.map((d) => (
            <li key={d.documentId}>
              <a href={url(d.documentId)}>{d.title}</a>
            </li>
          ))}
        </ul>
      ) : null}
      {!p.documents.length ? <Empty /> : null}
    </>
  );
}

export default function ProjectPage({ id }: { id: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const res = useGet<Project>(`/api/v1/projects/${encodeURIComponent(id)}`);
  return (
    <div className="page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={t('project.title')}>{t('project.title')}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {(p) => {
          const title = pick(p.title) || p.code;
          const period = p.actualPeriod.startDate ? p.actualPeriod : p.plannedPeriod;
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                {sectorChips(p.sector).map((x) => (
                  <span className="tag" key={x}>
                    {codeLabel(lang, 'sector', x)}
                  </span>
                ))}
                <span className="tag">{codeLabel(lang, 'status', p.status)}</span>
                <FeedLink path={`/api/v1/feeds/projects/${p.id}.atom`} subscribe={{ kind: 'project', projectId: p.id }} />
              </p>
              <div className="grid">
                <Card title={t('common.details')} className="span-8">
                  <Localized as="p" value={p.description} />
                  <Dl
                    rows={[
                      [t('project.identifier'), p.oc4idsId],
                      [t('project.type'), codeLabel(lang, 'projectType', p.type)],
                      [t('project.purpose'), pick(p.purpose) ? <Localized value={p.purpose} /> : null],
                      [t('common.budget'), fmt.money(p.budget.amount, p.budget.currency)],
                      [
                        t('project.period'),
                        [period.startDate, period.endDate]
                          .filter((d): d is string => !!d)
                          .map((d) => fmt.date(d))
                          .join(' – '),
                      ],
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
                  {p.relatedProcesses.length ? (
                    <ul className="list">
                      {p.relatedProcesses.map((x) => (
                        <li key={x.tenderId}>
                          <Link href={`/tenders/${x.tenderId}`}>{pick(x.title) ? <Localized value={x.title} /> : t('portal.tenderUntitled', { ocid: x.ocid })}</Link>
                          <span className="tag">{codeLabel(lang, 'tenderStatus', x.status)}</span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('contract.ofProject')} className="span-6" id="contracts">
                  <ProjectContracts projectId={p.id} />
                </Card>
                {p.externalProcesses.length ? (
                  <Card title={t('project.external')} className="span-12">
                    <ul className="list">
                      {p.externalProcesses.map((x) => (
                        <li key={x.ocid}>
                          <span>
                            {x.title || x.ocid} <span className="tag">{codeLabel(lang, 'extStatus', x.status)}</span>
                          </span>
                          <span className="muted">
                            {[
                              x.ocid,
                              x.buyer,
                              x.contractValue ? fmt.money(x.contractValue.amount, x.contractValue.currency) : null,
                              x.publisher ? t('project.externalBy', { publisher: x.publisher }) : null,
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </Card>
                ) : null}
              </div>
            </>
          );
        }}
      </Show>
    </div>
  );
}
