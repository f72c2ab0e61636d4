import type { Page, Tender } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { FeedLink, tenderFeedFilters } from '../../app/FeedLink.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty, PageTitle, Show, useLoad } from '../../app/ui.tsx';

export default function TendersPage() {
  const { t, pick, fmt, lang } = useI18n();
  const res = useLoad((signal) => api<Page<Tender>>('/api/v1/tenders?limit=100', { signal }), ['/api/v1/tenders', 'list']);
  return (
    <div className="page">
      <PageTitle title={t('tenders.title')}>{t('tenders.title')}</PageTitle>
      <p>
        <FeedLink
          path="/api/v1/feeds/tenders.atom"
          query={tenderFeedFilters(window.location.search)}
          subscribe={{ kind: 'tenders', ...tenderFeedFilters(window.location.search) }}
        />
      </p>
      <Show value={res}>
        {(data) => {
          const rows = data.items;
          if (!rows.length) return <Empty />;
          return (
            <div className="card table-wrap">
              <table>
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
                      <tr key={r.id}>
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
