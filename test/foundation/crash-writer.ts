/**
 * Child process for crash.test.ts: writes audited organisations in a loop
 * until it is killed. Prints "ready" after the first commit.
 */
import crypto from 'node:crypto';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { BlobStore } from '../../src/modules/documents/blob-store.ts';
import { create } from '../../src/modules/organisations/service.ts';

const url = process.env.CRASH_DATABASE_URL;
const dataDir = process.env.CRASH_DATA_DIR;
const database = await openDatabase(url ? { databaseUrl: url, poolSize: 8 } : { dataDir });
const ctx = {
  db: database.db,
  dbKind: database.kind,
  config: loadConfig({ NODE_ENV: 'test' }),
  blobs: new BlobStore('/tmp/berpa-crash-blobs'),
  actor: { kind: 'user' as const, userId: null, orgId: null, roles: ['operator' as const], label: 'crash-writer' },
  requestId: 'crash',
};
let said = false;
const deadline = Date.now() + 60_000;
await Promise.all(
  Array.from({ length: url ? 8 : 1 }, async () => {
    while (Date.now() < deadline) {
      const id = crypto.randomBytes(9).toString('hex').toUpperCase() + '42';
      await create(ctx, { name: `Crash ${id}`, identifier: { scheme: 'XI-LEI', id }, country: 'AZ', roles: ['funder'] });
      if (!said) {
        said = true;
        console.log('ready');
      }
    }
  }),
);
