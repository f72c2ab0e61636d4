import fs from 'node:fs';
import type { Config } from './config.ts';
import type { LockHolder } from './db/data-dir-lock.ts';
import { type Database, openDatabase } from './db/index.ts';
import { migrate } from './db/migrate.ts';
import type { AppDeps } from './lib/context.ts';
import { blobsFor } from './modules/documents/blob-store.ts';

/** Open the database, apply migrations and assemble the dependencies every service uses. */
export async function openDeps(
  config: Config,
  opts: { log?: (m: string) => void; migrate?: boolean; owner?: Pick<LockHolder, 'role' | 'command'> } = {},
): Promise<{ deps: AppDeps; database: Database }> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  // The embedded directory is locked inside openDatabase, before anything reads or writes it.
  const database = await openDatabase({ databaseUrl: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.dataDir, owner: opts.owner });
  if (opts.migrate !== false) {
    try {
      await migrate(database.db, { log: opts.log });
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  const deps: AppDeps = {
    db: database.db,
    dbKind: database.kind,
    readDb: database.readDb,
    config,
    blobs: blobsFor(database.db, database.kind, config.dataDir),
  };
  return { deps, database };
}
