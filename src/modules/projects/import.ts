import AjvModule from 'ajv';
import formatsModule from 'ajv-formats';
import type { Ctx } from '../../lib/context.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import { ProjectErrors } from './errors.ts';
import { readProjectFile } from './import-file.ts';
import { fromOc4ids, type Unresolved } from './oc4ids.ts';
import { ProjectPerms } from './permissions.ts';
import * as repo from './repo.ts';
import { ProjectInput, type ProjectInputT } from './schema.ts';
import { checkReferences, oc4idsPrefix, writeProject } from './service.ts';
import { checkHeader, columnOf, parseRow, type RowError } from './tabular.ts';
import { checkProject } from './validate.ts';

const ajv = new AjvModule.default({ allErrors: true, strict: false });
formatsModule.default(ajv);
const shape = ajv.compile(ProjectInput);

interface Candidate extends Unresolved {
  row: number;
}

export interface ImportReport {
  imported: number;
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
}

/** Shape errors (types, required fields, patterns), each named by the column it came from. */
function shapeErrors(input: Partial<ProjectInputT>, row: number, column: (field: string) => string): RowError[] {
  if (shape(input)) return [];
  return (shape.errors ?? []).map((e: { keyword: string; instancePath: string; params: Record<string, unknown>; message?: string }) => {
    const field = e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
    return { row, column: column(field), message: e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid') };
  });
}

async function resolve(ctx: Ctx, cands: Candidate[], errs: RowError[], column: (field: string) => string) {
  const areaCodes = [...new Set(cands.map((c) => c.districtCode).filter((x): x is string => !!x))];
  const orgKeys = [...new Set(cands.flatMap((c) => [c.authorityKey, ...c.fundingOrgKeys]).filter((x): x is string => !!x))];
  const [areas, orgs, tenders] = await Promise.all([repo.areaIdsByCode(ctx.db, areaCodes), repo.organisationIdsByIdentifier(ctx.db, orgKeys), repo.tenderOcids(ctx.db)]);
  for (const c of cands) {
    if (c.districtCode) {
      const id = areas.get(c.districtCode);
      if (id) c.input.districtId = id;
      else errs.push({ row: c.row, column: column('/districtId'), message: `no area with code "${c.districtCode}"` });
    }
    if (c.authorityKey) {
      const id = orgs.get(c.authorityKey);
      if (id) c.input.publicAuthorityId = id;
      else errs.push({ row: c.row, column: column('/publicAuthorityId'), message: `no organisation "${c.authorityKey}"` });
    }
    c.fundingOrgKeys.forEach((k, i) => {
      if (!k || !c.input.funding?.[i]) return;
      const id = orgs.get(k);
      if (id) c.input.funding[i].organisationId = id;
      else errs.push({ row: c.row, column: column('/funding'), message: `no organisation "${k}"` });
    });
    // Berpa's own tenders are linked by the Tenders module, not stored as external OCIDs.
    if (c.input.relatedOcids) c.input.relatedOcids = c.input.relatedOcids.filter((o) => !tenders.has(o));
  }
}

/** Candidates from the file, with every problem found in it, row by row. */
async function candidates(bytes: Uint8Array, filename: string, prefix: string) {
  const file = await readProjectFile(bytes, filename);
  const errs: RowError[] = [];
  if (file.kind === 'oc4ids') {
    const cands = file.projects.map((p, i) => ({ ...fromOc4ids(p, prefix), row: i + 1 }));
    return { cands, errs, column: (f: string) => `projects/${f.split('/').filter(Boolean).join('/') || 'project'}` };
  }
  errs.push(...checkHeader(file.header));
  if (errs.length) return { cands: [], errs, column: columnOf };
  const cands: Candidate[] = [];
  file.rows.forEach((cells, i) => {
    if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) return;
    cands.push({ ...parseRow(file.header, cells, i + 2, errs), row: i + 2 });
  });
  return { cands, errs, column: columnOf };
}

/**
 * Import projects from CSV, .xlsx or an OC4IDS package. Rows whose code
 * exists update that project; others create one. Unless `validOnly`,
 * nothing is written when any row has an error. Errors: forbidden,
 * project_bad_file (unreadable file, legacy encoding, merged header cells),
 * project_import_rejected (row errors; the report is in `rows`).
 */
export async function importProjects(ctx: Ctx, bytes: Uint8Array, filename: string, opts: { validOnly?: boolean } = {}): Promise<ImportReport> {
  assertCan(ctx.actor, ProjectPerms.import);
  const prefix = await oc4idsPrefix(ctx.db);
  const { cands, errs, column } = await candidates(bytes, filename, prefix);
  if (errs.some((e) => e.row === 1 && cands.length === 0)) throw rejected(errs);
  await resolve(ctx, cands, errs, column);
  const seen = new Map<string, number>();
  for (const c of cands) {
    errs.push(...shapeErrors(c.input, c.row, column));
    errs.push(...checkProject(c.input, '').map((e) => ({ row: c.row, column: column(e.field), message: e.message })));
    const code = c.input.code ?? '';
    if (seen.has(code)) errs.push({ row: c.row, column: column('/code'), message: `code ${code} is also on row ${seen.get(code)}` });
    seen.set(code, c.row);
  }
  const valid = cands.filter((c) => !errs.some((e) => e.row === c.row)) as (Candidate & { input: ProjectInputT })[];
  errs.push(...(await checkReferences(ctx.db, valid.map((c) => ({ input: c.input, prefix: String(c.row) })))).map((e) => {
    const [row, ...rest] = e.field.split('/');
    return { row: Number(row), column: column('/' + rest.join('/')), message: e.message };
  }));
  errs.sort((a, b) => a.row - b.row);
  const good = valid.filter((c) => !errs.some((e) => e.row === c.row));
  if (errs.length && !opts.validOnly) throw rejected(errs);
  const report = await write(ctx, good, prefix);
  return { ...report, skipped: cands.length - good.length, errors: errs };
}

function rejected(errs: RowError[]) {
  const shown = errs.slice(0, 1000);
  return new AppError(ProjectErrors.importRejected, `${errs.length} problem(s) in the file; nothing was imported: ${shown.slice(0, 3).map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ')}`, {
    errors: shown.map((e) => ({ field: `rows/${e.row}/${e.column}`, message: e.message })),
    extra: { rows: shown },
  });
}

async function write(ctx: Ctx, good: (Candidate & { input: ProjectInputT })[], prefix: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await repo.idsByCode(trx, good.map((c) => c.input.code));
    let created = 0;
    let updated = 0;
    for (const c of good) {
      const before = existing.get(c.input.code) ?? null;
      const id = await writeProject(trx, c.input, prefix, before);
      if (before) updated++;
      else created++;
      await recordAudit(trx, ctx, { action: before ? 'project.import.update' : 'project.import.create', entityType: 'project', entityId: id, after: c.input });
    }
    return { imported: created + updated, created, updated };
  });
}
