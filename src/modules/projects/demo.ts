import type { Ctx } from '../../lib/context.ts';
import type { DemoState } from '../../seed/types.ts';
import { DEMO_PROJECTS } from './demo-data.ts';
import * as repo from './repo.ts';
import type { ProjectInputT } from './schema.ts';
import { create } from './service.ts';

/**
 * The demo step: the projects in demo-data.ts, recorded through the service
 * (so each has its audit event), linked to the Land demo's districts when
 * present. Leaves the project ids in `state.refs.projects` for the tenders.
 */
export async function seedProjects(ctx: Ctx, state: DemoState) {
  const areas = await repo.areaIdsByCode(ctx.db, [...new Set(DEMO_PROJECTS.map((p) => p.district))]);
  const ids: string[] = [];
  for (const d of DEMO_PROJECTS) {
    const total = d.input.budget.amount;
    const funding = d.funding.map((f) => ({
      sourceType: f.sourceType,
      ...(f.country ? { country: f.country } : {}),
      ...(f.org && state.orgs[f.org] ? { organisationId: state.orgs[f.org] } : {}),
      amount: Math.round(total * f.share),
      currency: d.input.budget.currency,
    }));
    const input: ProjectInputT = {
      ...d.input,
      ...(areas.get(d.district) ? { districtId: areas.get(d.district) } : {}),
      ...(state.orgs.agency ? { publicAuthorityId: state.orgs.agency } : {}),
      funding,
    };
    const v = await create(ctx, input, undefined, { isDemo: true });
    ids.push(v.id);
  }
  state.refs.projects = ids;
}
