import type { Ctx } from '../../lib/context.ts';
import { validationError } from '../../lib/errors.ts';
import * as repo from './follow-the-money.repo.ts';
import { round2 } from './rules.ts';

/**
 * pledged → committed → contracted → paid → outputs → km² rebuilt, for each
 * pledge of one partner country, with links to every project, contract and
 * payment behind each figure. Amounts stay in each pledge's currency;
 * contracted counts contracts (in the pledge's currency) on the projects the
 * pledge funds; paid counts payments drawn on the pledge.
 */
export async function forCountry(ctx: Ctx, country: string) {
  if (!/^[A-Z]{2}$/.test(country)) throw validationError([{ field: '/params/country', message: 'an ISO 3166-1 alpha-2 code' }]);
  const pledges = await repo.pledgesOf(ctx.db, country);
  const ids = pledges.map((p) => p.id);
  const [projects, payments] = await Promise.all([repo.fundedProjects(ctx.db, ids), repo.paymentsOnPledges(ctx.db, ids)]);
  const projectIds = [...new Set(projects.map((p) => p.project_id))];
  const [contracts, outputs] = await Promise.all([repo.contractsOnProjects(ctx.db, projectIds), repo.outputsOf(ctx.db, projectIds)]);
  // Grouped once, so the work grows with the rows, not rows × pledges.
  const projectsOf = groupBy(projects, (x) => x.pledge_id);
  const contractsOf = groupBy(contracts, (c) => c.project_id);
  const outputsOf = groupBy(outputs, (o) => o.project_id);
  const paymentsOf = groupBy(payments.latest, (x) => x.pledge_id);
  const items = pledges.map((p) => {
    const ps = projectsOf.get(p.id) ?? [];
    const cs = [
      ...new Map(
        ps
          .flatMap((x) => contractsOf.get(x.project_id) ?? [])
          .filter((c) => c.value_currency.trim() === p.currency)
          .map((c) => [c.id, c]),
      ).values(),
    ];
    const pays = paymentsOf.get(p.id) ?? [];
    const totals = payments.totals.get(p.id) ?? { paid: 0, payments: 0 };
    const outs = new Map<string, { metric: string; unit: string; planned: number; achieved: number }>();
    for (const o of [...new Set(ps.map((x) => x.project_id))].flatMap((id) => outputsOf.get(id) ?? [])) {
      const k = `${o.metric}|${o.unit}`;
      const e = outs.get(k) ?? { metric: o.metric, unit: o.unit, planned: 0, achieved: 0 };
      e.planned += Number(o.planned);
      e.achieved += Number(o.achieved ?? 0);
      outs.set(k, e);
    }
    return {
      pledgeId: p.id,
      pledger: p.pledger,
      currency: p.currency,
      status: p.status,
      pledged: Number(p.pledged_amount),
      committed: p.committed_amount === null ? null : Number(p.committed_amount),
      disbursed: Number(p.disbursed_amount),
      contracted: round2(cs.reduce((s, c) => s + Number(c.value_amount), 0)),
      paid: round2(totals.paid),
      payments: totals.payments,
      outputs: [...outs.values()],
      rebuiltKm2: Math.round(ps.reduce((s, x) => s + (x.km2 ?? 0), 0) * 1e4) / 1e4,
      links: {
        pledge: `/api/v1/pledges/${p.id}`,
        projects: ps.map((x) => ({ id: x.project_id, code: x.code, status: x.status, url: `/api/v1/projects/${x.project_id}` })),
        contracts: cs.map((c) => ({ id: c.id, status: c.status, value: { amount: Number(c.value_amount), currency: c.value_currency.trim() }, url: `/api/v1/contracts/${c.id}` })),
        /** The latest 50 payments; `payments` above counts them all. */
        payments: pays.map((x) => ({
          id: x.id,
          contractId: x.contract_id,
          amount: Number(x.net_amount),
          currency: x.currency.trim(),
          paidOn: x.paid_on,
          url: `/api/v1/contracts/${x.contract_id}#payment-${x.id}`,
        })),
      },
    };
  });
  return { country, pledges: items };
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
