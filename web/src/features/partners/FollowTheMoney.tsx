import type { FollowTheMoney as Flow } from '../../api/types.ts';
import { useI18n } from '../../app/i18n.tsx';
import { Link } from '../../app/router.tsx';
import { Empty, Show, useGet } from '../../app/ui.tsx';
import './follow-the-money.css';

type Pledge = Flow['pledges'][number];

/**
 * A partner country's money followed through the work: pledged → committed →
 * contracted → paid → outputs → km² rebuilt, per pledge, with totals per
 * currency (amounts in different currencies are never added together).
 */
export function FollowTheMoney({ country }: { country: string }) {
  const { t, fmt } = useI18n();
  const res = useGet<Flow>(`/api/v1/follow-the-money/${encodeURIComponent(country)}`);
  return (
    <Show value={res}>
      {(f) => {
        if (!f.pledges.length) return <Empty>{t('money.none')}</Empty>;
        const byCurrency = new Map<string, Pledge[]>();
        for (const p of f.pledges) byCurrency.set(p.currency, [...(byCurrency.get(p.currency) ?? []), p]);
        const sum = (ps: Pledge[], k: 'pledged' | 'committed' | 'contracted' | 'paid') => ps.reduce((s, p) => s + (p[k] ?? 0), 0);
        return (
          <div className="money-flow" data-testid="follow-the-money">
            <p className="muted">{t('money.note')}</p>
            {[...byCurrency].map(([cur, ps]) => (
              <section key={cur} data-currency={cur} aria-label={t('money.inCurrency', { currency: cur })}>
                <h3>{t('money.inCurrency', { currency: cur })}</h3>
                <ol>
                  <li>
                    <strong>{fmt.money(sum(ps, 'pledged'), cur)}</strong> {t('money.pledged')}
                  </li>
                  <li>
                    <strong>{fmt.money(sum(ps, 'committed'), cur)}</strong> {t('money.committed')}
                  </li>
                  <li>
                    <strong>{fmt.money(sum(ps, 'contracted'), cur)}</strong> {t('money.contracted')}
                  </li>
                  <li data-testid="money-paid">
                    <strong>{fmt.money(sum(ps, 'paid'), cur)}</strong> {t('money.paid')}
                  </li>
                </ol>
                <ul className="list">
                  {ps.map((p) => (
                    <li key={p.pledgeId} className="block" data-pledge={p.pledgeId}>
                      <p>
                        <strong>{p.pledger ?? p.pledgeId}</strong>
                      </p>
                      <ol aria-label={t('money.flowOf', { pledger: p.pledger ?? '' })}>
                        <li>
                          <strong>{fmt.money(p.pledged, cur)}</strong> {t('money.pledged')}
                        </li>
                        <li>
                          <strong>{p.committed == null ? '—' : fmt.money(p.committed, cur)}</strong> {t('money.committed')}
                        </li>
                        <li>
                          <strong>{fmt.money(p.contracted, cur)}</strong> {t('money.contracted')}
                        </li>
                        <li>
                          <strong>{fmt.money(p.paid, cur)}</strong> {t('money.payments', { count: p.payments })}
                        </li>
                        <li>
                          <strong>{p.outputs.length ? p.outputs.map((o) => `${fmt.number(o.achieved, 1)} / ${fmt.number(o.planned, 1)} ${o.unit}`).join(', ') : '—'}</strong>{' '}
                          {t('money.outputs')}
                        </li>
                        <li>
                          <strong>{fmt.km2(p.rebuiltKm2)}</strong> {t('money.rebuilt')}
                        </li>
                      </ol>
                      {p.links.contracts.length || p.links.payments.length ? (
                        <p className="muted">
                          {p.links.contracts.map((c) => (
                            <Link key={c.id} className="tag" href={`/contracts/${c.id}`}>
                              {t('money.contract', { value: fmt.money(c.value.amount, c.value.currency) })}
                            </Link>
                          ))}
                          {p.links.payments.map((x) => (
                            <Link key={x.id} className="tag" href={`/contracts/${x.contractId}#payments`}>
                              {t('money.payment', { amount: fmt.money(x.amount, x.currency), date: x.paidOn ? fmt.date(x.paidOn) : '—' })}
                            </Link>
                          ))}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        );
      }}
    </Show>
  );
}
