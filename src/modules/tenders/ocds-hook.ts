import type { Executor } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';

/**
 * THE single call site for OCDS releases: every tender stage change calls
 * this inside its own transaction with the OCDS tags of the stage
 * (planning+tender on publish, tenderAmendment, tenderUpdate, award,
 * awardUpdate, contract, tenderCancellation).
 * TODO(ocds): until src/modules/ocds exposes `publishRelease`, this records
 * nothing; wire it here and nowhere else.
 */
export async function publishStage(_trx: Executor, _ctx: Pick<Ctx, 'actor' | 'requestId'>, _ocid: string, _tag: string[]): Promise<void> {
  // OCDS module not yet available.
}
