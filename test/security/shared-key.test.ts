import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.ts';
import { buildApp } from '../../src/http/app.ts';
import type { App } from '../../src/http/types.ts';
import type { AppDeps } from '../../src/lib/context.ts';
import { BlobStore } from '../../src/modules/documents/blob-store.ts';
import { keyFile } from '../../src/modules/receipts/keys.ts';
import { signReceipt } from '../../src/modules/receipts/service.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';

/**
 * Two app servers, each with its own data directory and its own database
 * connection: on PostgreSQL they sign with one key (stored in the database),
 * so a receipt from one verifies on the other. Embedded, the key stays in the
 * data directory.
 */
let env: TestEnv;
let other: { app: App; deps: AppDeps; database: Database; dir: string } | undefined;
beforeAll(async () => {
  delete process.env.BERPA_RECEIPT_SIGNING_KEY;
  env = await testEnv();
  const url = (env.database as Database & { url?: string }).url;
  if (env.deps.dbKind === 'postgres' && url) {
    const database = await openDatabase({ databaseUrl: url, poolSize: 2 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-second-'));
    const deps: AppDeps = { db: database.db, dbKind: database.kind, config: { ...env.deps.config, dataDir: dir }, blobs: new BlobStore(path.join(dir, 'blobs')) };
    const app = await buildApp(deps, { logger: false, serveWeb: false });
    await app.ready();
    other = { app, deps, database, dir };
  }
});
afterAll(async () => {
  await other?.app.close();
  await other?.database.close();
  if (other) fs.rmSync(other.dir, { recursive: true, force: true });
  await env?.close();
});

const receipt = {
  tenderId: '0b6f3c52-1111-4000-8000-000000000001',
  ocid: 'ocds-abc123-T-0001',
  bidId: '0b6f3c52-2222-4000-8000-000000000002',
  bidderOrgId: '0b6f3c52-3333-4000-8000-000000000003',
  envelopeSha256: 'ab'.repeat(32),
  receivedAt: '2026-11-28T05:00:00.123Z',
};

it('PostgreSQL: both servers publish one key and verify each other’s receipts; no key file on disk', async () => {
  if (env.deps.dbKind !== 'postgres') {
    // Embedded: the data directory holds the key, as before.
    await signReceipt(env.deps, receipt);
    expect(fs.existsSync(keyFile(env.deps.config.dataDir))).toBe(true);
    return;
  }
  const [a, b] = await Promise.all([
    env.app.inject({ method: 'GET', url: '/api/v1/receipts/public-key' }),
    other!.app.inject({ method: 'GET', url: '/api/v1/receipts/public-key' }),
  ]);
  expect(a.json().publicKey).toBe(b.json().publicKey);
  const signed = await signReceipt(env.deps, receipt);
  const v = await other!.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: signed });
  expect(v.json()).toMatchObject({ valid: true });
  const rows = await env.deps.db.selectFrom('platform_key').select('name').execute();
  expect(rows.map((r) => r.name)).toEqual(['receipt-signing']);
  expect(fs.existsSync(keyFile(env.deps.config.dataDir))).toBe(false);
  expect(fs.existsSync(keyFile(other!.dir))).toBe(false);
});
