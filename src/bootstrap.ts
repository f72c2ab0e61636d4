import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import type { AppDeps } from './lib/context.ts';
import { BlobStore } from './modules/documents/blob-store.ts';

/** Open the database, apply migrations and assemble the dependencies every service uses. */
export async function openDeps(config: Config, opts: { log?: (m: string) => void; migrate?: boolean } = {}): Promise<{ deps: AppDeps; database: Database }> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (opts.migrate !== false) await migrate(database.db, { log: opts.log });
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    config,
    blobs: new BlobStore(path.join(config.dataDir, 'blobs')),
  };
  return { deps, database };
}
