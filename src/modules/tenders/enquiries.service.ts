import type { Selectable } from 'kysely';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
import * as repo from './repo.ts';
import type { TenderEnquiryTable } from './tables.ts';

/** Questions and answers are public (OCDS tender.enquiries); who asked is not shown. */
function present(e: Selectable<TenderEnquiryTable>) {
  return {
    id: e.id,
    lotId: e.lot_id,
    question: e.question,
    askedAt: new Date(e.asked_at).toISOString(),
    answer: e.answer,
    answeredAt: e.answered_at ? new Date(e.answered_at).toISOString() : null,
  };
}

export async function list(ctx: Ctx, tenderId: string) {
  await tenderOrNotFound(repo.byId(ctx.db, tenderId), tenderId, { published: true });
  return { items: (await repo.enquiries(ctx.db, tenderId)).map(present) };
}

/** A company asks during the enquiry period (database clock). Errors: forbidden, not_found, invalid_state, validation_failed (lot). */
export async function ask(ctx: Ctx, tenderId: string, input: { question: string; lotId?: string }) {
  assertCan(ctx.actor, TenderPerms.ask);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForShare(trx, tenderId), tenderId, { published: true });
    const { now } = await repo.clock(trx);
    if (t.status !== 'active' || now < new Date(t.enquiry_start) || now > new Date(t.enquiry_end)) throw new AppError(Errors.invalidState, 'the enquiry period is not open');
    if (input.lotId && !(await repo.lots(trx, tenderId)).some((l) => l.id === input.lotId))
      throw validationError([{ field: '/body/lotId', message: 'not a lot of this tender', code: 'unknown_reference' }]);
    const e = await repo.insertEnquiry(trx, {
      tender_id: tenderId,
      lot_id: input.lotId ?? null,
      question: input.question,
      asked_by_user_id: ctx.actor.userId,
      asked_by_org_id: ctx.actor.orgId,
    });
    await recordAudit(trx, ctx, { action: 'tender.enquiry', entityType: 'tender_enquiry', entityId: e.id, after: present(e) });
    return present(e);
  });
}

/** Errors: forbidden, not_found, invalid_state (already answered). */
export async function answer(ctx: Ctx, tenderId: string, enquiryId: string, text: string) {
  assertCan(ctx.actor, TenderPerms.answer);
  return ctx.db.transaction().execute(async (trx) => {
    const e = await repo.enquiryForUpdate(trx, enquiryId);
    if (!e || e.tender_id !== tenderId) throw notFound('enquiry', enquiryId);
    if (e.answer !== null) throw new AppError(Errors.invalidState, 'already answered; amend the tender to change what bidders were told');
    const after = await repo.answerEnquiry(trx, enquiryId, text, ctx.actor.userId);
    await recordAudit(trx, ctx, { action: 'tender.enquiry_answer', entityType: 'tender_enquiry', entityId: enquiryId, before: present(e), after: present(after) });
    const t = await repo.byId(trx, tenderId);
    await publishStage(trx, ctx, t!.ocid, ['tenderUpdate']);
    return present(after);
  });
}
