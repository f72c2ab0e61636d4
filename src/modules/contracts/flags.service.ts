import type { Ctx } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';
import * as repo from './flags.repo.ts';
import { FLAGS, flagsOf, type RedFlag, toCsv } from './red-flags.ts';

/** Red flags: computed on read from the data, public like the contracts they describe. */
export function definitions() {
  return FLAGS.map(({ code, stage, title, definition, source, threshold }) => ({ code, stage, title, definition, source, threshold }));
}

export async function list(ctx: Ctx, q: { code?: string; stage?: string; supplierOrgId?: string; contractId?: string }): Promise<RedFlag[]> {
  const facts = await repo.facts(ctx.db, { contractIds: q.contractId ? [q.contractId] : undefined, supplierOrgId: q.supplierOrgId });
  return facts.flatMap(flagsOf).filter((f) => (!q.code || f.code === q.code) && (!q.stage || f.stage === q.stage));
}

export async function ofContract(ctx: Ctx, id: string) {
  const facts = await repo.facts(ctx.db, { contractIds: [id] });
  if (!facts.length) throw notFound('contract', id);
  return flagsOf(facts[0]);
}

export const csv = toCsv;
