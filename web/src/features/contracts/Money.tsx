import type { ReactNode } from 'react';
import type { ContractPage, ContractPayment } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Dl, Empty } from '../../app/ui.tsx';
import { coded } from './labels.ts';

/** The contract's money at a glance: ceiling, earned, requested, paid, retention held, advance outstanding. */
export function Totals({ c }: { c: ContractPage }) {
  const { t, fmt } = useI18n();
  const m = (n: number) => fmt.money(n, c.totals.currency);
  return (
    <Dl
      rows={[
        [t('contract.totals.ceiling'), m(c.totals.ceiling)],
        [t('contract.totals.earned'), m(c.totals.earned)],
        [t('contract.totals.requested'), m(c.totals.requested)],
        [t('contract.totals.paid'), m(c.totals.paid)],
        [t('contract.totals.retentionHeld'), m(c.totals.retentionHeld)],
        [t('contract.totals.advanceOutstanding'), c.totals.advanceOutstanding ? m(c.totals.advanceOutstanding) : null],
      ]}
    />
  );
}

/** Payments with their deductions; `actions` adds a cell per row for the operator's buttons. */
export function PaymentsTable({ c, actions }: { c: ContractPage; actions?: (p: ContractPayment) => ReactNode }) {
  const { t, fmt, pick } = useI18n();
  if (!c.payments.length) return <Empty />;
  const ms = new Map(c.milestones.map((m) => [m.id, m]));
  return (
    <div className="table-wrap">
      <table data-testid="payments">
        <thead>
          <tr>
            <th scope="col">{t('contract.pay.kind')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col" className="num">
              {t('contract.gross')}
            </th>
            <th scope="col" className="num">
              {t('contract.retention')}
            </th>
            <th scope="col" className="num">
              {t('contract.recovery')}
            </th>
            <th scope="col" className="num">
              {t('contract.net')}
            </th>
            <th scope="col">{t('contract.pay.funding')}</th>
            <th scope="col">{t('common.date')}</th>
            {actions ? <th scope="col">{t('contract.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {c.payments.map((p) => (
            <tr key={p.id} data-payment={p.id} data-status={p.status}>
              <td>
                {coded(t, 'contract.payKind', p.kind)}
                {p.milestoneId && ms.get(p.milestoneId) ? <div className="muted">{pick(ms.get(p.milestoneId)!.title)}</div> : null}
              </td>
              <td>
                <span className="tag">{coded(t, 'contract.payStatus', p.status)}</span>
                {p.reason ? <div className="muted">{p.reason}</div> : null}
              </td>
              <td className="num">{fmt.money(p.gross, p.currency)}</td>
              <td className="num">{fmt.money(p.retention, p.currency)}</td>
              <td className="num">{fmt.money(p.advanceRecovery, p.currency)}</td>
              <td className="num">{fmt.money(p.net, p.currency)}</td>
              <td>{p.fundingSource ? coded(t, 'contract.funding', p.fundingSource) : '—'}</td>
              <td>{p.paidOn ? fmt.date(p.paidOn) : p.requestedAt ? fmt.date(p.requestedAt) : '—'}</td>
              {actions ? <td>{actions(p)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Variations({ c }: { c: ContractPage }) {
  const { t, fmt } = useI18n();
  if (!c.variations.length) return <Empty />;
  return (
    <ul className="list" data-testid="variations">
      {c.variations.map((v) => (
        <li key={v.id} data-variation={v.id} data-status={v.status}>
          <div>
            <strong>{t('contract.variationN', { n: v.seq })}</strong> <span className="tag">{coded(t, 'contract.varStatus', v.status)}</span>
            <p>{v.reason}</p>
            <p className="muted">
              {[
                v.valueChange ? `${t('contract.valueChange')}: ${v.valueChange > 0 ? '+' : '−'}${fmt.money(Math.abs(v.valueChange), c.value.currency)}` : null,
                t('contract.cumulative', { pct: fmt.number(v.cumulativePct, 1) }),
                v.newPeriodEnd ? `${t('contract.newEnd')}: ${fmt.date(v.newPeriodEnd)}` : null,
                v.scope ? `${t('contract.scope')}: ${v.scope}` : null,
                v.needsSecondApproval ? (v.status === 'pending' ? t('contract.var.second') : v.status === 'approved' ? t('contract.var.secondDone') : null) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {v.documents.length ? (
              <ul className="docs">
                {v.documents.map((d) => (
                  <li key={d.sha256}>
                    {d.title} <span className="hash">{d.sha256.slice(0, 12)}…</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
