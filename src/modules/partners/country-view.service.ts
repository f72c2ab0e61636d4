import type { Ctx } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import { countryOf } from './countries.ts';
import * as repo from './country-view.repo.ts';
import * as engagements from './engagements.repo.ts';
import { presentSource, presentSummary } from './engagements.service.ts';
import { byYearAndSector } from './figures.ts';
import { listPartners } from './periods.service.ts';

/**
 * One country's part in the programme: partner status, engagement timeline,
 * its companies, their opened bids and contracts won (count and value by year
 * and sector), projects it funds, and its pledges against commitments and
 * disbursements. Sections whose module is not installed are null.
 * Errors: not_found (not an ISO 3166-1 code).
 */
export async function countryView(ctx: Ctx, code: string) {
  const country = countryOf(code);
  if (!country) throw notFound('country', code);
  const db = ctx.db;
  const [partner, timeline, companies, pledges] = await Promise.all([
    listPartners(ctx, { country: code }),
    engagements.list(db, { country: code, limit: 500 }),
    repo.companies(db, code),
    repo.pledgeTotals(db, code),
  ]);
  // Independent reads side by side (on a pool each takes its own connection).
  const [tenders, projects] = await Promise.all([
    repo.tablesPresent(db, ['opened_bid', 'opened_bid_price', 'tender_project_link', 'signed_contract', 'project_summary']),
    repo.tablesPresent(db, ['project_summary', 'project_funding_line']),
  ]);
  const [bids, contracts, funded] = await Promise.all([
    tenders ? repo.bids(db, code) : null,
    tenders ? repo.contracts(db, code) : null,
    projects ? repo.fundedProjects(db, code) : null,
  ]);
  const shown = timeline.slice(0, 500);
  // Where each engagement is reported (the visitor's way to check it), in one read for all of them.
  const sources = new Map<string, engagements.SourceRow[]>();
  for (const s of await engagements.sourcesOf(
    db,
    shown.map((e) => e.id),
  ))
    sources.set(s.engagement_id, [...(sources.get(s.engagement_id) ?? []), s]);
  const p = partner.items[0];
  return {
    country: country.code,
    names: country.names,
    partner: { current: p?.current ?? false, periods: p?.periods ?? [] },
    engagements: shown.map((e) => ({ ...presentSummary(e), sources: (sources.get(e.id) ?? []).map(presentSource) })),
    companies: {
      registered: companies.registered,
      verified: companies.verified,
      items: companies.verifiedList.map((o) => ({ id: o.id, name: o.name, roles: o.roles })),
    },
    bids: bids && byYearAndSector(bids.counts, bids.values),
    contracts: contracts && byYearAndSector(contracts.counts, contracts.values),
    fundedProjects: funded && {
      items: funded.map((f) => ({
        projectId: f.project_id,
        code: f.code,
        title: f.title,
        status: f.status,
        sector: f.sector,
        amount: f.amount,
        currency: f.currency,
        pledgeId: f.pledge_id,
      })),
      total: totalsByCurrency(funded),
    },
    pledges: pledges.map((t) => ({ currency: t.currency, pledges: t.pledges, pledged: t.pledged, committed: t.committed, disbursed: t.disbursed })),
  };
}

function totalsByCurrency(rows: { amount: number; currency: string }[]) {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r.currency, Math.round(((m.get(r.currency) ?? 0) + r.amount) * 100) / 100);
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));
}
