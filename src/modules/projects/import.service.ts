import type { Executor, Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { inTransaction } from '../../lib/dry-run.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { ProjectErrors } from './errors.ts';
import { oc4idsProjects } from './export.service.ts';
import { nulPointers, oc4idsPath, schemaErrors, shapeErrors } from './import-checks.ts';
import { type ParsedFile, readProjectFile } from './import-file.ts';
import { type FileLanguage, type NumberStyle, numberStyle } from './locale.ts';
import { fromOc4ids, type Unresolved } from './oc4ids.ts';
import { residual } from './oc4ids-extra.ts';
import { ProjectPerms } from './permissions.ts';
import * as repo from './repo.ts';
import { type ProjectInputT } from './schema.ts';
import { checkReferences, loadViews, oc4idsPrefix, writeProject } from './service.ts';
import { checkHeader, columnOf, parseRow, type RowError } from './tabular.ts';
import type { Encoding } from './text-decode.ts';
import { checkProject } from './validate.ts';

interface Candidate extends Unresolved {
  row: number;
  /** The OC4IDS project as the file had it (OC4IDS imports only). */
  original?: Record<string, unknown>;
}

export interface RowPlan {
  row: number;
  code: string;
  action: 'create' | 'update' | 'refuse';
  kept?: string[];
  normalised?: string[];
  replaced?: string[];
  flags?: string[];
}

export interface ImportReport {
  dryRun: boolean;
  wouldImport?: boolean;
  imported: number;
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
  rows: RowPlan[];
  file?: { separator?: string; encoding?: string; sheet?: string; headerRow?: number; numbers?: string };
}

export interface ImportOptions {
  /** Import the valid rows and report the others (otherwise all or nothing). */
  validOnly?: boolean;
  /** Report what would happen, write nothing. */
  dryRun?: boolean;
  language?: FileLanguage;
  encoding?: Encoding;
}

/**
 * Area and organisation references to ids. Another publisher's parties are
 * rarely registered here: in an OC4IDS package an unknown party is flagged
 * and kept as published (oc4ids_extra), not refused.
 */
const NUL_MESSAGE = 'contains a NUL character (U+0000), which cannot be stored';

async function resolve(ex: Executor, cands: Candidate[], errs: RowError[], column: (field: string) => string, flags: Map<number, string[]>) {
  const flag = (row: number, message: string) => flags.set(row, [...(flags.get(row) ?? []), message]);
  // PostgreSQL refuses U+0000 even as a query parameter: such a key is named and never looked up.
  const hasNul = (x: string | undefined) => !!x?.includes('\u0000');
  const refuseNul = (c: Candidate, field: string) => errs.push({ row: c.row, column: column(field), message: NUL_MESSAGE });
  for (const c of cands) {
    if (hasNul(c.districtCode)) {
      refuseNul(c, '/districtId');
      c.districtCode = undefined;
    }
    if (hasNul(c.authorityKey)) {
      refuseNul(c, '/publicAuthorityId');
      c.authorityKey = undefined;
    }
    if (c.fundingOrgKeys.some(hasNul)) refuseNul(c, '/funding');
    c.fundingOrgKeys = c.fundingOrgKeys.map((k) => (hasNul(k) ? undefined : k));
  }
  const areaCodes = [...new Set(cands.map((c) => c.districtCode).filter((x): x is string => !!x))];
  const orgKeys = [...new Set(cands.flatMap((c) => [c.authorityKey, ...c.fundingOrgKeys]).filter((x): x is string => !!x))];
  const [areas, orgs, tenders] = await Promise.all([repo.areaIdsByCode(ex, areaCodes), repo.organisationIdsByIdentifier(ex, orgKeys), repo.tenderOcids(ex)]);
  for (const c of cands) {
    if (c.districtCode) {
      const id = areas.get(c.districtCode);
      if (id) c.input.districtId = id;
      else errs.push({ row: c.row, column: column('/districtId'), message: `no area with code "${c.districtCode}"` });
    }
    if (c.authorityKey) {
      const id = orgs.get(c.authorityKey);
      if (id) c.input.publicAuthorityId = id;
      else if (c.original) flag(c.row, `public authority ${c.authorityKey} is not registered here: kept as published`);
      else
        errs.push({
          row: c.row,
          column: column('/publicAuthorityId'),
          message: `no organisation "${c.authorityKey}" (expected an identifier scheme-id of a registered organisation, e.g. AZ-VOEN-1700000001)`,
        });
    }
    c.fundingOrgKeys.forEach((k, i) => {
      if (!k || !c.input.funding?.[i]) return;
      const id = orgs.get(k);
      if (id) c.input.funding[i].organisationId = id;
      else if (c.original) flag(c.row, `funder ${k} is not registered here: kept as published`);
      else errs.push({ row: c.row, column: column('/funding'), message: `no organisation "${k}"` });
    });
    // Berpa's own tenders are linked by the Tenders module, not stored as external OCIDs.
    if (Array.isArray(c.input.relatedOcids)) c.input.relatedOcids = c.input.relatedOcids.filter((o) => !tenders.has(o));
  }
}

/** Candidates from the file, with every problem found in it, row by row. */
function candidates(file: ParsedFile, prefix: string, opts: ImportOptions) {
  const errs: RowError[] = [];
  if (file.kind === 'oc4ids') {
    const cands: Candidate[] = [];
    file.projects.forEach((p, i) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) {
        errs.push({ row: i + 1, column: 'projects', message: 'a project is a JSON object', pointer: `/projects/${i}` });
        return;
      }
      errs.push(...schemaErrors(p, i));
      cands.push({ ...fromOc4ids(p, prefix), row: i + 1, original: p as Record<string, unknown> });
    });
    return {
      cands,
      errs,
      column: (f: string) => `projects/${f.split('/').filter(Boolean).join('/') || 'project'}`,
      pointer: (row: number, f: string) => `/projects/${row - 1}${oc4idsPath(f)}`,
      info: undefined,
    };
  }
  const style: NumberStyle = numberStyle(opts.language, file.separator);
  const info = {
    ...(file.separator ? { separator: file.separator === '\t' ? 'tab' : file.separator } : {}),
    ...(file.encoding ? { encoding: file.encoding } : {}),
    ...(file.sheet ? { sheet: file.sheet } : {}),
    headerRow: file.headerRow,
    numbers: style.decimal === ',' ? '1 234,56' : style.decimal === '.' && style.declared ? '1,234.56' : '1234.56',
  };
  errs.push(...checkHeader(file.header, file.headerRow));
  if (errs.length) return { cands: [], errs, column: columnOf, pointer: undefined, info };
  const cands: Candidate[] = [];
  for (const { row, cells } of file.rows) {
    if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
    cands.push({ ...parseRow(file.header, cells, row, errs, style), row });
  }
  return { cands, errs, column: columnOf, pointer: undefined, info };
}

/** Validity and territory, judged by PostGIS: outside → refused; partly outside → flagged. */
async function placeErrors(ex: Executor, cands: (Candidate & { input: ProjectInputT })[], column: (f: string) => string, flags: Map<number, string[]>): Promise<RowError[]> {
  const errs: RowError[] = [];
  const checks = await repo.placeChecks(
    ex,
    cands.map((c) => JSON.stringify(c.input.location)),
  );
  checks.forEach((r) => {
    const c = cands[r.ord - 1];
    if (!r.valid) errs.push({ row: c.row, column: column('/location'), message: `not a valid geometry: ${r.reason ?? 'PostGIS refuses it'}` });
    else if (r.meets === false)
      errs.push({
        row: c.row,
        column: column('/location'),
        message: 'lies outside the programme territory (the country outline); check the coordinates (longitude first, WGS 84)',
      });
    else if (r.inside === false) flags.set(c.row, [...(flags.get(c.row) ?? []), 'the location extends outside the programme territory']);
  });
  return errs;
}

/**
 * Import projects from CSV, .xlsx or an OC4IDS package. Rows whose code
 * exists update that project; others create one. Unless `validOnly`,
 * nothing is written when any row has an error; with `dryRun` nothing is
 * written at all and the report says what would happen, row by row.
 * OC4IDS fields Berpa does not model are kept with the project (oc4ids_extra)
 * and listed in the report. Errors: forbidden, project_bad_file (unreadable
 * file, undecodable text, ragged rows, merged header cells),
 * project_import_rejected (row errors; the report is in `rows`).
 */
export async function importProjects(ctx: Ctx, bytes: Uint8Array, filename: string, opts: ImportOptions = {}): Promise<ImportReport> {
  assertCan(ctx.actor, ProjectPerms.import);
  // The file is read before anything else: an unreadable one is refused the same way everywhere.
  const file = await readProjectFile(bytes, filename, { encoding: opts.encoding });
  const prefix = await oc4idsPrefix(ctx.db);
  const { cands, errs, column, pointer, info } = candidates(file, prefix, opts);
  if (cands.length === 0 && errs.length) throw rejected(errs);
  const flags = new Map<number, string[]>();
  await resolve(ctx.db, cands, errs, column, flags);
  const seen = new Map<string, number>();
  for (const c of cands) {
    // A cell that could not be read is already named; its field's "is required" would only repeat it.
    const named = new Set(errs.filter((e) => e.row === c.row).map((e) => e.column));
    const shapeErrs = shapeErrors(c.input, c.row, column);
    errs.push(...shapeErrs.filter((e) => !named.has(e.column)));
    // PostgreSQL cannot store U+0000 in text or jsonb: refused here, naming the cell, instead of failing the insert.
    for (const at of nulPointers(c.input, '')) errs.push({ row: c.row, column: column(at), message: NUL_MESSAGE });
    try {
      errs.push(...checkProject(c.input, '').map((e) => ({ row: c.row, column: column(e.field), message: e.message })));
    } catch (e) {
      // Rules assume the shape; a row whose shape is wrong is already refused with those errors.
      if (!shapeErrs.length) throw e;
    }
    const code = typeof c.input.code === 'string' ? c.input.code : '';
    if (seen.has(code)) errs.push({ row: c.row, column: column('/code'), message: `code ${code} is also on row ${seen.get(code)}` });
    seen.set(code, c.row);
  }
  const valid = cands.filter((c) => !errs.some((e) => e.row === c.row)) as (Candidate & { input: ProjectInputT })[];
  errs.push(
    ...(
      await checkReferences(
        ctx.db,
        valid.map((c) => ({ input: c.input, prefix: String(c.row) })),
      )
    ).map((e) => {
      const [row, ...rest] = e.field.split('/');
      return { row: Number(row), column: column('/' + rest.join('/')), message: e.message };
    }),
  );
  errs.push(
    ...(await placeErrors(
      ctx.db,
      valid.filter((c) => !errs.some((e) => e.row === c.row)),
      column,
      flags,
    )),
  );
  if (pointer) for (const e of errs) e.pointer ??= pointer(e.row, fieldOf(e.column));
  errs.sort((a, b) => a.row - b.row);
  const good = valid.filter((c) => !errs.some((e) => e.row === c.row));
  if (errs.length && !opts.validOnly && !opts.dryRun) throw rejected(errs);
  const written = await inTransaction(ctx.db, !!opts.dryRun, (trx) => write(trx, ctx, good, prefix));
  const rows: RowPlan[] = cands.map((c) => {
    const w = written.rows.get(c.row);
    const f = flags.get(c.row);
    return { row: c.row, code: typeof c.input.code === 'string' ? c.input.code : '', action: w?.action ?? 'refuse', ...(w?.detail ?? {}), ...(f ? { flags: f } : {}) };
  });
  const wouldImport = errs.length === 0 || !!opts.validOnly;
  const counted = opts.dryRun && !wouldImport ? { created: 0, updated: 0 } : written;
  return {
    dryRun: !!opts.dryRun,
    ...(opts.dryRun ? { wouldImport } : {}),
    imported: opts.dryRun ? 0 : written.created + written.updated,
    created: counted.created,
    updated: counted.updated,
    skipped: cands.length - good.length,
    errors: errs,
    rows,
    ...(info ? { file: info } : {}),
  };
}

/** `projects/budget/amount` → `/budget/amount` (the input field a column name came from). */
const fieldOf = (column: string) => '/' + column.split('/').slice(1).join('/');

function rejected(errs: RowError[]) {
  const shown = errs.slice(0, 1000);
  return new AppError(
    ProjectErrors.importRejected,
    `${errs.length} problem(s) in the file; nothing was imported: ${shown
      .slice(0, 3)
      .map((e) => `row ${e.row} ${e.column}: ${e.message}`)
      .join('; ')}`,
    {
      errors: shown.map((e) => ({ field: e.pointer ?? `rows/${e.row}/${e.column}`, message: e.message })),
      extra: { rows: shown },
    },
  );
}

type Written = { action: 'create' | 'update'; detail?: Pick<RowPlan, 'kept' | 'normalised' | 'replaced'> };

async function write(trx: Tx, ctx: Ctx, good: (Candidate & { input: ProjectInputT })[], prefix: string) {
  const existing = await repo.idsByCode(
    trx,
    good.map((c) => c.input.code),
  );
  const rows = new Map<number, Written>();
  const ids = new Map<number, string>();
  let created = 0;
  let updated = 0;
  for (const c of good) {
    const before = existing.get(c.input.code) ?? null;
    const id = await writeProject(trx, c.input, prefix, before, false, c.oc4idsId);
    ids.set(c.row, id);
    if (before) updated++;
    else created++;
    rows.set(c.row, { action: before ? 'update' : 'create' });
    await recordAudit(trx, ctx, { action: before ? 'project.import.update' : 'project.import.create', entityType: 'project', entityId: id, after: c.input });
  }
  await keepUnmodelled(
    trx,
    ctx,
    good.filter((c) => c.original),
    ids,
    rows,
  );
  return { created, updated, rows };
}

/** Export each imported OC4IDS project again and keep, with it, what the export lacks. */
async function keepUnmodelled(trx: Executor, ctx: Ctx, cands: (Candidate & { input: ProjectInputT })[], ids: Map<number, string>, rows: Map<number, Written>) {
  const CHUNK = 200;
  for (let i = 0; i < cands.length; i += CHUNK) {
    const chunk = cands.slice(i, i + CHUNK);
    const views = await loadViews(
      trx,
      chunk.map((c) => ids.get(c.row)!),
      ['open'],
    );
    const byId = new Map(views.map((v) => [v.id, { ...v, oc4idsExtra: {} }]));
    const exported = await oc4idsProjects(
      ctx,
      chunk.map((c) => byId.get(ids.get(c.row)!)!),
      trx,
    );
    for (const [k, c] of chunk.entries()) {
      const r = residual(c.original!, exported[k]);
      await repo.setOc4idsExtra(trx, ids.get(c.row)!, r.extra);
      const w = rows.get(c.row)!;
      w.detail = { kept: r.kept, normalised: r.normalised, ...('updated' in c.original! ? { replaced: ['/updated'] } : {}) };
    }
  }
}
