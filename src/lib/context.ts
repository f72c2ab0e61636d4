import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../modules/auth/permissions.ts';
import type { Blobs } from '../modules/documents/blob-store.ts';

/** Long-lived things every service may need, built once at start. */
export interface AppDeps {
  db: Kysely<DB>;
  dbKind: 'pglite' | 'postgres';
  /** The standby behind DATABASE_READ_URL, when set; only src/http/read-replica.ts hands it to a request. */
  readDb?: Kysely<DB>;
  config: Config;
  blobs: Blobs;
}

/** What a service call knows about the request it serves. */
export interface Ctx extends AppDeps {
  actor: Actor;
  requestId: string;
}
