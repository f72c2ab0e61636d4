import { api, itemsOf } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Card, Dl, Empty, PageTitle, Show, num, str, useLoad } from '../../app/ui.tsx';
import { maybe, safeRegion } from '../home/api.ts';

type R = Record<string, unknown>;

/** A partner country: partnership periods, its companies, bids and contracts, engagements and funded projects. */
export default function CountryPage({ code }: { code: string }) {
  const { t, pick, fmt, lang } = useI18n();
  const cc = code.toUpperCase();
  const res = useLoad(async (signal) => maybe(api<R>(`/api/v1/countries/${encodeURIComponent(cc)}`, { signal })), [cc]);
  const fallback = safeRegion(new Intl.DisplayNames([lang], { type: 'region' }), cc);
  return (
    <div className="page">
      <Show value={res} empty={<><PageTitle title={fallback}>{fallback}</PageTitle><Empty>{t('common.notFound')}</Empty></>}>
        {(c) => {
          const name = pick(c.names) || fallback;
          const partner = (c.partner ?? {}) as { current?: boolean; periods?: R[] };
          const companies = itemsOf((c.companies as R | undefined)?.items);
          const funded = itemsOf((c.fundedProjects as R | undefined)?.items);
          const engagements = itemsOf(c.engagements);
          return (
            <>
              <PageTitle title={name}>{name}</PageTitle>
              <p>{partner.current ? <span className="tag">{t('partner.title')}</span> : null}</p>
              <div className="grid">
                <Card title={t('common.details')} className="span-6">
                  <Dl
                    rows={[
                      [t('common.country'), cc],
                      [t('partner.companies'), num(c, 'companies.registered') !== null ? fmt.number(num(c, 'companies.registered')!) : null],
                      [t('tender.bids'), num(c, 'bids.count') !== null ? fmt.number(num(c, 'bids.count')!) : null],
                      [t('partner.contracts'), num(c, 'contracts.count') !== null ? fmt.number(num(c, 'contracts.count')!) : null],
                    ]}
                  />
                  <ul className="list">
                    {(partner.periods ?? []).map((p, i) => (
                      <li key={i}>{str(p, 'validFrom', 'startDate', 'from') ? t('partner.period', { date: fmt.date(str(p, 'validFrom', 'startDate', 'from')!) }) : null}</li>
                    ))}
                  </ul>
                </Card>
                <Card title={t('partner.companies')} className="span-6">
                  {companies.length ? (
                    <ul className="list">
                      {companies.map((o) => (
                        <li key={str(o, 'id')}>
                          <Link href={`/organisations/${str(o, 'id')}`}>{str(o, 'name')}</Link>
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
                      {funded.map((p, i) => (
                        <li key={i}>
                          <Link href={`/projects/${str(p, 'id')}`}>{pick(p.title) || str(p, 'code')}</Link>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Empty />
                  )}
                </Card>
                <Card title={t('partner.engagements')} className="span-6">
                  {engagements.length ? (
                    <ul className="list">
                      {engagements.map((e, i) => (
                        <li key={i}>
                          <span>{pick(e.title) || pick(e.summary) || str(e, 'kind', 'type')}</span>
                          <span className="muted">{str(e, 'date', 'startDate') ? fmt.date(str(e, 'date', 'startDate')!) : ''}</span>
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
