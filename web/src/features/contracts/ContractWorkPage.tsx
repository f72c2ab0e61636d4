import type { ContractPage } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty, PageTitle, Show, useGet } from '../../app/ui.tsx';
import { coded } from './labels.ts';
import { OperatorWork } from './OperatorWork.tsx';
import { SupplierWork } from './SupplierWork.tsx';
import './contracts.css';

/**
 * The work on one contract: the supplier reports progress and requests
 * payments; the operator decides milestones, reports and payments, records
 * variations and the final acceptance. What shows follows the API's
 * `isSupplier` / `canManage` for the signed-in user; the API checks again.
 */
export default function ContractWorkPage({ id }: { id: string }) {
  const { t, pick } = useI18n();
  const res = useGet<ContractPage>(`/api/v1/contracts/${encodeURIComponent(id)}`);
  return (
    <div className="page contract-page">
      <Show
        value={res}
        empty={
          <>
            <PageTitle title={t('contract.title')}>{t('contract.title')}</PageTitle>
            <Empty>{t('common.notFound')}</Empty>
          </>
        }
      >
        {(c) => {
          const title = t('contract.workTitle', { title: pick(c.title) || c.ocid || '' });
          return (
            <>
              <PageTitle title={title}>{title}</PageTitle>
              <p>
                <span className="tag" data-testid="contract-status">
                  {coded(t, 'contract.status', c.status)}
                </span>{' '}
                <Link href={`/contracts/${c.id}`}>{t('contract.publicPage')}</Link>
              </p>
              {c.isSupplier ? <SupplierWork c={c} /> : null}
              {c.canManage ? <OperatorWork c={c} /> : null}
              {!c.isSupplier && !c.canManage ? (
                <p className="notice" data-testid="forbidden">
                  {t('contract.notYours')}
                </p>
              ) : null}
            </>
          );
        }}
      </Show>
    </div>
  );
}
