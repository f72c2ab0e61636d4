import type { Kysely, OperationNodeSource, RawBuilder } from 'kysely';
import type { DB, Executor, Tx } from '../../db/index.ts';
import * as sequencer from '../../db/sequencer.ts';
import type { Ctx } from '../../lib/context.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { assertCan } from '../auth/permissions.ts';
import { type Break, checkLinks, GENESIS_HASH } from './chain.ts';
import { AuditPerms } from './permissions.ts';
import type { AuditEntry } from './repo.ts';
import * as repo from './repo.ts';
import { auditSequencer } from './sequencer.ts';

export type { AuditEntry } from './repo.ts';
export { afterWithRowTime } from './repo.ts';

/**
 * Record an audit event inside the caller's transaction. Takes the
 * transaction, not the database, on purpose: a change and its audit event
 * commit together or not at all.
 */
export async function recordAudit(trx: Tx, ctx: Pick<Ctx, 'actor' | 'requestId'>, entry: AuditEntry): Promise<number> {
  return repo.insertEvent(trx, {
    actorUserId: ctx.actor.userId,
    actorOrgId: ctx.actor.orgId,
    actorLabel: ctx.actor.label,
    requestId: ctx.requestId,
    ...entry,
  });
}

/**
 * A change and its audit event in one statement, so in one round trip
 * (repo.insertWithEvent). Takes the database or a transaction: a single
 * statement commits whole or not at all by itself, so the "change and its
 * event together" rule holds without BEGIN/COMMIT round trips. Returns the
 * changed rows.
 */
export async function changeWithAudit<R>(ex: Executor, ctx: Pick<Ctx, 'actor' | 'requestId'>, change: OperationNodeSource, entry: ChangeEntry): Promise<R[]> {
  return (await changeWithAuditStatement<R>(ctx, change, entry).execute(ex)).rows;
}

type ChangeEntry = Omit<AuditEntry, 'entityId' | 'after'> & { entityId: string | RawBuilder<string>; after?: unknown; afterSql?: RawBuilder<unknown> };

/** The statement changeWithAudit sends, not run (benchmarks hand the same text to pgbench). */
export function changeWithAuditStatement<R>(ctx: Pick<Ctx, 'actor' | 'requestId'>, change: OperationNodeSource, entry: ChangeEntry): RawBuilder<R> {
  return repo.withEventQuery<R>(change, { actorUserId: ctx.actor.userId, actorOrgId: ctx.actor.orgId, actorLabel: ctx.actor.label, requestId: ctx.requestId, ...entry });
}

/**
 * Link committed, unchained events onto the chain, oldest id first, waiting
 * for a sequencer busy in another process (CLI, seed, shutdown, tests).
 * Writers never wait for it. Returns how many events were linked.
 */
export async function sequencePending(db: Kysely<DB>): Promise<number> {
  return Math.max(0, await sequencer.run(db, auditSequencer, 'wait'));
}

/** The head to pin (public read): catches up without waiting on a lock (src/db/sequencer.ts). */
export async function getHead(db: Kysely<DB>) {
  await sequencer.catchUp(db, auditSequencer).catch(() => undefined);
  const h = await repo.head(db);
  return { seq: h?.seq ?? 0, hash: h?.hash ?? GENESIS_HASH, updatedAt: h?.updatedAt ?? null };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  pending: number;
  firstBreak: Break | null;
}

/** The chain check for the audit page (auditors, operators, admins): the same walk as `berpa audit verify`. Errors: forbidden. */
export async function verifyForReader(ctx: Ctx) {
  assertCan(ctx.actor, AuditPerms.read);
  await sequencePending(ctx.db);
  return verifyChain(ctx.db);
}

/** Walk the whole chain from the genesis and name the first broken link. */
export async function verifyChain(db: Kysely<DB>, opts: { expectHead?: { seq: number; hash: string }; onProgress?: (n: number) => void } = {}): Promise<VerifyResult> {
  const state = { expectSeq: 1, prev: GENESIS_HASH };
  let checked = 0;
  let firstBreak: Break | null = null;
  for (let i = 0; i < 100_000_000; i++) {
    const rows = await repo.chainedAfter(db, state.expectSeq - 1 + (firstBreak ? 0 : 0), 5000);
    if (rows.length === 0) break;
    firstBreak = checkLinks(rows, state);
    checked = state.expectSeq - 1;
    opts.onProgress?.(checked);
    if (firstBreak) break;
  }
  const h = await repo.head(db);
  const pending = await repo.countPending(db);
  if (!firstBreak && h && (h.seq !== state.expectSeq - 1 || h.hash !== state.prev)) {
    firstBreak = { seq: h.seq, eventId: 0, problem: `the recorded head (${h.seq}) does not match the end of the chain (${state.expectSeq - 1}): links were removed from the end` };
  }
  if (!firstBreak && opts.expectHead) {
    const { seq, hash } = opts.expectHead;
    const rows = seq === 0 ? [] : await repo.chainedAfter(db, seq - 1, 1);
    const found = seq === 0 ? GENESIS_HASH : rows[0]?.seq === seq ? rows[0].hash : undefined;
    if (found !== hash) firstBreak = { seq, eventId: rows[0]?.id ?? 0, problem: `link ${seq} does not have the pinned hash ${hash}` };
  }
  return { ok: !firstBreak, checked, head: { seq: state.expectSeq - 1, hash: state.prev }, pending, firstBreak };
}

/** Verification through the API (auditors, operators, admins): what `berpa audit verify` asks a running server. */
export async function verifyForCaller(ctx: Ctx, expectHead?: { seq: number; hash: string }): Promise<VerifyResult> {
  assertCan(ctx.actor, AuditPerms.read);
  return verifyChain(ctx.db, { expectHead });
}

export async function listEvents(
  ctx: Ctx,
  q: { entityType?: string; entityId?: string; actorUserId?: string; action?: string; from?: string; to?: string; cursor?: string; limit?: number },
) {
  assertCan(ctx.actor, AuditPerms.read);
  const limit = q.limit ?? 50;
  const [beforeId] = (decodeCursor(q.cursor, 1) as [number] | undefined) ?? [];
  // A date (YYYY-MM-DD) as `to` means up to the end of that day.
  const to = q.to && /^\d{4}-\d{2}-\d{2}$/.test(q.to) ? new Date(Date.parse(q.to) + 86_400_000).toISOString() : q.to;
  const rows = await repo.list(ctx.db, { entityType: q.entityType, entityId: q.entityId, actorUserId: q.actorUserId, action: q.action, from: q.from, to, beforeId, limit });
  return pageOf(rows, limit, (r) => [r.id]);
}
