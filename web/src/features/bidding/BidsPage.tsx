import type { Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { type Tender, when } from './shared.tsx';

interface Org {
  id: string;
  name: string;
  country: string;
  verificationStatus: string;
}
interface Partners {
  on: string;
  items: { country: string; current: boolean }[];
}

/**
 * Why a company may or may not bid, as far as the browser can tell. The
 * server judges again, on the bid day by its own clock, when the bid arrives.
 */
export function eligibility(t: Tender, org: Org, partners: Set<string>): 'eligible' | 'notPartner' | 'unverified' {
  if (org.verificationStatus !== 'verified') return 'unverified';
  if (t.eligibility === 'partners' && !partners.has(org.country)) return 'notPartner';
  return 'eligible';
}

/** Tenders open for bids, with the signed-in company's eligibility for each. */
export default function BidsPage() {
  const { t, pick, lang } = useI18n();
  const session = useSession();
  const orgId = session.user?.organisationId ?? null;
  const data = useLoad(
    async (signal) => {
      if (!orgId) return null;
      const [list, org, partners] = await Promise.all([
        api<Page<Tender>>('/api/v1/tenders?status=active&limit=200', { signal }),
        api<Org>(`/api/v1/organisations/${orgId}`, { signal }),
        api<Partners>('/api/v1/partners', { signal }),
      ]);
      const current = new Set(partners.items.filter((p) => p.current).map((p) => p.country));
      const tenders = list.items.filter((x) => x.phase === 'tendering');
      return { org, tenders, current };
    },
    ['/api/v1/tenders', 'eligible', orgId],
  );
  if (!session.ready) return null;
  if (!session.can('tender.bid') || !orgId) {
    return (
      <div className="page">
        <PageTitle title={t('bid.listTitle')}>{t('bid.listTitle')}</PageTitle>
        <p role="alert">{t('bid.companiesOnly')}</p>
      </div>
    );
  }
  return (
    <div className="page">
      <PageTitle title={t('bid.listTitle')}>{t('bid.listTitle')}</PageTitle>
      <Show value={data}>
        {({ org, tenders, current }) => (
          <>
            <p className="muted" data-testid="bid-org">
              {t('bid.asCompany', { name: org.name, country: org.country })}
            </p>
            {tenders.length === 0 ? <p className="empty">{t('bid.noneOpen')}</p> : null}
            {/* One tender per row at full width (the .grid class has twelve columns, which squeezed each card into one). */}
            <div style={{ display: 'grid', gap: '0.8rem', gridTemplateColumns: 'minmax(0, 1fr)' }}>
              {tenders.map((x) => {
                const e = eligibility(x, org, current);
                return (
                  <Card key={x.id}>
                    <article data-testid="bid-tender" data-tender-id={x.id} data-eligible={e === 'eligible'}>
                      <h2 style={{ marginTop: 0, fontSize: '1.1rem' }}>
                        <Link href={`/tenders/${x.id}`}>{pick(x.title)}</Link>
                      </h2>
                      <p className="muted">
                        {x.ocid} · {t('bid.deadline')}: {when(lang, x.tenderPeriod.endDate)} · {x.eligibility === 'partners' ? t('bid.partnersOnly') : t('bid.allCountries')}
                      </p>
                      {e === 'eligible' ? (
                        <p>
                          <span className="ok" data-testid="eligibility">
                            {t('bid.eligible')}
                          </span>{' '}
                          <Link href={`/tenders/${x.id}/bid`} className="btn small">
                            {t('bid.prepare')}
                          </Link>
                        </p>
                      ) : (
                        <p className="error" data-testid="eligibility">
                          {e === 'unverified' ? t('bid.notVerified') : t('bid.notPartner', { country: org.country })}
                        </p>
                      )}
                    </article>
                  </Card>
                );
              })}
            </div>
          </>
        )}
      </Show>
    </div>
  );
}
