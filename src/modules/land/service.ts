/**
 * Areas, hazardous areas and releases as the API and other modules see
 * them, and the safety gate. Disclosure: outlines, status and dates are
 * public; survey notes and devices (models, depths, positions) only for
 * roles with land.readSensitive.
 */
import type { Executor } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { notFound, validationError } from '../../lib/errors.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { can } from '../auth/permissions.ts';
import { BOUNDARY_ATTRIBUTION } from './attribution.ts';
import { OUTCOME, type ReleaseMethod } from './features.ts';
import { roundKm2 } from './figures.ts';
import { readAnyGeometry } from './geojson.ts';
import { LandPerms } from './permissions.ts';
import * as read from './read.repo.ts';
import * as repo from './repo.ts';

export { refreshFigures, series, summary } from './figures.service.ts';
export { assertMayImport, importDocument, importFile } from './import.service.ts';

const sensitive = (ctx: Ctx) => can(ctx.actor, LandPerms.readSensitive);

export async function listAreas(ctx: Ctx, q: { level?: string }) {
  const rows = await repo.listAreas(ctx.db, q.level);
  return {
    items: rows.map((a) => ({
      id: a.id,
      code: a.code,
      level: a.level,
      parentId: a.parent_id,
      name: a.name as Record<string, string>,
      areaKm2: roundKm2(a.area_km2),
      isDemo: a.is_demo,
    })),
    attribution: BOUNDARY_ATTRIBUTION,
  };
}

export async function areasGeoJson(ctx: Ctx, q: { level?: string; simplify?: number }) {
  return repo.areasGeoJson(ctx.db, { level: q.level, simplify: q.simplify ?? 0, attribution: BOUNDARY_ATTRIBUTION });
}

async function districtIdOf(ctx: Ctx, code: string | undefined) {
  if (!code) return undefined;
  const a = await repo.areaByCode(ctx.db, code);
  if (!a) throw validationError([{ field: '/querystring/district', message: `no area has the code ${code}` }]);
  return a.id;
}

export async function hazardsGeoJson(ctx: Ctx, q: { district?: string; status?: string; simplify?: number }) {
  return read.hazardsGeoJson(ctx.db, { districtId: await districtIdOf(ctx, q.district), status: q.status, simplify: q.simplify ?? 0, sensitive: sensitive(ctx) });
}

export async function releasesGeoJson(ctx: Ctx, q: { district?: string; simplify?: number }) {
  return read.releasesGeoJson(ctx.db, { districtId: await districtIdOf(ctx, q.district), simplify: q.simplify ?? 0, sensitive: sensitive(ctx) });
}

/** Errors: validation_failed (cursor, district). */
export async function listHazards(ctx: Ctx, q: { district?: string; status?: string; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const [afterRef] = (decodeCursor(q.cursor, 1) as [string] | undefined) ?? [];
  const rows = await read.listHazards(ctx.db, { districtId: await districtIdOf(ctx, q.district), status: q.status, afterRef, limit });
  const page = pageOf(rows, limit, (r) => [r.reference]);
  const show = sensitive(ctx);
  return {
    items: page.items.map((h) => ({
      id: h.id,
      reference: h.reference,
      name: h.name,
      classification: h.classification,
      hazardTypes: h.hazard_types,
      status: h.status,
      recordedOn: String(h.recorded_on),
      releasedOn: h.released_on ? String(h.released_on) : null,
      district: h.district_code,
      areaKm2: roundKm2(h.area_km2),
      remainingKm2: roundKm2(h.remaining_km2),
      isDemo: h.is_demo,
      ...(show ? { notes: h.notes } : {}),
    })),
    nextCursor: page.nextCursor,
  };
}

/** Errors: not_found. */
export async function getHazard(ctx: Ctx, id: string) {
  const h = await read.hazardById(ctx.db, id);
  if (!h) throw notFound('hazardous area', id);
  const releases = await read.releasesOfHazard(ctx.db, id);
  return {
    id: h.id,
    reference: h.reference,
    name: h.name,
    classification: h.classification,
    hazardTypes: h.hazard_types,
    status: h.status,
    recordedOn: h.recorded_on,
    releasedOn: h.released_on,
    recordingOrgId: h.recording_org_id,
    district: h.district_code,
    areaKm2: roundKm2(h.area_km2),
    remainingKm2: roundKm2(h.remaining_km2),
    isDemo: h.is_demo,
    geometry: h.geometry,
    remainingGeometry: h.remaining,
    releases: releases.map((r) => ({
      id: r.id,
      reference: r.reference,
      method: r.method,
      outcome: OUTCOME[r.method as ReleaseMethod],
      completedOn: r.completed_on,
      areaKm2: roundKm2(r.area_km2),
    })),
    ...(sensitive(ctx) ? { notes: h.notes } : {}),
  };
}

/** Errors: not_found. */
export async function getRelease(ctx: Ctx, id: string) {
  const r = await read.releaseById(ctx.db, id);
  if (!r) throw notFound('land release', id);
  const base = {
    id: r.id,
    reference: r.reference,
    method: r.method,
    outcome: OUTCOME[r.method as ReleaseMethod],
    hazardAreaId: r.hazard_area_id,
    hazardReference: r.hazard_reference,
    operatorOrgId: r.operator_org_id,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    clearanceDepthCm: r.clearance_depth_cm,
    district: r.district_code,
    areaKm2: roundKm2(r.area_km2),
    isDemo: r.is_demo,
    geometry: r.geometry,
    deviceCount: r.device_count,
  };
  if (!sensitive(ctx)) return base;
  const devices = await read.devicesOf(ctx.db, id);
  return {
    ...base,
    notes: r.notes,
    devices: devices.map((d) => ({
      category: d.category,
      model: d.model,
      condition: d.condition,
      depthCm: d.depth_cm,
      quantity: d.quantity,
      position: d.position?.coordinates ?? null,
    })),
  };
}

/**
 * The district a site lies in (the one holding most of it), for modules that
 * need a district when the caller gave none — the projects module derives a
 * project's district from its site with this. null when the site touches no
 * district. Runs in the caller's transaction when given one as `ex`.
 * Errors: validation_failed (field `geometry`: malformed GeoJSON geometry).
 */
export async function districtForGeometry(ex: Executor, geometry: { type: string; coordinates?: unknown }): Promise<{ id: string; code: string } | null> {
  const shape = readAnyGeometry(JSON.stringify(geometry ?? null));
  if (shape.error) throw validationError([{ field: 'geometry', message: shape.error }]);
  return repo.districtForGeometry(ex, shape.geometry!);
}

export interface ClearanceAnswer {
  clear: boolean;
  overlaps: { hazardAreaId: string; name: string; overlapKm2: number }[];
}

/**
 * The safety gate: may works start on this site? Lists every hazardous area
 * whose unreleased part overlaps the site. The contracts and projects
 * modules call this inside their own transaction (pass it as `ex`).
 * Errors: validation_failed (field `geometry`: invalid geometry).
 */
export async function checkSiteClearance(ex: Executor, geometry: { type: string; coordinates?: unknown }): Promise<ClearanceAnswer> {
  // Shape first, in plain code: a malformed geometry must not abort the caller's transaction.
  const shape = readAnyGeometry(JSON.stringify(geometry ?? null));
  if (shape.error) throw validationError([{ field: 'geometry', message: shape.error }]);
  const v = await read.geometryValidity(ex, geometry);
  if (!v.valid) throw validationError([{ field: 'geometry', message: `is not a valid geometry: ${v.reason}` }]);
  const rows = await read.unreleasedOverlaps(ex, geometry);
  return { clear: rows.length === 0, overlaps: rows.map((r) => ({ hazardAreaId: r.id, name: r.name, overlapKm2: Math.round(r.km2 * 1e6) / 1e6 })) };
}
