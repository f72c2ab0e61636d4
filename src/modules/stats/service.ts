import type { Ctx } from '../../lib/context.ts';
import { getProgramme } from '../programme/service.ts';
import { bidHistogram, headline } from './figures.ts';
import * as repo from './repo.ts';

export { reportFigures } from './report.service.ts';

/**
 * Procurement figures for the public dashboard: competition (bids per opened
 * tender) and money (signed contract value, project budgets), per currency.
 * Money spent is what contract payments paid, per currency (never summed
 * across currencies). Errors: not_found (no programme).
 */
export async function procurementFigures(ctx: Ctx) {
  const programme = await getProgramme(ctx.db);
  const [counts, committedByCurrency, budgetByCurrency, spentByCurrency] = await Promise.all([
    repo.bidsPerOpenedTender(ctx.db),
    repo.contractValueByCurrency(ctx.db),
    repo.budgetByCurrency(ctx.db),
    repo.spentByCurrency(ctx.db),
  ]);
  return {
    ...bidHistogram(counts),
    committed: headline(committedByCurrency, programme.currencies),
    committedByCurrency,
    budgetByCurrency,
    spent: headline(spentByCurrency, programme.currencies),
    spentByCurrency,
  };
}
