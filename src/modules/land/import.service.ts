/**
 * Importing areas, hazardous areas and releases from GeoJSON, KML/KMZ, a
 * zipped Shapefile or a GeoPackage. All or nothing: every problem in the file
 * is reported, each naming its feature, and nothing is written unless the
 * whole file is good.
 *
 * The file is read as a stream of features and handled in batches inside one
 * transaction (read → check → write), so memory grows with the file only by
 * each feature's key and id (kept for duplicates and the result).
 * A dry run is the same pass ending in a rollback: what would be created,
 * updated or refused is exactly what the real import would do.
 */
import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, type FieldError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { LandErrors } from './errors.ts';
import { type AreaRecord, type HazardRecord, type ReleaseRecord, readArea, readHazard, readRelease } from './features.ts';
import * as figuresRepo from './figures.repo.ts';
import { documentSource, formatFromName, type ImportFormat, openUpload, type Source } from './formats.ts';
import { featureLabel, readFeature } from './geojson.ts';
import { type ImportKind, type ImportOptions, type ImportPreview, type ImportResult, type Item, keyOf, MAX_REPORTED, Pass, Rollback } from './import-pass.ts';
import * as stage from './import-stage.repo.ts';
import { LandPerms } from './permissions.ts';
import * as repo from './repo.ts';

const PERM: Record<ImportKind, string> = { areas: LandPerms.importAreas, hazards: LandPerms.importHazards, releases: LandPerms.importReleases };
const BATCH = 1000;
const READ_SLICE = 100;

function refuse(def: typeof LandErrors.badFeatures, errors: FieldError[], total = errors.length): never {
  const shown = errors.slice(0, MAX_REPORTED);
  const more = total > 3 ? ` (and ${total - 3} more)` : '';
  throw new AppError(
    def,
    `${total} problem(s), nothing imported: ${shown
      .slice(0, 3)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ')}${more}`,
    { errors: shown },
  );
}

/** Checked before an upload is read, so that nobody may make the server parse files they may not import. Errors: unauthenticated, forbidden. */
export function assertMayImport(ctx: Ctx, kind: ImportKind) {
  assertCan(ctx.actor, PERM[kind]);
}

/**
 * Import a file (or, with dryRun, say what importing it would do). The format
 * comes from `format` or the file name.
 * Errors: forbidden/unauthenticated, land_file_unreadable, land_bad_encoding, land_wrong_crs,
 * land_features_invalid, land_outside_territory.
 */
export async function importFile(
  ctx: Ctx,
  kind: ImportKind,
  file: { bytes: Uint8Array; filename?: string; format?: ImportFormat },
  opts: ImportOptions = {},
): Promise<ImportResult | ImportPreview> {
  assertCan(ctx.actor, PERM[kind]);
  const format = file.format ?? (file.filename ? formatFromName(file.filename) : null);
  if (!format) {
    throw new AppError(LandErrors.badFile, 'cannot tell the format: name the file .geojson, .kml, .kmz, .zip (Shapefile) or .gpkg, or give the format', {
      errors: [{ field: 'format', message: 'unknown' }],
    });
  }
  const source = await openUpload(file.bytes, format, { filename: file.filename, crs: opts.crs });
  return runImport(ctx, kind, source, opts, file.filename ?? null);
}

/** Import an already-parsed GeoJSON document (the demo seed). Errors as importFile. */
export async function importDocument(ctx: Ctx, kind: ImportKind, doc: unknown, opts: ImportOptions & { format?: string } = {}): Promise<ImportResult> {
  assertCan(ctx.actor, PERM[kind]);
  const r = await runImport(ctx, kind, documentSource(doc, { crs: opts.crs }), { ...opts, dryRun: false }, null);
  return r as ImportResult;
}

const READERS = { areas: readArea, hazards: readHazard, releases: readRelease } as const;

function readItem(kind: ImportKind, index: number, raw: unknown, pass: Pass): Item {
  const { feature, errors } = readFeature(index, raw);
  if (!feature) {
    const label = featureLabel(index, raw);
    // The geometry is bad, but its attributes are still checked, so that one pass reports everything wrong with the feature.
    const f = raw as { type?: unknown; properties?: unknown } | null;
    if (f && typeof f === 'object' && f.type === 'Feature') {
      const properties = f.properties && typeof f.properties === 'object' && !Array.isArray(f.properties) ? (f.properties as Record<string, unknown>) : {};
      READERS[kind]({ label, properties, geometry: { type: 'MultiPolygon', coordinates: [] } }, errors);
    }
    return { label, record: null, geometry: null, errors };
  }
  const record = READERS[kind](feature, errors);
  if (record) {
    const key = keyOf(record);
    const first = pass.keys.get(key);
    if (first)
      errors.push({
        field: `${feature.label}.properties.${'code' in record ? 'code' : 'reference'}`,
        message: `${key} appears twice in the file (also ${first})`,
        code: 'duplicate_reference',
        params: { value: key },
      });
    else pass.keys.set(key, feature.label);
  }
  return { label: feature.label, record: errors.length ? null : record, geometry: feature.geometry, errors };
}

async function runImport(ctx: Ctx, kind: ImportKind, source: Source, opts: ImportOptions, filename: string | null): Promise<ImportResult | ImportPreview> {
  const pass = new Pass();
  const importId = crypto.randomUUID();
  let result: ImportResult | undefined;
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      await repo.withoutJit(trx);
      if (kind !== 'areas') await stage.createImportStage(trx);
      // One batch is read while the one before it is in the database: the
      // database's work and the file's parsing overlap (two cores, not one).
      // Reading yields every READ_SLICE features so that the batch in flight
      // can go on to its next statement as soon as an answer arrives.
      let batch: Item[] = [];
      let index = 0;
      let inFlight: Promise<void> | null = null;
      try {
        for (const raw of source.features) {
          batch.push(readItem(kind, index++, raw, pass));
          if (batch.length >= BATCH) {
            if (inFlight) await inFlight;
            inFlight = null;
            if (pass.dead) break;
            inFlight = processBatch(trx, ctx, kind, batch, pass, opts);
            // Handled here so that a failure while the next batch is read is not an unhandled rejection; it is thrown by the await above or below.
            inFlight.catch(() => {});
            batch = [];
          }
          if (inFlight && index % READ_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } finally {
        // Also when reading the file fails: the batch in flight ends before the transaction does.
        if (inFlight) await inFlight;
      }
      if (batch.length && !pass.dead) await processBatch(trx, ctx, kind, batch, pass, opts);
      if (index === 0) pass.add({ field: 'features', message: 'is empty' });
      if (kind === 'areas' && !pass.dead) await finishAreas(trx, pass);
      if (pass.errorCount > 0 || opts.dryRun) throw new Rollback();
      return apply(trx, ctx, kind, pass, opts, { importId, source, filename });
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    source.close?.();
  }
  if (result) return result;
  if (opts.dryRun) {
    return {
      dryRun: true,
      kind,
      sourceCrs: source.crs,
      encoding: source.encoding,
      features: pass.features,
      wouldCreate: pass.created,
      wouldUpdate: pass.updated,
      refused: pass.refused,
      errors: pass.errors,
      preview: { type: 'FeatureCollection', features: pass.preview },
      previewTruncated: pass.features > pass.preview.length,
    };
  }
  refuse(pass.onlyOutside ? LandErrors.outsideTerritory : LandErrors.badFeatures, pass.errors, pass.errorCount);
}

/** Check one batch against the database and write its good features (a dry run rolls them back). */
async function processBatch(trx: Transaction<DB>, ctx: Ctx, kind: ImportKind, items: Item[], pass: Pass, opts: ImportOptions) {
  const fail = (item: Item, e: FieldError, outside = false) => {
    item.errors.push(e);
    pass.add(e, outside);
  };
  for (const it of items) for (const e of it.errors) pass.add(e);
  let good = items.filter((it) => it.record && it.errors.length === 0);
  if (good.length) {
    try {
      await checkGeometry(trx, kind, good, pass, !!opts.repair, fail);
    } catch (e) {
      // PostGIS refused to read a geometry: the transaction is aborted, so stop here and report it.
      fail(good[0], { field: 'features', message: `a geometry cannot be read by PostGIS: ${(e as Error).message.split('\n')[0]}` });
      pass.dead = true;
      items.forEach((it) => pass.done(it));
      return;
    }
    good = good.filter((it) => it.errors.length === 0);
  }
  if (kind !== 'areas' && good.length) {
    const recs = good.map((it) => it.record as HazardRecord | ReleaseRecord);
    const taken = new Set(
      await repo.existingReferences(
        trx,
        kind === 'hazards' ? 'hazard_area' : 'land_release',
        recs.map((r) => r.reference),
      ),
    );
    if (kind === 'releases') {
      const wanted = [...new Set((recs as ReleaseRecord[]).map((r) => r.hazardReference).filter((x): x is string => !!x))];
      const unknown = new Set(await repo.unknownHazardReferences(trx, wanted));
      for (const it of good) {
        const h = (it.record as ReleaseRecord).hazardReference;
        if (h && unknown.has(h)) fail(it, { field: `${it.label}.properties.hazard_reference`, message: `no hazardous area ${h}`, code: 'unknown_reference', params: { value: h } });
      }
    }
    for (const it of good) {
      const ref = (it.record as HazardRecord).reference;
      if (taken.has(ref)) fail(it, { field: `${it.label}.properties.reference`, message: `${ref} is already recorded`, code: 'already_used', params: { value: ref } });
    }
    good = good.filter((it) => it.errors.length === 0);
  }
  await write(trx, ctx, kind, good, pass, opts);
  items.forEach((it) => pass.done(it));
}

async function write(trx: Transaction<DB>, ctx: Ctx, kind: ImportKind, good: Item[], pass: Pass, opts: ImportOptions) {
  if (good.length === 0) return;
  const o = {
    repair: !!opts.repair,
    isDemo: !!opts.isDemo,
    orgId: opts.orgId ?? ctx.actor.orgId,
    staged: kind === 'areas' ? undefined : good.map((it) => it.stageKey as number),
  };
  if (kind === 'areas') {
    const recs = good.map((it) => it.record as AreaRecord);
    const rows = await repo.upsertAreas(trx, recs, o);
    const inserted = new Map(rows.map((r) => [r.code, r.inserted]));
    for (const it of good) it.action = inserted.get((it.record as AreaRecord).code) ? 'create' : 'update';
    pass.ids.push(...rows.map((r) => r.id));
    for (const it of good) pass.links.push({ code: (it.record as AreaRecord).code, parent: (it.record as AreaRecord).parentCode ?? null, label: it.label });
    return;
  }
  const ids =
    kind === 'hazards'
      ? await repo.insertHazards(
          trx,
          good.map((it) => it.record as HazardRecord),
          o,
        )
      : await repo.insertReleases(
          trx,
          good.map((it) => it.record as ReleaseRecord),
          o,
        );
  for (const it of good) it.action = 'create';
  pass.ids.push(...ids);
}

/** Parents are judged once every area of the file is in: a parent may come after its child. */
async function finishAreas(trx: Transaction<DB>, pass: Pass) {
  const named = [...new Set(pass.links.map((l) => l.parent).filter((p): p is string => !!p))];
  const missing = new Set(await repo.unknownParentCodes(trx, named));
  for (const l of pass.links)
    if (l.parent && missing.has(l.parent))
      pass.late(l.label, { field: `${l.label}.properties.parent_code`, message: `no area has the code ${l.parent}`, code: 'unknown_reference', params: { value: l.parent } });
  const unplaced = new Set(await repo.linkParents(trx, pass.links));
  for (const l of pass.links) {
    if (unplaced.has(l.code) && !(l.parent && missing.has(l.parent))) {
      pass.late(l.label, {
        field: `${l.label}.properties.parent_code`,
        message: 'a settlement needs a parent: give parent_code, or place it so that at least half of it lies in one district',
      });
    }
  }
}

async function apply(
  trx: Transaction<DB>,
  ctx: Ctx,
  kind: ImportKind,
  pass: Pass,
  opts: ImportOptions,
  m: { importId: string; source: Source; filename: string | null },
): Promise<ImportResult> {
  if (kind === 'areas') await figuresRepo.invalidateAll(trx);
  else {
    await repo.refreshHazardStatus(trx, kind === 'hazards' ? { hazardIds: pass.ids, onlyReduced: true } : { releaseIds: pass.ids });
    await figuresRepo.markDirty(trx, kind === 'hazards' ? 'hazard_area' : 'land_release', pass.ids);
  }
  await repo.insertImportRecord(trx, {
    id: m.importId,
    kind,
    format: m.source.format,
    filename: m.filename,
    sourceCrs: m.source.crs,
    encoding: m.source.encoding,
    features: pass.features,
    created: pass.created,
    updated: pass.updated,
    repaired: !!opts.repair,
    actorUserId: ctx.actor.userId ?? null,
    isDemo: !!opts.isDemo,
  });
  await recordAudit(trx, ctx, {
    action: `land.import_${kind}`,
    entityType: 'land_import',
    entityId: m.importId,
    after: {
      count: pass.ids.length,
      created: pass.created,
      updated: pass.updated,
      format: m.source.format,
      sourceCrs: m.source.crs,
      encoding: m.source.encoding,
      repaired: !!opts.repair,
      keys: [...pass.keys.keys()].slice(0, 1000),
    },
  });
  return {
    kind,
    importId: m.importId,
    imported: pass.ids.length,
    created: pass.created,
    updated: pass.updated,
    ids: pass.ids,
    sourceCrs: m.source.crs,
    encoding: m.source.encoding,
  };
}

/** Validity, emptiness and territory, judged by PostGIS, each problem naming its feature. */
async function checkGeometry(trx: Transaction<DB>, kind: ImportKind, items: Item[], pass: Pass, repair: boolean, fail: (it: Item, e: FieldError, outside?: boolean) => void) {
  // Hazards and releases keep their parsed geometries in the import's stage for the insert.
  const from = pass.staged;
  pass.staged += items.length;
  const geometries = items.map((it) => it.record!.geometry);
  const checks = kind === 'areas' ? await repo.checkGeometries(trx, geometries, { repair, territory: false }) : await stage.stageAndCheck(trx, geometries, { repair, from });
  for (const c of checks) {
    const it = items[c.ord - 1];
    if (kind !== 'areas') it.stageKey = from + c.ord;
    const field = `${it.label}.geometry`;
    if (!c.valid) fail(it, { field, message: `is not valid: ${c.reason}${repair ? '' : ' (import with repair to fix it with ST_MakeValid)'}`, code: 'invalid_geometry' });
    else if (c.empty) fail(it, { field, message: 'is empty' + (repair ? ' after repair' : ''), code: 'empty_geometry' });
    else if (c.in_district === false) {
      fail(
        it,
        {
          field,
          message: c.flipped_in ? 'coordinates look like latitude, longitude; GeoJSON and KML need longitude, latitude' : 'lies outside every district of the programme territory',
        },
        true,
      );
    } else if (c.in_country === false) fail(it, { field, message: 'extends outside the programme territory (the country outline)', code: 'outside_territory' }, true);
  }
}
