import type { ContractList } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { useSession } from '../../app/session.tsx';
import { Card, Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { coded } from './labels.ts';

/** /work/contracts: a supplier's own contracts, or every contract in execution for the operator. */
export default function ContractsListPage() {
  const { t, pick, fmt } = useI18n();
  const session = useSession();
  const mine = !session.can('contract.manage') && session.user?.organisationId;
  const res = useGet<ContractList>(mine ? `/api/v1/contracts?limit=200&supplierOrgId=${encodeURIComponent(session.user!.organisationId!)}` : '/api/v1/contracts?limit=200');
  const title = mine ? t('contract.listMine') : t('contract.listAll');
  return (
    <div className="page">
      <PageTitle title={title}>{title}</PageTitle>
      <Card>
        <Show value={res}>
          {(l) =>
            l.items.length ? (
              <div className="table-wrap">
                <table data-testid="contract-list">
                  <thead>
                    <tr>
                      <th scope="col">{t('contract.title')}</th>
                      <th scope="col">{t('common.status')}</th>
                      <th scope="col" className="num">
                        {t('contract.value')}
                      </th>
                      <th scope="col">{t('contract.period')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {l.items.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link href={`/contracts/${c.id}/work`}>{pick(c.title) || c.ocid}</Link>
                          <div className="muted">{c.ocid}</div>
                        </td>
                        <td>
                          <span className="tag">{coded(t, 'contract.status', c.status)}</span>
                        </td>
                        <td className="num">{fmt.money(c.value.amount, c.value.currency)}</td>
                        <td>
                          {[c.period.startDate, c.period.endDate]
                            .filter((d): d is string => !!d)
                            .map((d) => fmt.date(d))
                            .join(' – ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>{t('contract.listEmpty')}</Empty>
            )
          }
        </Show>
      </Card>
    </div>
  );
}
