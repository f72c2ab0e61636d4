/**
 * Corrections of one hazardous area or one release, each with the reason
 * the audit log keeps beside the before and after. The status of every
 * hazard the change touches is recomputed in the same transaction, and the
 * cached figures' cells under the old and new outlines are marked dirty.
 */
import type { Ctx } from '../../lib/context.ts';
import { type FieldError, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import * as edit from './edit.repo.ts';
import * as figuresRepo from './figures.repo.ts';
import { toMultiPolygon } from './geojson.ts';
import { LandPerms } from './permissions.ts';
import * as repo from './repo.ts';
import type { HazardCorrectionT, ReleaseCorrectionT } from './schema.ts';
import { getHazard, getRelease } from './service.ts';

type Geometry = { type: string; coordinates?: unknown };

/** Shape in code, then validity and territory by PostGIS, as for an imported feature. */
async function checkOutline(ex: Ctx['db'], geometry: Geometry | undefined, errors: FieldError[]) {
  if (!geometry) return;
  const shape = toMultiPolygon(geometry);
  if (shape.error) {
    errors.push({ field: '/body/geometry', message: shape.error });
    return;
  }
  const [c] = await repo.checkGeometries(ex, [geometry], { repair: false, territory: true });
  if (!c.valid) errors.push({ field: '/body/geometry', message: `is not valid: ${c.reason}`, code: 'invalid_geometry' });
  else if (c.empty) errors.push({ field: '/body/geometry', message: 'is empty', code: 'empty_geometry' });
  else if (c.in_district === false || c.in_country === false) errors.push({ field: '/body/geometry', message: 'lies outside the programme territory', code: 'outside_territory' });
}

/** Errors: forbidden, not_found, validation_failed (geometry). */
export async function correctHazard(ctx: Ctx, id: string, input: HazardCorrectionT) {
  assertCan(ctx.actor, LandPerms.importHazards);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await edit.lockHazard(trx, id);
    if (!before) throw notFound('hazardous area', id);
    const errors: FieldError[] = [];
    await checkOutline(trx, input.geometry, errors);
    if (errors.length) throw validationError(errors);
    const after: edit.HazardFields = {
      name: input.name ?? before.name,
      classification: input.classification ?? before.classification,
      hazard_types: input.hazardTypes ?? before.hazard_types,
      recorded_on: input.recordedOn ?? before.recorded_on,
      notes: input.notes === undefined ? before.notes : input.notes,
      geometry: input.geometry ?? before.geometry,
    };
    await figuresRepo.markDirty(trx, 'hazard_area', [id]);
    await edit.updateHazard(trx, id, after);
    await repo.refreshHazardStatus(trx, { hazardIds: [id] });
    await figuresRepo.markDirty(trx, 'hazard_area', [id]);
    const { geometry: _b, notes: _bn, ...b } = before;
    const { geometry: _a, notes: _an, ...a } = after;
    // Notes are sensitive and outlines large: the audit says that they changed, not what they say.
    await recordAudit(trx, ctx, {
      action: 'land.hazard_correct',
      entityType: 'hazard_area',
      entityId: id,
      reason: input.reason,
      before: b,
      after: { ...a, ...(input.geometry ? { geometryChanged: true } : {}), ...(input.notes !== undefined ? { notesChanged: true } : {}) },
    });
  });
  return getHazard(ctx, id);
}

/** Errors: forbidden, not_found, validation_failed (geometry, hazardReference, startedOn). */
export async function correctRelease(ctx: Ctx, id: string, input: ReleaseCorrectionT) {
  assertCan(ctx.actor, LandPerms.importReleases);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await edit.lockRelease(trx, id);
    if (!before) throw notFound('land release', id);
    const errors: FieldError[] = [];
    await checkOutline(trx, input.geometry, errors);
    let hazardId = before.hazard_area_id;
    if (input.hazardReference !== undefined) {
      hazardId = input.hazardReference === null ? null : await edit.hazardIdByReference(trx, input.hazardReference);
      if (input.hazardReference !== null && !hazardId)
        errors.push({ field: '/body/hazardReference', message: `no hazardous area ${input.hazardReference}`, code: 'unknown_reference', params: { value: input.hazardReference } });
    }
    const after: edit.ReleaseFields = {
      method: input.method ?? before.method,
      hazard_area_id: hazardId,
      started_on: input.startedOn === undefined ? before.started_on : input.startedOn,
      completed_on: input.completedOn ?? before.completed_on,
      clearance_depth_cm: input.clearanceDepthCm === undefined ? before.clearance_depth_cm : input.clearanceDepthCm,
      notes: input.notes === undefined ? before.notes : input.notes,
      geometry: input.geometry ?? before.geometry,
    };
    if (after.started_on && after.started_on > after.completed_on)
      errors.push({ field: '/body/startedOn', message: 'is after completedOn', code: 'start_after_end', params: { other: 'completedOn' } });
    if (errors.length) throw validationError(errors);
    const touched = await edit.hazardsUnder(trx, id);
    await figuresRepo.markDirty(trx, 'land_release', [id]);
    await edit.updateRelease(trx, id, after);
    await repo.refreshHazardStatus(trx, { hazardIds: touched, releaseIds: [id] });
    await figuresRepo.markDirty(trx, 'land_release', [id]);
    const { geometry: _b, notes: _bn, hazard_reference: _hr, ...b } = before;
    const { geometry: _a, notes: _an, ...a } = after;
    await recordAudit(trx, ctx, {
      action: 'land.release_correct',
      entityType: 'land_release',
      entityId: id,
      reason: input.reason,
      before: b,
      after: { ...a, ...(input.geometry ? { geometryChanged: true } : {}), ...(input.notes !== undefined ? { notesChanged: true } : {}) },
    });
  });
  return getRelease(ctx, id);
}
