import type { Executor, Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, type FieldError, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, can } from '../auth/permissions.ts';
import * as notify from '../feeds/notify.ts';
import { districtForGeometry } from '../land/service.ts';
import * as programmeRepo from '../programme/repo.ts';
import type { FundingSource, ProjectStatus } from './codelists.ts';
import { ProjectErrors } from './errors.ts';
import * as externalRepo from './external-ocds.repo.ts';
import { summarise } from './external-ocds-summary.ts';
import { ProjectPerms } from './permissions.ts';
import { type ProjectView, present, toInput, toValues } from './present.ts';
import * as repo from './repo.ts';
import type { ProjectInputT, ProjectPatchT } from './schema.ts';
import { canTransition, checkProject, nextStatuses } from './validate.ts';

/** Access levels of project documents the actor may see. */
export function visibleLevels(ctx: Pick<Ctx, 'actor'>): string[] {
  if (can(ctx.actor, ProjectPerms.readRestricted)) return ['open', 'limited', 'restricted'];
  if (can(ctx.actor, ProjectPerms.readLimited)) return ['open', 'limited'];
  return ['open'];
}

/** Projects with everything that hangs off them, in the order of `ids`' rows (by code). */
export async function loadViews(ex: Executor, ids: string[], levels: string[]): Promise<ProjectView[]> {
  const [rows, funding, outputs, documents, processes, external] = await Promise.all([
    repo.byIds(ex, ids),
    repo.fundingOf(ex, ids),
    repo.outputsOf(ex, ids),
    repo.documentsOf(ex, ids, levels),
    repo.relatedProcesses(ex, ids),
    externalRepo.processesOf(ex, ids),
  ]);
  const by = <T extends { project_id: string }>(xs: T[], id: string) => xs.filter((x) => x.project_id === id);
  const summaries = (id: string) =>
    by(external, id).map((e) => summarise(e.compiled, { ocid: e.ocid, publisher: e.publisher, releaseCount: e.release_count, lastDate: e.last_date }));
  return rows.map((r) =>
    present(r, { funding: by(funding, r.id), outputs: by(outputs, r.id), documents: by(documents, r.id), processes: by(processes, r.id), external: summaries(r.id) }),
  );
}

async function view(ex: Executor, id: string, levels: string[]) {
  const [v] = await loadViews(ex, [id], levels);
  if (!v) throw notFound('project', id);
  return v;
}

/** Check that the ids an input refers to exist; errors name the field under `prefix`. */
export async function checkReferences(ex: Executor, inputs: { input: ProjectInputT; prefix: string }[]): Promise<FieldError[]> {
  const want = { area: new Set<string>(), organisation: new Set<string>(), pledge: new Set<string>() };
  for (const { input } of inputs) {
    if (input.districtId) want.area.add(input.districtId);
    if (input.publicAuthorityId) want.organisation.add(input.publicAuthorityId);
    for (const f of input.funding ?? []) {
      if (f.organisationId) want.organisation.add(f.organisationId);
      if (f.pledgeId) want.pledge.add(f.pledgeId);
    }
  }
  const [areas, orgs, pledges] = await Promise.all([
    repo.existingIds(ex, 'area', [...want.area]),
    repo.existingIds(ex, 'organisation', [...want.organisation]),
    repo.existingIds(ex, 'pledge', [...want.pledge]),
  ]);
  const errs: FieldError[] = [];
  for (const { input, prefix } of inputs) {
    if (input.districtId && !areas.has(input.districtId))
      errs.push({ field: `${prefix}/districtId`, message: 'no such area', code: 'unknown_reference', params: { value: input.districtId } });
    if (input.publicAuthorityId && !orgs.has(input.publicAuthorityId))
      errs.push({ field: `${prefix}/publicAuthorityId`, message: 'no such organisation', code: 'unknown_reference', params: { value: input.publicAuthorityId } });
    (input.funding ?? []).forEach((f, i) => {
      if (f.organisationId && !orgs.has(f.organisationId))
        errs.push({ field: `${prefix}/funding/${i}/organisationId`, message: 'no such organisation', code: 'unknown_reference', params: { value: f.organisationId } });
      if (f.pledgeId && !pledges.has(f.pledgeId))
        errs.push({ field: `${prefix}/funding/${i}/pledgeId`, message: 'no such pledge', code: 'unknown_reference', params: { value: f.pledgeId } });
    });
  }
  return errs;
}

export async function oc4idsPrefix(ex: Executor): Promise<string> {
  const p = await programmeRepo.current(ex);
  if (!p) throw new AppError(Errors.invalidState, 'set up the programme before adding projects');
  return p.oc4ids_prefix;
}

/**
 * Write one checked input (insert, or replace the project `existingId`) with
 * its funding and outputs. Without a district, the district is the one Land
 * says holds most of the site (or of the location when there is no site);
 * it stays unset when the place lies in no district.
 */
export async function writeProject(trx: Tx, input: ProjectInputT, prefix: string, existingId: string | null, isDemo = false, oc4idsId?: string): Promise<string> {
  if (!input.districtId) {
    const place = input.site ?? input.location;
    const d = place ? await districtForGeometry(trx, place as { type: string; coordinates?: unknown }) : null;
    if (d) input = { ...input, districtId: d.id };
  }
  const values = { ...toValues(input, prefix, new Date().toISOString().slice(0, 10), oc4idsId), is_demo: isDemo };
  let id = existingId;
  if (id) await repo.updateProject(trx, id, values);
  else id = await repo.insertProject(trx, values);
  await repo.replaceFunding(
    trx,
    id,
    (input.funding ?? []).map((f) => ({
      source_type: f.sourceType as FundingSource,
      country: f.country ?? null,
      organisation_id: f.organisationId ?? null,
      pledge_id: f.pledgeId ?? null,
      amount: f.amount,
      currency: f.currency,
    })),
  );
  await repo.replaceOutputs(
    trx,
    id,
    (input.outputs ?? []).map((o) => ({ metric: o.metric, unit: o.unit, planned: o.planned, achieved: o.achieved ?? null })),
  );
  return id;
}

/**
 * Operators record a project. A retry with the same Idempotency-Key (a double click) returns the first project.
 * Errors: forbidden, validation_failed, duplicate (code taken), invalid_state (no programme), idempotency_key_reused.
 */
export async function create(ctx: Ctx, input: ProjectInputT, key?: string, opts: { isDemo?: boolean } = {}): Promise<ProjectView> {
  assertCan(ctx.actor, ProjectPerms.create);
  const errs = checkProject(input);
  if (errs.length) throw validationError(errs);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await idempotent(trx, `project.create:${ctx.actor.userId ?? ctx.actor.label}`, key, input, () => insertProject(trx, ctx, input, opts));
    return r.value;
  });
}

async function insertProject(trx: Tx, ctx: Ctx, input: ProjectInputT, opts: { isDemo?: boolean }): Promise<ProjectView> {
  const prefix = await oc4idsPrefix(trx);
  const refErrs = await checkReferences(trx, [{ input, prefix: '/body' }]);
  if (refErrs.length) throw validationError(refErrs);
  if ((await repo.idsByCode(trx, [input.code])).size) {
    throw new AppError(Errors.duplicate, `a project with code ${input.code} exists`, {
      errors: [{ field: '/body/code', message: 'already used', code: 'already_used', params: { value: input.code } }],
    });
  }
  const id = await writeProject(trx, input, prefix, null, opts.isDemo);
  const v = await view(trx, id, ['open', 'limited', 'restricted']);
  await recordAudit(trx, ctx, { action: 'project.create', entityType: 'project', entityId: id, after: toInput(v) });
  return v;
}

/** Edit a project's record (not its status: see changeStatus). Errors: forbidden, not_found, validation_failed. */
export async function update(ctx: Ctx, id: string, patch: ProjectPatchT): Promise<ProjectView> {
  assertCan(ctx.actor, ProjectPerms.edit);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.lockForUpdate(trx, id))) throw notFound('project', id);
    const before = toInput(await view(trx, id, ['open', 'limited', 'restricted']));
    const merged = { ...before, ...patch } as ProjectInputT;
    // A moved site gets its district again from the map, unless the patch names one.
    if ((patch.site !== undefined || patch.location !== undefined) && patch.districtId === undefined) delete merged.districtId;
    const errs = [...checkProject(merged), ...(await checkReferences(trx, [{ input: merged, prefix: '/body' }]))];
    if (errs.length) throw validationError(errs);
    await writeProject(trx, merged, await oc4idsPrefix(trx), id);
    const v = await view(trx, id, visibleLevels(ctx));
    await recordAudit(trx, ctx, { action: 'project.update', entityType: 'project', entityId: id, before, after: toInput(v) });
    return v;
  });
}

/**
 * Move a project along its life cycle (identification → preparation →
 * implementation → completion, or cancelled before completion).
 * Errors: forbidden (operators only), not_found, project_bad_transition.
 */
export async function changeStatus(ctx: Ctx, id: string, input: { status: ProjectStatus; reason: string }): Promise<ProjectView> {
  assertCan(ctx.actor, ProjectPerms.changeStatus);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.lockForUpdate(trx, id);
    if (!row) throw notFound('project', id);
    if (!canTransition(row.status, input.status)) {
      const allowed = nextStatuses(row.status);
      throw new AppError(ProjectErrors.badTransition, `a project in ${row.status} can move to ${allowed.length ? allowed.join(' or ') : 'nothing else'}, not ${input.status}`, {
        errors: [{ field: '/body/status', message: `not allowed from ${row.status}`, code: 'bad_transition', params: { value: row.status } }],
      });
    }
    await repo.setStatus(trx, id, row.status, input.status, input.reason, ctx.actor.userId);
    await recordAudit(trx, ctx, {
      action: 'project.status',
      entityType: 'project',
      entityId: id,
      before: { status: row.status },
      after: { status: input.status },
      reason: input.reason,
    });
    // Subscribers of the project hear of it if and only if this commits (feeds/notify.ts).
    const v = await view(trx, id, visibleLevels(ctx));
    await notify.projectStatusChanged(trx, ctx, { id, title: v.title, code: v.code }, row.status, input.status);
    return v;
  });
}

/** Attach an uploaded document (photos before/damaged/in progress/complete, reports…). Errors: forbidden, not_found. */
export async function attachDocument(ctx: Ctx, id: string, input: { documentId: string; kind: string; accessLevel?: 'open' | 'limited' | 'restricted' }) {
  assertCan(ctx.actor, ProjectPerms.attachDocument);
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await repo.lockForUpdate(trx, id))) throw notFound('project', id);
    if (!(await repo.documentExists(trx, input.documentId))) {
      throw validationError([{ field: '/body/documentId', message: 'no such document (upload it first)', code: 'unknown_reference' }]);
    }
    const link = await repo.linkDocument(trx, { project_id: id, document_id: input.documentId, kind: input.kind, access_level: input.accessLevel ?? 'open' });
    await recordAudit(trx, ctx, {
      action: 'project.document',
      entityType: 'project',
      entityId: id,
      after: { documentId: link.document_id, kind: link.kind, accessLevel: link.access_level },
    });
    return view(trx, id, visibleLevels(ctx));
  });
}

/** Public: projects are open data; their documents are filtered by access level. Errors: not_found. */
export async function get(ctx: Ctx, id: string): Promise<ProjectView> {
  return view(ctx.db, id, visibleLevels(ctx));
}
