import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { AppDeps, Ctx } from '../lib/context.ts';
import { sequencePending } from '../modules/audit/service.ts';
import { systemActor } from '../modules/auth/permissions.ts';
import { seedContracts } from '../modules/contracts/demo.ts';
import { seedLand } from '../modules/land/demo.ts';
import { sequencePending as sequenceOcds } from '../modules/ocds/service.ts';
import { seedPartners } from '../modules/partners/demo.ts';
import { seedProjects } from '../modules/projects/demo.ts';
import { seedTenders } from '../modules/tenders/demo.ts';
import { seedCore } from './core-demo.ts';

/** The one password of every demonstration account. Production refuses these accounts. */
export const DEMO_PASSWORD = 'berpa-demo-2026';

import type { DemoState, DemoStep } from './types.ts';

export type { DemoState, DemoStep };

/**
 * The demonstration programme, step by step; each module adds its step here,
 * in dependency order (land before projects, projects before tenders).
 */
const STEPS: DemoStep[] = [
  { name: 'programme, organisations and users', run: (ctx, s) => seedCore(ctx, s, DEMO_PASSWORD) },
  { name: 'land: districts, hazardous areas and releases', run: (ctx, s) => seedLand(ctx, s) },
  { name: 'partner countries: periods, engagements (the origin meeting first) and pledges', run: (ctx, s) => seedPartners(ctx, s) },
  { name: 'projects across the districts and sectors', run: (ctx, s) => seedProjects(ctx, s) },
  // tenders come after projects (and partners, when present): they link to state.refs.projects
  { name: 'tenders at every stage, sealed bids opened for real', run: (ctx, s) => seedTenders(ctx, s) },
  { name: 'contracts in execution: milestones, geotagged progress photos, payments, a variation, a completion', run: (ctx, s) => seedContracts(ctx, s) },
  { name: 'OCDS: the releases the tenders wrote enter the public feed', run: async (ctx) => void (await sequenceOcds(ctx.db)) },
];

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const r = await db.selectFrom('programme').select('id').executeTakeFirst();
  return !r;
}

export async function seedDemo(deps: AppDeps, opts: { log?: (m: string) => void } = {}) {
  const ctx: Ctx = { ...deps, actor: systemActor('demo-seed'), requestId: 'demo-seed' };
  const state: DemoState = { orgs: {}, users: {}, refs: {} };
  for (const step of STEPS) {
    const t = Date.now();
    await step.run(ctx, state);
    opts.log?.(`  ${step.name} (${Date.now() - t} ms)`);
  }
  await sequencePending(deps.db);
  return state;
}

export async function demoAccounts(db: Kysely<DB>) {
  return db.selectFrom('app_user').select(['email', 'roles']).where('is_demo', '=', true).orderBy('email').execute();
}
