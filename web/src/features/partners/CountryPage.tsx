import type { CountryView } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { safeRegion } from '../home/api.ts';
import { FollowTheMoney } from './FollowTheMoney.tsx';

/** A partner country: partnership periods, its companies, bids and contracts, engagements and funded projects. */
export default function CountryPage({ code }: { code: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const cc = code.toUpperCase();
  const res = useLoad((signal) => api<CountryView>(`/api/v1/countries/${encodeURIComponent(cc)}`, { signal }), ['/api/v1/countries', cc]);
  const fallback = safeRegion(new Intl.DisplayNames([lang], { type: 'region' }), cc);
  return (
    <div className="page">
      <Show value={res} empty={<><PageTitle title={fallback}>{fallback}</PageTitle><Empty>{t('common.notFound')}</Empty></>}>
        {(c) => {
          const name = pick(c.names) || fallback;
          const partner = c.partner;
          const companies = c.companies.items;
          const funded = c.fundedProjects?.items ?? [];
          const engagements = c.engagements;
          return (
            <>
              <PageTitle title={name}>{name}</PageTitle>
              <p>{partner.current ? <span className="tag">{t('partner.title')}</span> : null}</p>
              <div className="grid">
                <Card title={t('common.details')} className="span-6">
                  <Dl
                    rows={[
                      [t('common.country'), cc],
                      [t('partner.companies'), fmt.number(c.companies.registered)],
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
                <Card title={t('money.title')} className="span-12" id="follow-the-money">
                  <FollowTheMoney country={cc} />
                </Card>
                <Card title={t('partner.engagements')} className="span-6">
                  {engagements.length ? (
                    <ul className="list">
                      {engagements.map((e) => (
                        <li key={e.id}>
                          <span>{pick(e.title) || pick(e.summary) || e.kind}</span>
                          <span className="muted">{fmt.date(e.startsOn)}</span>
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
