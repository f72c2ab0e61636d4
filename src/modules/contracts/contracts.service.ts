import type { Executor, Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound, validationError } from '../../lib/errors.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, can } from '../auth/permissions.ts';
import { ContractErrors } from './errors.ts';
import { facts as flagFacts } from './flags.repo.ts';
import * as money from './money.repo.ts';
import { ContractPerms } from './permissions.ts';
import { present } from './present.ts';
import { flagsOf } from './red-flags.ts';
import * as repo from './repo.ts';
import type { ExecutionStatus } from './tables.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * The hand-over from the tenders module's signing step (src/modules/tenders/awards.service.ts),
 * inside its transaction: the execution record, the tender's projects and the
 * winning bid's lots, and the first history entry.
 */
export async function openExecution(trx: Tx, ctx: Pick<Ctx, 'actor' | 'requestId'>, c: { id: string; tender_id: string; award_id: string }) {
  await repo.insertExecution(trx, { contract_id: c.id });
  await repo.linkFromTender(trx, c.id, c.tender_id, c.award_id);
  await repo.addHistory(trx, { contract_id: c.id, from_status: null, to_status: 'signed', reason: 'contract signed', changed_by: ctx.actor.userId });
  await recordAudit(trx, ctx, { action: 'contract.open', entityType: 'contract', entityId: c.id, after: { status: 'signed' } });
}

/** The whole contract as the contract page shows it. Errors: not_found. */
export async function get(ctx: Ctx, id: string) {
  const v = await load(ctx.db, id);
  if (!v) throw notFound('contract', id);
  const facts = await flagFacts(ctx.db, { contractIds: [id] });
  return { ...v, redFlags: facts.flatMap(flagsOf), canManage: can(ctx.actor, ContractPerms.manage), isSupplier: ctx.actor.orgId === v.supplier.id };
}

export async function load(ex: Executor, id: string) {
  const c = await repo.contractById(ex, id);
  if (!c) return null;
  const [parts, ms, reports, pays, vars, projectOutputs] = await Promise.all([
    repo.parts(ex, id),
    repo.milestones(ex, id),
    repo.reports(ex, id),
    money.payments(ex, id),
    money.variations(ex, id),
    repo.contractOutputs(ex, id),
  ]);
  const [outs, qty, photos] = await Promise.all([
    repo.milestoneOutputs(
      ex,
      ms.map((m) => m.id),
    ),
    repo.quantitiesOf(
      ex,
      reports.map((r) => r.id),
    ),
    repo.photosOf(
      ex,
      reports.map((r) => r.id),
    ),
  ]);
  return present({ c, parts, ms, outs, projectOutputs, reports, qty, photos, pays, vars });
}

/** Load a contract with its execution row locked, refusing closed ones for changes. Errors: not_found, contract_closed. */
export async function lockOpen(trx: Executor, id: string, opts: { allowCompleted?: boolean } = {}) {
  const e = await repo.lockExecution(trx, id);
  if (!e) throw notFound('contract', id);
  if (e.status === 'terminated' || (e.status === 'completed' && !opts.allowCompleted)) throw new AppError(ContractErrors.closed, `the contract is ${e.status}`);
  return (await repo.contractById(trx, id))!;
}

/** The supplier's own contract, or forbidden. */
export function assertSupplier(ctx: Ctx, c: { supplier_org_id: string }) {
  if (!ctx.actor.orgId || ctx.actor.orgId !== c.supplier_org_id) throw new AppError(ContractErrors.notSupplier);
}

/** signed → in_progress on the first work recorded against the contract. */
export async function markStarted(trx: Tx, ctx: Ctx, c: { id: string; status: ExecutionStatus }, why: string) {
  if (c.status !== 'signed') return;
  await repo.setStatus(trx, c.id, 'signed', 'in_progress', why, ctx.actor.userId);
  await recordAudit(trx, ctx, { action: 'contract.start', entityType: 'contract', entityId: c.id, before: { status: 'signed' }, after: { status: 'in_progress' }, reason: why });
}

export async function list(ctx: Ctx, q: { supplierOrgId?: string; status?: string; projectId?: string; limit?: number; cursor?: string }) {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 1)?.[0] as string | undefined;
  const rows = await repo.list(ctx.db, { ...q, limit, after });
  const page = pageOf(rows, limit, (r) => [r.id]);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((r) => ({
      id: r.id,
      ocid: r.ocid,
      title: r.title,
      value: { amount: Number(r.value_amount), currency: r.value_currency },
      supplierOrgId: r.supplier_org_id,
      period: { startDate: r.period_start, endDate: r.period_end },
      signedAt: iso(r.signed_at),
      status: r.status,
    })),
  };
}

/** Errors: forbidden, not_found, contract_closed, validation_failed (currency). */
export async function addGuarantee(ctx: Ctx, id: string, input: { kind: 'performance' | 'advancePayment'; issuer: string; amount: number; currency: string; expiresOn: string }) {
  assertCan(ctx.actor, ContractPerms.manage);
  return ctx.db.transaction().execute(async (trx) => {
    const c = await lockOpen(trx, id);
    if (input.currency !== c.value_currency)
      throw validationError([{ field: '/body/currency', message: `the contract is in ${c.value_currency}`, code: 'currency_mismatch', params: { currency: c.value_currency } }]);
    const g = await repo.insertGuarantee(trx, {
      contract_id: id,
      kind: input.kind,
      issuer: input.issuer,
      amount: input.amount,
      currency: input.currency,
      expires_on: input.expiresOn,
    });
    await recordAudit(trx, ctx, { action: 'contract.guarantee', entityType: 'contract', entityId: id, after: { guaranteeId: g.id, ...input } });
    return (await load(trx, id))!;
  });
}

/** Errors: forbidden, not_found, contract_closed, validation_failed (document). */
export async function addDocument(ctx: Ctx, id: string, input: { documentId: string; documentType: string }) {
  assertCan(ctx.actor, ContractPerms.manage);
  return ctx.db.transaction().execute(async (trx) => {
    await lockOpen(trx, id, { allowCompleted: true });
    const d = await repo.documentById(trx, input.documentId);
    if (!d) throw validationError([{ field: '/body/documentId', message: 'no such document', code: 'unknown_reference' }]);
    if (!(await repo.linkDocument(trx, { contract_id: id, document_id: d.id, document_type: input.documentType })))
      throw new AppError(Errors.duplicate, 'the document is already attached');
    await recordAudit(trx, ctx, { action: 'contract.document', entityType: 'contract', entityId: id, after: input });
    return (await load(trx, id))!;
  });
}
