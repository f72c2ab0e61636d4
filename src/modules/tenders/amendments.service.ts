import type { Updateable } from 'kysely';
import type { Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { assertTenderPeriods } from '../programme/service.ts';
import { TenderErrors } from './errors.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
import * as repo from './repo.ts';
import { requiredDeadline } from './rules.ts';
import type { AmendmentInputT } from './schema.ts';
import type { TenderTable } from './tables.ts';
import { view } from './tenders.service.ts';

/** Which changes are material: anything but the title and a later opening time. */
const MATERIAL = new Set(['description', 'value', 'documents', 'tenderEndDate', 'enquiryEndDate']);

export async function list(ctx: Ctx, tenderId: string) {
  await tenderOrNotFound(repo.byId(ctx.db, tenderId), tenderId, { published: true });
  return {
    items: (await repo.amendments(ctx.db, tenderId)).map((a) => ({
      id: a.id,
      seq: a.seq,
      reason: a.reason,
      material: a.material,
      changes: a.changes,
      date: new Date(a.created_at).toISOString(),
    })),
  };
}

/**
 * Amend a published tender before its deadline, with a reason. A material
 * change within `amendment_window_days` of the deadline must move the
 * deadline to at least that many days after now (database clock), and the
 * amendment is refused otherwise: see rules.requiredDeadline.
 * A retry with the same Idempotency-Key returns the first answer.
 * Errors: forbidden, not_found, invalid_state, amendment_needs_extension, validation_failed, idempotency_key_reused,
 * tender_period_too_short (the minimum periods from publication, for the possibly new value band).
 */
export async function amend(ctx: Ctx, tenderId: string, input: AmendmentInputT, key?: string) {
  assertCan(ctx.actor, TenderPerms.manage);
  return ctx.db.transaction().execute(async (trx) => {
    // A retried form (double click, lost answer) returns the first amendment instead of recording the same change twice.
    const r = await idempotent(trx, `tender.amend:${ctx.actor.userId ?? ctx.actor.label}`, key, { tenderId, input }, () => amendIn(trx, ctx, tenderId, input));
    return r.value;
  });
}

/** The amendment itself, inside the caller's transaction (once per Idempotency-Key). */
async function amendIn(trx: Tx, ctx: Ctx, tenderId: string, input: AmendmentInputT) {
  const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
  const { now } = await repo.clock(trx);
  if (t.status !== 'active' || now > new Date(t.tender_end)) throw new AppError(Errors.invalidState, 'only a published tender before its deadline can be amended');
  const c = input.changes;
  const material = Object.keys(c).some((k) => MATERIAL.has(k));
  const newEnd = c.tenderEndDate ? new Date(c.tenderEndDate) : new Date(t.tender_end);
  const newOpening = c.openingDate ? new Date(c.openingDate) : new Date(t.opening_at);
  const newEnquiryEnd = c.enquiryEndDate ? new Date(c.enquiryEndDate) : new Date(t.enquiry_end);
  const needed = requiredDeadline({ now, deadline: new Date(t.tender_end), windowDays: t.amendment_window_days, material });
  if (needed && newEnd < needed) {
    throw new AppError(
      TenderErrors.amendmentDeadline,
      `a material change within ${t.amendment_window_days} days of the deadline must move the deadline to ${needed.toISOString()} or later`,
      {
        errors: [{ field: '/body/changes/tenderEndDate', message: `must be at least ${needed.toISOString()}` }],
      },
    );
  }
  if (newEnd <= now)
    throw new AppError(Errors.validation, 'the deadline cannot be moved into the past', {
      errors: [{ field: '/body/changes/tenderEndDate', message: 'in the past', code: 'past_date' }],
    });
  if (newOpening < newEnd)
    throw new AppError(Errors.validation, 'the opening cannot precede the deadline', {
      errors: [{ field: '/body/changes/openingDate', message: 'before the deadline', code: 'before_other_date', params: { other: 'tenderEndDate' } }],
    });
  if (newEnquiryEnd > newEnd || newEnquiryEnd < new Date(t.enquiry_start))
    throw new AppError(Errors.validation, 'the enquiry period must end between its start and the deadline', {
      errors: [{ field: '/body/changes/enquiryEndDate', message: 'out of range' }],
    });
  // The legal minimum periods still hold from the original publication, for the (possibly new) value band.
  const value = c.value ?? (t.value_amount === null ? null : { amount: Number(t.value_amount), currency: t.value_currency ?? '' });
  await assertTenderPeriods(
    trx,
    { method: t.method, currency: value?.currency ?? null, value: value?.amount ?? null },
    { publishedAt: new Date(t.published_at ?? now), tenderEnd: newEnd, enquiryEnd: newEnquiryEnd },
    '/body/changes/',
  );
  const before = await view(trx, tenderId);
  const patch: Updateable<TenderTable> = {};
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (c.title) (patch.title = JSON.stringify(c.title)), (changes.title = { before: before.title, after: c.title });
  if (c.description) (patch.description = JSON.stringify(c.description)), (changes.description = { before: before.description, after: c.description });
  if (c.value) (patch.value_amount = c.value.amount), (patch.value_currency = c.value.currency), (changes.value = { before: before.value, after: c.value });
  if (c.documents) (patch.documents = JSON.stringify(c.documents)), (changes.documents = { before: before.documents, after: c.documents });
  if (c.tenderEndDate) (patch.tender_end = newEnd), (changes.tenderEndDate = { before: before.tenderPeriod.endDate, after: newEnd.toISOString() });
  if (c.openingDate) (patch.opening_at = newOpening), (changes.openingDate = { before: before.openingDate, after: newOpening.toISOString() });
  if (c.enquiryEndDate) (patch.enquiry_end = newEnquiryEnd), (changes.enquiryEndDate = { before: before.enquiryPeriod.endDate, after: newEnquiryEnd.toISOString() });
  await repo.update(trx, tenderId, patch);
  const a = await repo.insertAmendment(trx, { tender_id: tenderId, reason: input.reason, material, changes: JSON.stringify(changes), created_by: ctx.actor.userId });
  await recordAudit(trx, ctx, { action: 'tender.amend', entityType: 'tender', entityId: tenderId, before: before, after: changes, reason: input.reason });
  await publishStage(trx, ctx, t.ocid, ['tenderAmendment']);
  return { amendment: { id: a.id, seq: a.seq, material, reason: a.reason, changes }, tender: await view(trx, tenderId) };
}
