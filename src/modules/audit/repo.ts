import { type OperationNodeSource, type RawBuilder, sql } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import type { ChainEvent, ChainedRow } from './chain.ts';

/**
 * One audit event shape: ChainEvent (chain.ts) is the stored, hashed event;
 * what a caller records and what the repository inserts are cut from it.
 */
export type AuditEntry = Pick<ChainEvent, 'action' | 'entityType' | 'entityId'> & Partial<Pick<ChainEvent, 'before' | 'after' | 'reason'>>;
export type NewAuditEvent = AuditEntry & Pick<ChainEvent, 'actorUserId' | 'actorOrgId'> & { actorLabel: string; requestId?: string | null };

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export async function insertEvent(ex: Tx, e: NewAuditEvent): Promise<number> {
  const row = await ex
    .insertInto('audit_event')
    .values({
      actor_user_id: e.actorUserId,
      actor_org_id: e.actorOrgId,
      actor_label: e.actorLabel,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: json(e.before),
      after: json(e.after),
      reason: e.reason ?? null,
      request_id: e.requestId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A change and its audit event in ONE statement (a data-modifying CTE): one
 * round trip, and atomic by itself, also outside a transaction. `change` is
 * the owning module's insert/update/delete `… returning *` (built by its
 * repository); one event is written per row it returns, none when it returns
 * none. `after` may be SQL over the changed row (alias `change`), for what
 * only the database knows (defaults, its clock).
 */
export type EventOfChange = Omit<NewAuditEvent, 'after' | 'entityId'> & { entityId: string | RawBuilder<string>; after?: unknown; afterSql?: RawBuilder<unknown> };

export async function insertWithEvent<R>(ex: Executor, change: OperationNodeSource, e: EventOfChange): Promise<R[]> {
  return (await withEventQuery<R>(change, e).execute(ex)).rows;
}

/** The statement of insertWithEvent, not run (the audit benchmark gives pgbench the very same text). */
export function withEventQuery<R>(change: OperationNodeSource, e: EventOfChange): RawBuilder<R> {
  const after = e.afterSql ?? sql`${json(e.after)}::jsonb`;
  return sql<R>`
    with change as (${change}),
    event as (
      insert into audit_event (actor_user_id, actor_org_id, actor_label, action, entity_type, entity_id, before, after, reason, request_id)
      select ${e.actorUserId}::uuid, ${e.actorOrgId}::uuid, ${e.actorLabel}, ${e.action}, ${e.entityType}, ${e.entityId}, ${json(e.before)}::jsonb, ${after}, ${e.reason ?? null}, ${e.requestId ?? null}
      from change
      returning id)
    select change.* from change`;
}

/**
 * `after` for insertWithEvent: `view` with `field` set to the changed row's
 * `column` (a time only the database knows, e.g. a now() default), written
 * as Date#toISOString writes it (UTC, milliseconds).
 */
export function afterWithRowTime(view: object, field: string, column: string): RawBuilder<unknown> {
  return sql`${JSON.stringify(view)}::jsonb || jsonb_build_object(${field}::text, to_char(${sql.ref(`change.${column}`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
}

// The time as text with microseconds, so that hashing never depends on a
// driver's Date precision.
const occurredAtText = sql<string>`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const eventColumns = [
  'id',
  occurredAtText.as('occurredAt'),
  'actor_user_id as actorUserId',
  'actor_org_id as actorOrgId',
  'actor_label as actorLabel',
  'action',
  'entity_type as entityType',
  'entity_id as entityId',
  'before',
  'after',
  'reason',
  'request_id as requestId',
] as const;

export async function unchained(ex: Executor, limit: number): Promise<ChainEvent[]> {
  return (await ex.selectFrom('audit_event').select(eventColumns).where('seq', 'is', null).orderBy('id').limit(limit).execute()) as ChainEvent[];
}

/** Of these events, how many are still unchained. */
export async function countUnchainedOf(ex: Executor, ids: number[]): Promise<number> {
  const r = await ex
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', 'is', null)
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function head(ex: Executor): Promise<{ seq: number; hash: string; updatedAt: Date } | undefined> {
  return ex.selectFrom('audit_head').select(['seq', 'hash', 'updated_at as updatedAt']).executeTakeFirst() as Promise<{ seq: number; hash: string; updatedAt: Date } | undefined>;
}

export async function writeLinks(ex: Tx, links: { id: number; seq: number; prev: string; hash: string }[]) {
  if (links.length === 0) return;
  await sql`
    update audit_event e set seq = v.seq, prev_hash = v.prev, hash = v.hash
    from (select unnest(${links.map((l) => l.id)}::bigint[]) as id,
                 unnest(${links.map((l) => l.seq)}::bigint[]) as seq,
                 unnest(${links.map((l) => l.prev)}::text[]) as prev,
                 unnest(${links.map((l) => l.hash)}::text[]) as hash) v
    where e.id = v.id`.execute(ex);
  const last = links[links.length - 1];
  await sql`
    insert into audit_head (singleton, seq, hash, updated_at) values (true, ${last.seq}, ${last.hash}, now())
    on conflict (singleton) do update set seq = excluded.seq, hash = excluded.hash, updated_at = now()`.execute(ex);
}

export async function chainedAfter(ex: Executor, afterSeq: number, limit: number): Promise<ChainedRow[]> {
  return (await ex
    .selectFrom('audit_event')
    .select([...eventColumns, 'seq', 'prev_hash as prevHash', 'hash'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute()) as ChainedRow[];
}

export async function countPending(ex: Executor): Promise<number> {
  const r = await ex
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('seq', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface AuditListFilter {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  action?: string;
  /** occurred_at bounds, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  beforeId?: number;
  limit: number;
}

export async function list(ex: Executor, f: AuditListFilter) {
  let q = ex
    .selectFrom('audit_event')
    .select([...eventColumns, 'seq', 'hash'])
    .orderBy('id', 'desc')
    .limit(f.limit + 1);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.actorUserId) q = q.where('actor_user_id', '=', f.actorUserId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('occurred_at', '>=', new Date(f.from));
  if (f.to) q = q.where('occurred_at', '<', new Date(f.to));
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.execute();
}
