import { api, itemsOf } from '../../app/api.ts';
import { codeLabel } from '../../app/codes.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty, PageTitle, Show, str, useLoad } from '../../app/ui.tsx';
import { maybe } from '../home/api.ts';

export default function TendersPage() {
  const { t, pick, fmt, lang } = useI18n();
  const res = useLoad(async (signal) => maybe(api<unknown>('/api/v1/tenders?limit=100', { signal })), []);
  return (
    <div className="page">
      <PageTitle title={t('tenders.title')}>{t('tenders.title')}</PageTitle>
      <Show value={res}>
        {(data) => {
          const rows = itemsOf(data);
          if (!rows.length) return <Empty />;
          return (
            <div className="card table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('tender.title')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">{t('tender.deadline')}</th>
                    <th scope="col" className="num">{t('tender.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const end = str(r, 'tenderPeriod.endDate');
                    const amount = (r.value as { amount?: number; currency?: string } | null) ?? null;
                    return (
                      <tr key={str(r, 'id')}>
                        <td>
                          <Link href={`/tenders/${str(r, 'id')}`}>{pick(r.title) || str(r, 'ocid')}</Link>
                          <div className="muted" style={{ fontSize: '0.8rem' }}>{str(r, 'ocid')}</div>
                        </td>
                        <td>{codeLabel(lang, 'tenderStatus', str(r, 'phase', 'status') ?? '')}</td>
                        <td>{end ? fmt.date(end) : t('common.none')}</td>
                        <td className="num">{amount?.amount != null ? fmt.money(amount.amount, amount.currency ?? 'AZN') : t('common.none')}</td>
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
