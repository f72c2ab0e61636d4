import crypto from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.ts';

/** The hash that precedes the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit event as it is hashed: the stored row, with the time as text so no precision is lost. */
export interface ChainEvent {
  id: number;
  occurredAt: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
}

/** Exactly the fields that are hashed, whatever else the row carries. */
export function eventOf(r: ChainEvent): ChainEvent {
  return {
    id: Number(r.id),
    occurredAt: r.occurredAt,
    actorUserId: r.actorUserId,
    actorOrgId: r.actorOrgId,
    actorLabel: r.actorLabel,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: r.before ?? null,
    after: r.after ?? null,
    reason: r.reason,
    requestId: r.requestId,
  };
}

/** hash_n = SHA-256( canonical JSON of {seq, prev, event} ) — RFC 8785 canonical form. */
export function linkHash(seq: number, prev: string, event: ChainEvent): string {
  return crypto
    .createHash('sha256')
    .update(canonicalJson({ seq, prev, event: eventOf(event) }))
    .digest('hex');
}

export interface ChainedRow extends ChainEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

export type Break = { seq: number; eventId: number; problem: string };

/**
 * Check a run of links that should follow `prev` at `expectSeq`. Pure: the
 * caller streams rows in seq order and carries the state between batches.
 */
export function checkLinks(rows: ChainedRow[], state: { expectSeq: number; prev: string }): Break | null {
  for (const row of rows) {
    if (row.seq !== state.expectSeq) {
      return { seq: state.expectSeq, eventId: row.id, problem: `link ${state.expectSeq} is missing (next stored link is ${row.seq})` };
    }
    if (row.prevHash !== state.prev) {
      return { seq: row.seq, eventId: row.id, problem: `link ${row.seq} does not point at the hash of link ${row.seq - 1}` };
    }
    const expected = linkHash(row.seq, row.prevHash, row);
    if (expected !== row.hash) {
      return { seq: row.seq, eventId: row.id, problem: `link ${row.seq} (event ${row.id}) was altered: its content does not match its hash` };
    }
    state.expectSeq = row.seq + 1;
    state.prev = row.hash;
  }
  return null;
}
