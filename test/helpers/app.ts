import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import type { AppDeps, Ctx } from '../../src/lib/context.ts';
import { type Actor, ANONYMOUS } from '../../src/modules/auth/permissions.ts';
import { blobsFor } from '../../src/modules/documents/blob-store.ts';
import { testDatabase } from './db.ts';

export interface TestEnv {
  app: App;
  deps: AppDeps;
  database: Database;
  /** A service context for an actor (anonymous by default). */
  ctx(actor?: Actor): Ctx;
  close(): Promise<void>;
}

/** The whole application on a fresh database, for `app.inject` and direct service calls. */
export async function testEnv(overrides: Partial<Config> = {}): Promise<TestEnv> {
  const database = await testDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-test-'));
  const config: Config = { ...loadConfig({ NODE_ENV: 'test' }), dataDir, logLevel: 'silent', ...overrides };
  const deps: AppDeps = { db: database.db, dbKind: database.kind, config, blobs: blobsFor(database.db, database.kind, dataDir) };
  const app = await buildApp(deps, { logger: false, serveWeb: false });
  await app.ready();
  let n = 0;
  return {
    app,
    deps,
    database,
    ctx: (actor = ANONYMOUS) => ({ ...deps, actor, requestId: `test-${++n}` }),
    close: async () => {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
