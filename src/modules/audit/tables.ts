import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json } from '../../db/columns.ts';

/** Audit events and the chain head (migration 0001_core.sql; decisions 0002, 0010). */
export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: DefaultTimestamp;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  request_id: string | null;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface AuditHeadTable {
  singleton: Generated<boolean>;
  seq: number;
  hash: string;
  updated_at: DefaultTimestamp;
}

export interface AuditTables {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
}
