import type { Generated } from 'kysely';
import type { DefaultTimestamp, Timestamp } from '../../db/columns.ts';

/** Sessions and API tokens (migration 0001_core.sql). */
export interface AuthSessionTable {
  id: Generated<string>;
  user_id: string;
  kind: 'cookie' | 'token';
  token_hash: string;
  csrf_token: string | null;
  name: string | null;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuthTables {
  auth_session: AuthSessionTable;
}
