import type { ContractList, Outcome } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty, Show, useGet } from '../../app/ui.tsx';

/** The contracts of a project, linked to their public pages (the project page shows this). */
export function ProjectContracts({ projectId }: { projectId: string }) {
  const { t, pick, fmt } = useI18n();
  const res = useGet<ContractList>(`/api/v1/contracts?projectId=${encodeURIComponent(projectId)}`);
  return (
    <Show value={res}>
      {(l) =>
        l.items.length ? (
          <ul className="list" data-testid="project-contracts">
            {l.items.map((c) => (
              <li key={c.id}>
                <Link href={`/contracts/${c.id}`}>{pick(c.title) || c.ocid}</Link>
                <span className="muted">{fmt.money(c.value.amount, c.value.currency)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t('contract.noneYet')}</Empty>
        )
      }
    </Show>
  );
}

/** After signing, the tender page links the contract it led to. */
export function TenderContracts({ tenderId }: { tenderId: string }) {
  const { t, pick, fmt } = useI18n();
  const res = useGet<Outcome>(`/api/v1/tenders/${encodeURIComponent(tenderId)}/outcome`);
  if (res.state !== 'ok' || !res.data.contracts.length) return null;
  return (
    <div data-testid="tender-contracts">
      <h3>{t('contract.signed')}</h3>
      <ul className="list">
        {res.data.contracts.map((c) => (
          <li key={c.id}>
            <Link href={`/contracts/${c.id}`}>{pick(c.title) || t('contract.title')}</Link>
            <span className="muted">{fmt.money(c.value.amount, c.value.currency)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
