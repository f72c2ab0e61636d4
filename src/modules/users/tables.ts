import type { Generated } from 'kysely';
import type { DefaultTimestamp } from '../../db/columns.ts';

/** Accounts and roles (migration 0001_core.sql). */
export interface AppUserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  organisation_id: string | null;
  roles: string[];
  locale: string | null;
  active: Generated<boolean>;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** What other modules may read (views, migrations 0091_core_read_surfaces.sql and 0092): no hashes (sign-in: repo.ts credentialsByEmail). */
export interface UsersSurfaces {
  organisation_member: { id: string; email: string; organisation_id: string | null; roles: string[]; active: boolean; name: string };
}

export interface UsersTables extends UsersSurfaces {
  app_user: AppUserTable;
}
