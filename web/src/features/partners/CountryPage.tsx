import type { CountryView } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { FeedLink } from '../../app/FeedLink.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Localized } from '../../app/localized.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Dl, Empty, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { countryName } from '../../lib/regions.ts';
import { FollowTheMoney } from './FollowTheMoney.tsx';

/** A partner country: partnership periods, its companies, bids and contracts, engagements and funded projects. */
export default function CountryPage({ code }: { code: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const cc = code.toUpperCase();
  const res = useLoad((signal) => api<CountryView>(`/api/v1/countries/${encodeURIComponent(cc)}`, { signal }), ['/api/v1/countries', cc]);
  const fallback = countryName(lang, cc);
  // The same permission the API checks on PATCH /engagements/:id; the link only spares others a closed page.
  const canEdit = useSession().can('partners.manageEngagements');
  return (
    <div className="page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={fallback}>{fallback}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {(c) => {
          const name = pick(c.names) || fallback;
          const partner = c.partner;
          const companies = c.companies.items;
          // One row per project: a project funded on several lines (a grant and a loan) is listed once.
          const funded = [...new Map((c.fundedProjects?.items ?? []).map((p) => [p.projectId, p])).values()];
          const engagements = c.engagements;
          return (
            <>
              <PageTitle title={name}>{name}</PageTitle>
              <p>
                {partner.current ? <span className="tag">{t('partner.title')}</span> : null}
                <FeedLink path={`/api/v1/feeds/countries/${encodeURIComponent(c.country)}.atom`} subscribe={{ kind: 'country', country: c.country }} />
              </p>
              <div className="grid">
                <Card title={t('common.details')} className="span-6">
                  <Dl
                    rows={[
                      [t('portal.verifiedCompanies'), fmt.number(companies.length)],
                      [t('tender.bids'), c.bids ? fmt.number(c.bids.count) : null],
                      [t('partner.contracts'), c.contracts ? fmt.number(c.contracts.count) : null],
                    ]}
                  />
                  <ul className="list">
                    {partner.periods.map((p) => (
                      <li key={p.id}>{t('partner.period', { date: fmt.date(p.validFrom) })}</li>
                    ))}
                  </ul>
                </Card>
                <Card title={t('partner.companies')} className="span-6">
                  {companies.length ? (
                    <ul className="list">
                      {companies.map((o) => (
                        <li key={o.id}>
                          <Link href={`/organisations/${o.id}`}>{o.name}</Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('partner.projects')} className="span-6">
                  {funded.length ? (
                    <ul className="list">
                      {funded.map((p) => (
                        <li key={p.projectId}>
                          <Link href={`/projects/${p.projectId}`}>{pick(p.title) || p.code}</Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('portal.pledges')} className="span-6" id="pledges">
                  {c.pledges.length ? (
                    <div className="table-wrap">
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">{t('portal.pledges')}</th>
                            <th scope="col" className="num">
                              {t('portal.pledged')}
                            </th>
                            <th scope="col" className="num">
                              {t('portal.committed')}
                            </th>
                            <th scope="col" className="num">
                              {t('portal.disbursed')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {c.pledges.map((p) => (
                            <tr key={p.currency}>
                              <td>{t('portal.pledgeCount', { count: p.pledges })}</td>
                              <td className="num">{fmt.money(p.pledged, p.currency)}</td>
                              <td className="num">{fmt.money(p.committed, p.currency)}</td>
                              <td className="num">{fmt.money(p.disbursed, p.currency)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('money.title')} className="span-12" id="follow-the-money">
                  <FollowTheMoney country={cc} />
                </Card>
                <Card title={t('partner.engagements')} className="span-6">
                  {engagements.length ? (
                    <ul className="list">
                      {engagements.map((e) => (
                        <li key={e.id}>
                          <span>
                            <strong>
                              <Localized value={e.title} />
                            </strong>{' '}
                            <span className="tag">{codeLabel(lang, 'engagementKind', e.kind)}</span>
                            <Localized as="div" className="muted" value={e.summary} />
                          </span>
                          {canEdit ? (
                            <Link href={`/engagements/${e.id}/edit`} aria-label={t('engedit.editOf', { title: pick(e.title) })} data-testid="engagement-edit">
                              {t('engedit.edit')}
                            </Link>
                          ) : null}
                          <span className="muted">
                            {[e.startsOn ? fmt.date(e.startsOn) : '', e.endsOn && e.endsOn !== e.startsOn ? fmt.date(e.endsOn) : ''].filter(Boolean).join(' – ')}
                            {e.place ? ` · ${e.place}` : ''}
                          </span>
                          {e.sources.length ? (
                            <span className="muted">
                              {t('partner.sources')}:{' '}
                              {e.sources.map((s, i) => (
                                <span key={`${s.title}-${i}`}>
                                  {i ? ', ' : ''}
                                  {s.url ? (
                                    <a href={s.url} rel="noopener noreferrer">
                                      {s.publisher ? `${s.publisher}: ${s.title}` : s.title}
                                    </a>
                                  ) : s.documentId ? (
                                    <a href={`/api/v1/documents/${s.documentId}/content`}>{s.title}</a>
                                  ) : (
                                    <span>{s.publisher ? `${s.publisher}: ${s.title}` : s.title}</span>
                                  )}
                                  {s.publishedOn ? ` (${fmt.date(s.publishedOn)})` : ''}
                                </span>
                              ))}
                            </span>
                          ) : null}
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
