import type { Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { publishRelease } from '../ocds/service.ts';

/**
 * The single call site for OCDS releases from contract execution: milestone
 * decisions, payments and completion publish `implementation`-style releases,
 * variations `contractAmendment`, in the transaction of the change.
 */
export async function publishContract(trx: Tx, ctx: Ctx, ocid: string, tags: string[]): Promise<void> {
  await publishRelease(trx, ctx, ocid, tags);
}
