import type { Page, Partner, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { FeedLink, tenderFeedFilters } from '../../app/FeedLink.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Link, useLocation } from '../../app/router.tsx';
import { Empty, PageTitle, Show, useLoad } from '../../app/ui.tsx';
import { TenderFilters } from './TenderFilters.tsx';

/**
 * The public tenders list. Its filters (sector, district, eligibility) live
 * in the address, so a filtered list is a stable, shareable page; the list,
 * the "Feed" link and the "Subscribe" action all send the same filters, and
 * the server matches them with one definition (tenders/filter.repo.ts).
 */
export default function TendersPage() {
  const { t, pick, fmt, lang } = useI18n();
  const { query } = useLocation();
  const filters = tenderFeedFilters(query.toString());
  const params = new URLSearchParams({ ...filters, limit: '100' });
  const key = params.toString();
  const res = useLoad((signal) => api<Page<Tender>>(`/api/v1/tenders?${key}`, { signal }), ['/api/v1/tenders', 'list', key]);
  const partners = useLoad((signal) => api<{ items: Partner[] }>('/api/v1/partners', { signal }), ['/api/v1/partners']);
  const current = partners.state === 'ok' && partners.data ? partners.data.items.filter((p) => p.current).map((p) => p.country) : [];
  return (
    <div className="page">
      <PageTitle title={t('tenders.title')}>{t('tenders.title')}</PageTitle>
      <TenderFilters filters={filters} partnerCountries={current} />
      <p className="tender-follow">
        {/* Keyed by the filters: a subscription made for one filter does not read as made for the next. */}
        <FeedLink key={JSON.stringify(filters)} path="/api/v1/feeds/tenders.atom" query={filters} subscribe={{ kind: 'tenders', ...filters }} />
        <span className="muted"> {t('tenders.followHint')}</span>
      </p>
      <Show value={res}>
        {(data) => {
          const rows = data.items;
          if (!rows.length) return <Empty />;
          return (
            <div className="card table-wrap">
              <table data-testid="tender-list">
                <thead>
                  <tr>
                    <th scope="col">{t('tender.title')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">{t('tender.deadline')}</th>
                    <th scope="col" className="num">
                      {t('tender.value')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const end = r.tenderPeriod.endDate;
                    const amount = r.value;
                    return (
                      <tr key={r.id} data-tender-id={r.id}>
                        <td>
                          <Link href={`/tenders/${r.id}`}>{pick(r.title) || r.ocid}</Link>
                          <div className="muted" style={{ fontSize: '0.8rem' }}>
                            {r.ocid}
                          </div>
                        </td>
                        <td>{codeLabel(lang, 'tenderStatus', r.phase ?? r.status)}</td>
                        <td>{fmt.date(end)}</td>
                        <td className="num">{amount ? fmt.money(amount.amount, amount.currency) : t('common.none')}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </Show>
    </div>
  );
}
