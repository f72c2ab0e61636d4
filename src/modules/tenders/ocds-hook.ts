import type { Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { publishRelease } from '../ocds/service.ts';

/**
 * THE single call site for OCDS releases: every tender stage change calls
 * this inside its own transaction with the OCDS tags of the stage
 * (planning+tender on publish, tenderAmendment, tenderUpdate, award,
 * awardUpdate/awardCancellation, contract, tenderCancellation). The OCDS
 * module builds the release from the tender tables as they are now, inside
 * the same transaction, so a stage and its release commit together.
 */
export async function publishStage(trx: Tx, ctx: Pick<Ctx, 'actor' | 'requestId'>, ocid: string, tags: string[]): Promise<void> {
  await publishRelease(trx, ctx, ocid, tags);
}
