import { dbNow } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { listPartners } from '../partners/periods.service.ts';
import { moneyByKey } from './figures.ts';
import * as repo from './report.repo.ts';

/**
 * The programme report's tables (web /report): per district, projects and
 * budgets; per partner country, money pledged, contracted on the projects
 * its pledges fund, paid from its pledges, its companies and the bids they
 * won. Partner countries are those with a partner period (current or past,
 * the Partners service) or a pledge. Raises nothing.
 */
export async function reportFigures(ctx: Ctx) {
  const [asOf, districtRows, partners, pledged, contracted, paid, companies] = await Promise.all([
    dbNow(ctx.db),
    repo.projectsByDistrict(ctx.db),
    listPartners(ctx, {}),
    repo.pledgedByCountry(ctx.db),
    repo.contractedByCountry(ctx.db),
    repo.paidByCountry(ctx.db),
    repo.companiesByCountry(ctx.db),
  ]);

  const budgets = moneyByKey(districtRows, (r) => r.district_id);
  const districts = new Map<string, { districtId: string; code: string; projects: number }>();
  for (const r of districtRows) {
    const d = districts.get(r.district_id) ?? { districtId: r.district_id, code: r.code, projects: 0 };
    d.projects += r.projects;
    districts.set(r.district_id, d);
  }

  const byCountry = (rows: repo.CountryMoneyRow[]) => moneyByKey(rows, (r) => r.country);
  const [pledgedOf, contractedOf, paidOf] = [byCountry(pledged), byCountry(contracted), byCountry(paid)];
  const companiesOf = new Map(companies.map((c) => [c.country, c]));
  const current = new Map(partners.items.map((p) => [p.country, p.current]));
  const codes = [...new Set([...current.keys(), ...pledgedOf.keys()])].sort();

  return {
    asOf: new Date(asOf).toISOString(),
    districts: [...districts.values()].map((d) => ({ ...d, budget: budgets.get(d.districtId) ?? [] })),
    countries: codes.map((country) => ({
      country,
      current: current.get(country) ?? false,
      pledged: pledgedOf.get(country) ?? [],
      contracted: contractedOf.get(country) ?? [],
      paid: paidOf.get(country) ?? [],
      companies: companiesOf.get(country)?.companies ?? 0,
      bidsWon: companiesOf.get(country)?.bids_won ?? 0,
    })),
  };
}
