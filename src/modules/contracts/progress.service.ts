import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, type FieldError, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { assertSupplier, lockOpen, markStarted } from './contracts.service.ts';
import { ContractErrors } from './errors.ts';
import { ContractPerms } from './permissions.ts';
import { readPhoto } from './photos.ts';
import { presentPhoto, presentReport } from './present.ts';
import * as repo from './repo.ts';
import { exifToIso, timeStatus } from './rules.ts';

export interface ReportInput {
  periodStart: string;
  periodEnd: string;
  narrative: string;
  milestoneId?: string;
  quantities?: { projectOutputId: string; quantity: number }[];
}

/** The supplier reports progress on its contract. Errors: forbidden, not_contract_supplier, not_found, contract_closed, validation_failed. */
export async function report(ctx: Ctx, contractId: string, input: ReportInput) {
  assertCan(ctx.actor, ContractPerms.report);
  if (input.periodEnd < input.periodStart)
    throw validationError([{ field: '/body/periodEnd', message: 'before the start', code: 'end_before_start', params: { other: 'periodStart' } }]);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, contractId);
    assertSupplier(ctx, c);
    const errs: FieldError[] = [];
    if (input.milestoneId) {
      const m = await repo.milestoneById(trx, input.milestoneId);
      if (!m || m.contract_id !== contractId) errs.push({ field: '/body/milestoneId', message: 'not a milestone of this contract', code: 'unknown_reference' });
    }
    const outputs = new Set((await repo.contractOutputs(trx, contractId)).map((o) => o.id));
    (input.quantities ?? []).forEach((q, i) => {
      if (!outputs.has(q.projectOutputId))
        errs.push({
          field: `/body/quantities/${i}/projectOutputId`,
          message: "not an output of the contract's projects",
          code: 'unknown_reference',
          params: { value: q.projectOutputId },
        });
    });
    if (errs.length) throw validationError(errs);
    const r = await repo.insertReport(trx, {
      contract_id: contractId,
      milestone_id: input.milestoneId ?? null,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      narrative: input.narrative,
      submitted_by: ctx.actor.userId,
    });
    await repo.insertQuantities(
      trx,
      (input.quantities ?? []).map((q) => ({ report_id: r.id, project_output_id: q.projectOutputId, quantity: q.quantity })),
    );
    await markStarted(trx, ctx, c, 'first progress report');
    await recordAudit(trx, ctx, { action: 'progress.report', entityType: 'progress_report', entityId: r.id, after: { contractId, ...input } });
    return presentReport(
      r,
      (input.quantities ?? []).map((q) => ({ report_id: r.id, project_output_id: q.projectOutputId, quantity: q.quantity })),
      [],
    );
  });
}

/**
 * Add a photo to a submitted report. The EXIF position is checked against the
 * sites of the contract's projects (within the contract's tolerance) and the
 * capture day against the report period. No position: stored, "location not
 * verified". A position outside the site is refused unless the supplier says
 * why (`offSiteReason`, e.g. the quarry supplying the works); then it is stored
 * and flagged. Errors: forbidden, not_contract_supplier, not_found,
 * payload_too_large, photo_not_an_image, photo_outside_site, invalid_state.
 */
export async function addPhoto(ctx: Ctx, reportId: string, input: { data: Buffer; offSiteReason?: string }) {
  assertCan(ctx.actor, ContractPerms.report);
  if (input.data.length > ctx.config.uploadMaxBytes)
    throw new AppError(Errors.payloadTooLarge, `photos are limited to ${ctx.config.uploadMaxBytes} bytes`, {
      errors: [{ field: '/body/file', message: 'too large', code: 'file_too_large', params: { limit: ctx.config.uploadMaxBytes } }],
    });
  const facts = await readPhoto(input.data);
  if (!facts) throw new AppError(ContractErrors.notAnImage, undefined, { errors: [{ field: '/body/file', message: 'not a JPEG, PNG or WebP image', code: 'not_an_image' }] });
  const contractId = await repo.reportContractId(ctx.db, reportId);
  if (!contractId) throw notFound('progress report', reportId);
  // Checks first (no writes), then the blobs, then the rows in one transaction.
  const check = await ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, contractId);
    assertSupplier(ctx, c);
    const r = (await repo.reportForUpdate(trx, reportId))!;
    if (r.status !== 'submitted') throw new AppError(Errors.invalidState, `the report is ${r.status}`);
    const site = facts.position ? await repo.siteDistance(trx, c.id, facts.position.lon, facts.position.lat, Number(c.site_tolerance_m)) : null;
    const location: 'verified' | 'not_verified' | 'outside' = !facts.position ? 'not_verified' : site?.within ? 'verified' : 'outside';
    if (location === 'outside' && !input.offSiteReason) {
      throw new AppError(
        ContractErrors.photoOutside,
        `the photo was taken ${site?.distanceM == null ? 'away from any site' : `${Math.round(site.distanceM)} m from the site`} (tolerance ${c.site_tolerance_m} m); say why in offSiteReason to file it flagged`,
        { errors: [{ field: '/body/file', message: 'position outside the project site', code: 'photo_outside_site' }] },
      );
    }
    return { r, c, site, location };
  });
  const sha = await ctx.blobs.put(input.data);
  const resizedSha = await ctx.blobs.put(facts.resized);
  return ctx.db.transaction().execute(async (trx) => {
    await lockOpen(trx, check.c.id);
    const r = (await repo.reportForUpdate(trx, reportId))!;
    if (r.status !== 'submitted') throw new AppError(Errors.invalidState, `the report is ${r.status}`);
    const row = await repo.insertPhoto(trx, {
      report_id: reportId,
      sha256: sha,
      resized_sha256: resizedSha,
      size_bytes: input.data.length,
      width: facts.width,
      height: facts.height,
      lon: facts.position?.lon ?? null,
      lat: facts.position?.lat ?? null,
      taken_at: exifToIso(facts.takenAtExif),
      location_status: check.location,
      distance_m: check.site?.distanceM == null ? null : Math.round(check.site.distanceM * 10) / 10,
      time_status: timeStatus(facts.takenAtExif, r.period_start, r.period_end),
    });
    await recordAudit(trx, ctx, {
      action: 'progress.photo',
      entityType: 'progress_report',
      entityId: reportId,
      after: { photoId: row.id, sha256: sha, location: check.location, position: facts.position },
      reason: input.offSiteReason ?? null,
    });
    const photos = await repo.photosOf(trx, [reportId]);
    return presentPhoto(photos.find((p) => p.id === row.id)!);
  });
}

/**
 * Accept or reject a progress report; on acceptance the project outputs'
 * "achieved" figures are recomputed from all accepted reports.
 * Errors: forbidden, not_found, contract_closed, invalid_state, validation_failed (reason).
 */
export async function decide(ctx: Ctx, reportId: string, input: { decision: 'accepted' | 'rejected'; reason?: string }) {
  assertCan(ctx.actor, ContractPerms.decideReport);
  if (input.decision === 'rejected' && !input.reason) throw validationError([{ field: '/body/reason', message: 'a rejection needs reasons', code: 'reason_required' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const contractId = await repo.reportContractId(trx, reportId);
    if (!contractId) throw notFound('progress report', reportId);
    await lockOpen(trx, contractId);
    const r = (await repo.reportForUpdate(trx, reportId))!;
    if (r.status !== 'submitted') throw new AppError(Errors.invalidState, `the report is ${r.status}`);
    const after = await repo.updateReport(trx, reportId, { status: input.decision, reason: input.reason ?? null, decided_by: ctx.actor.userId, decided_at: new Date() });
    const qty = await repo.quantitiesOf(trx, [reportId]);
    if (input.decision === 'accepted')
      await repo.recomputeAchieved(
        trx,
        qty.map((q) => q.project_output_id),
      );
    await recordAudit(trx, ctx, {
      action: `progress.${input.decision === 'accepted' ? 'accept' : 'reject'}`,
      entityType: 'progress_report',
      entityId: reportId,
      after: { status: input.decision },
      reason: input.reason ?? null,
    });
    return presentReport(after, qty, await repo.photosOf(trx, [reportId]));
  });
}

/** A photo's bytes: the page-sized copy, or the original (checked against its SHA-256 name). Public like the contract. */
export async function photoBytes(ctx: Ctx, photoId: string, original: boolean) {
  const p = await repo.photoById(ctx.db, photoId);
  if (!p) throw notFound('photo', photoId);
  const sha = original ? p.sha256 : p.resized_sha256;
  const data = await ctx.blobs.get(sha);
  if (!data) throw notFound('photo content', photoId);
  return { data, sha256: sha, mediaType: original ? 'application/octet-stream' : 'image/jpeg' };
}
