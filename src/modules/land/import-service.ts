/**
 * Importing areas, hazardous areas and releases from GeoJSON, KML or zipped
 * Shapefile. All or nothing: every problem in the file is reported, each
 * naming its feature, and nothing is written unless the whole file is good.
 */
import crypto from 'node:crypto';
import type { Ctx } from '../../lib/context.ts';
import { AppError, type FieldError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { LandErrors } from './errors.ts';
import { readArea, readHazard, readRelease, type AreaRecord, type HazardRecord, type ReleaseRecord } from './features.ts';
import * as figuresRepo from './figures-repo.ts';
import { formatFromName, readUpload, type ImportFormat } from './formats.ts';
import { readFeatureCollection, type MultiPolygonFeature } from './geojson.ts';
import { LandPerms } from './permissions.ts';
import * as repo from './repo.ts';

export type ImportKind = 'areas' | 'hazards' | 'releases';
export interface ImportOptions {
  /** Repair invalid geometry with ST_MakeValid instead of refusing it. */
  repair?: boolean;
  isDemo?: boolean;
  /** Recording / operating organisation; defaults to the caller's. Only the demo seed sets it. */
  orgId?: string | null;
}
export interface ImportResult {
  kind: ImportKind;
  imported: number;
  ids: string[];
}

const PERM: Record<ImportKind, string> = { areas: LandPerms.importAreas, hazards: LandPerms.importHazards, releases: LandPerms.importReleases };
const MAX_REPORTED = 200;

function refuse(def: typeof LandErrors.badFeatures, errors: FieldError[]): never {
  const shown = errors.slice(0, MAX_REPORTED);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  throw new AppError(def, `${errors.length} problem(s), nothing imported: ${shown.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}${more}`, { errors: shown });
}

/** Checked before an upload is read, so that nobody may make the server parse files they may not import. Errors: unauthenticated, forbidden. */
export function assertMayImport(ctx: Ctx, kind: ImportKind) {
  assertCan(ctx.actor, PERM[kind]);
}

/**
 * Import a file. The format comes from `format` or the file name.
 * Errors: forbidden/unauthenticated, land_file_unreadable, land_wrong_crs,
 * land_features_invalid, land_outside_territory, validation_failed (unknown format).
 */
export async function importFile(ctx: Ctx, kind: ImportKind, file: { bytes: Uint8Array; filename?: string; format?: ImportFormat }, opts: ImportOptions = {}): Promise<ImportResult> {
  assertCan(ctx.actor, PERM[kind]);
  const format = file.format ?? (file.filename ? formatFromName(file.filename) : null);
  if (!format) {
    throw new AppError(LandErrors.badFile, 'cannot tell the format: name the file .geojson, .kml or .zip (Shapefile), or give the format', { errors: [{ field: 'format', message: 'unknown' }] });
  }
  const doc = await readUpload(file.bytes, format);
  return importDocument(ctx, kind, doc, { ...opts, format });
}

/** Import an already-parsed GeoJSON document. Errors as importFile. */
export async function importDocument(ctx: Ctx, kind: ImportKind, doc: unknown, opts: ImportOptions & { format?: string } = {}): Promise<ImportResult> {
  assertCan(ctx.actor, PERM[kind]);
  const { features, errors, crsError } = readFeatureCollection(doc);
  if (crsError) refuse(LandErrors.wrongCrs, errors);
  const reader = kind === 'areas' ? readArea : kind === 'hazards' ? readHazard : readRelease;
  const records = features.map((f) => reader(f, errors)).filter((r): r is NonNullable<typeof r> => r !== null);
  duplicateKeys(features, records, errors);
  if (errors.length) refuse(LandErrors.badFeatures, errors);
  await checkGeometry(ctx, kind, records, !!opts.repair);

  const isDemo = !!opts.isDemo;
  return ctx.db.transaction().execute(async (trx) => {
    let ids: string[];
    if (kind === 'areas') {
      const recs = records as AreaRecord[];
      const inFile = new Set(recs.map((r) => r.code));
      const missing = await repo.unknownParentCodes(trx, [...new Set(recs.map((r) => r.parentCode).filter((c): c is string => !!c && !inFile.has(c)))]);
      if (missing.length) refuse(LandErrors.badFeatures, recs.filter((r) => r.parentCode && missing.includes(r.parentCode)).map((r) => ({ field: `${r.label}.properties.parent_code`, message: `no area has the code ${r.parentCode}` })));
      ids = (await repo.upsertAreas(trx, recs, { isDemo, repair: !!opts.repair })).map((r) => r.id);
      await figuresRepo.invalidateAll(trx);
    } else {
      const table = kind === 'hazards' ? 'hazard_area' : 'land_release';
      const refs = (records as (HazardRecord | ReleaseRecord)[]).map((r) => r.reference);
      const taken = new Set(await repo.existingReferences(trx, table, refs));
      const clash = (records as (HazardRecord | ReleaseRecord)[]).filter((r) => taken.has(r.reference));
      if (clash.length) refuse(LandErrors.badFeatures, clash.map((r) => ({ field: `${r.label}.properties.reference`, message: `${r.reference} is already recorded` })));
      if (kind === 'hazards') {
        ids = await repo.insertHazards(trx, records as HazardRecord[], { repair: !!opts.repair, isDemo, orgId: opts.orgId ?? ctx.actor.orgId });
        await repo.refreshHazardStatus(trx, { hazardIds: ids });
      } else {
        const recs = records as ReleaseRecord[];
        const unknown = await repo.unknownHazardReferences(trx, [...new Set(recs.map((r) => r.hazardReference).filter((x): x is string => !!x))]);
        if (unknown.length) refuse(LandErrors.badFeatures, recs.filter((r) => r.hazardReference && unknown.includes(r.hazardReference)).map((r) => ({ field: `${r.label}.properties.hazard_reference`, message: `no hazardous area ${r.hazardReference}` })));
        ids = await repo.insertReleases(trx, recs, { repair: !!opts.repair, isDemo, orgId: opts.orgId ?? ctx.actor.orgId });
        await repo.refreshHazardStatus(trx, { releaseIds: ids });
      }
      await figuresRepo.markDirty(trx, table, ids);
    }
    await recordAudit(trx, ctx, {
      action: `land.import_${kind}`,
      entityType: 'land_import',
      entityId: crypto.randomUUID(),
      after: { count: ids.length, format: opts.format ?? 'geojson', repaired: !!opts.repair, keys: records.slice(0, 1000).map((r) => ('code' in r ? r.code : r.reference)) },
    });
    return { kind, imported: ids.length, ids };
  });
}

function duplicateKeys(features: MultiPolygonFeature[], records: (AreaRecord | HazardRecord | ReleaseRecord)[], errors: FieldError[]) {
  const seen = new Map<string, string>();
  for (const r of records) {
    const key = 'code' in r ? r.code : r.reference;
    const first = seen.get(key);
    if (first) errors.push({ field: `${r.label}.properties.${'code' in r ? 'code' : 'reference'}`, message: `${key} appears twice in the file (also ${first})` });
    else seen.set(key, r.label);
  }
  return features.length;
}

/** Validity, emptiness and territory, judged by PostGIS, each problem naming its feature. */
async function checkGeometry(ctx: Ctx, kind: ImportKind, records: { geometry: object; label: string }[], repair: boolean) {
  let checks: repo.GeometryCheck[];
  try {
    checks = await repo.checkGeometries(ctx.db, records.map((r) => r.geometry), { repair, territory: kind !== 'areas' });
  } catch (e) {
    refuse(LandErrors.badFeatures, [{ field: 'features', message: `a geometry cannot be read by PostGIS: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const invalid: FieldError[] = [];
  const outside: FieldError[] = [];
  for (const c of checks) {
    const field = `${records[c.ord - 1].label}.geometry`;
    if (!c.valid) invalid.push({ field, message: `is not valid: ${c.reason}${repair ? '' : ' (import with repair to fix it with ST_MakeValid)'}` });
    else if (c.empty) invalid.push({ field, message: 'is empty' + (repair ? ' after repair' : '') });
    else if (c.in_district === false) {
      outside.push({ field, message: c.flipped_in ? 'coordinates look like latitude, longitude; GeoJSON and KML need longitude, latitude' : 'lies outside every district of the programme territory' });
    } else if (c.in_country === false) outside.push({ field, message: 'extends outside the programme territory (the country outline)' });
  }
  if (invalid.length) refuse(LandErrors.badFeatures, [...invalid, ...outside]);
  if (outside.length) refuse(LandErrors.outsideTerritory, outside);
}
