import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { type Database, openDatabase } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { AppDeps, Ctx } from '../../src/lib/context.ts';
import { getHead, sequencePending, verifyChain } from '../../src/modules/audit/service.ts';
import { BlobStore, blobsFor } from '../../src/modules/documents/blob-store.ts';
import { upload } from '../../src/modules/documents/service.ts';
import { signReceipt } from '../../src/modules/receipts/service.ts';
import { BackupError, backup, restore } from '../../src/ops/backup.ts';
import { withDatabase } from '../global-setup.ts';
import { testDatabase } from '../helpers/db.ts';
import { ensureProgramme, makeUser } from '../helpers/factories.ts';

/**
 * `berpa backup` / `berpa restore` round trip on the backend the suite runs
 * on: rows, documents (by SHA-256) and the receipt-signing key come back, and
 * the chain verifies against the head pinned before the backup.
 */
const POSTGRES = process.env.DATABASE_URL;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-backup-test-'));
const file = path.join(tmp, 'berpa.backup');
const TABLES = ['programme', 'organisation', 'app_user', 'document', 'audit_event'] as const;

let source: { database: Database; deps: AppDeps; config: Config; url?: string };
let restoredUrl: string | undefined;
const docs: { id: string; sha256: string; data: Buffer }[] = [];
let pinned: { seq: number; hash: string };
let keyId: string;

const receipt = { tenderId: 't', ocid: 'ocds-x', bidId: 'b', bidderOrgId: 'o', envelopeSha256: 'ab'.repeat(32), receivedAt: '2026-12-01T10:00:00.000Z' };

async function counts(db: Database['db']) {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = Number(
      (
        await db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

beforeAll(async () => {
  const base = { ...loadConfig({ NODE_ENV: 'test' }), logLevel: 'silent' };
  if (POSTGRES) {
    const database = await testDatabase();
    const config = { ...base, databaseUrl: database.url, dataDir: path.join(tmp, 'unused') };
    source = { database, config, url: database.url, deps: { db: database.db, dbKind: 'postgres', config, blobs: blobsFor(database.db, 'postgres', config.dataDir) } };
  } else {
    const dataDir = path.join(tmp, 'source');
    const database = await openDatabase({ dataDir });
    await migrate(database.db);
    const config = { ...base, databaseUrl: undefined, dataDir };
    source = { database, config, deps: { db: database.db, dbKind: 'pglite', config, blobs: blobsFor(database.db, 'pglite', dataDir) } };
  }
  await ensureProgramme(source.deps);
  const op = await makeUser(source.deps, { roles: ['operator'] });
  const ctx: Ctx = { ...source.deps, actor: op.actor, requestId: 'backup-test' };
  for (const n of [10, 1_500_000]) {
    const data = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n, n % 251), Buffer.from('\n%%EOF\n')]);
    const d = await upload(ctx, { data, mediaType: 'application/pdf', title: `Doc ${n}`, documentType: 'other' });
    docs.push({ id: d.id, sha256: d.sha256, data });
  }
  keyId = (await signReceipt(source.deps, receipt)).keyId;
  await sequencePending(source.deps.db);
  const h = await getHead(source.deps.db);
  pinned = { seq: h.seq, hash: h.hash };
}, 240_000);

afterAll(async () => {
  await source?.database.close().catch(() => undefined);
  if (restoredUrl && POSTGRES) {
    const c = new pg.Client({ connectionString: POSTGRES });
    await c.connect();
    await c.query(`drop database if exists "${new URL(restoredUrl).pathname.slice(1)}" with (force)`);
    await c.end();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`backup and restore (${POSTGRES ? 'PostgreSQL' : 'embedded'})`, () => {
  it('an embedded backup beside the writer that holds the directory is refused', async () => {
    if (POSTGRES) return; // PostgreSQL's pg_dump takes a consistent snapshot beside running servers
    await expect(backup(source.config, file)).rejects.toMatchObject({ kind: 'busy' });
  });

  it('round trip: rows, documents by SHA-256, the signing key, the chain against the pinned head', async () => {
    const before = await counts(source.deps.db);
    let target: Config;
    if (POSTGRES) {
      const m = await backup(source.config, file);
      expect(m.auditHead.seq).toBeGreaterThanOrEqual(pinned.seq);
      const name = `${new URL(source.url!).pathname.slice(1)}_restored`;
      const c = new pg.Client({ connectionString: POSTGRES });
      await c.connect();
      await c.query(`create database "${name}" template template0`);
      await c.end();
      restoredUrl = withDatabase(POSTGRES, name);
      target = { ...source.config, databaseUrl: restoredUrl };
    } else {
      await source.database.close();
      const m = await backup(source.config, file);
      expect(m.auditHead).toEqual(pinned);
      expect(m.documents).toBe(2);
      target = { ...source.config, dataDir: path.join(tmp, 'restored') };
    }
    const r = await restore(target, file);
    expect(r.verified.ok).toBe(true);

    const back = await openDatabase(target.databaseUrl ? { databaseUrl: target.databaseUrl, poolSize: 2 } : { dataDir: target.dataDir });
    try {
      const deps: AppDeps = { db: back.db, dbKind: back.kind, config: target, blobs: blobsFor(back.db, back.kind, target.dataDir) };
      expect(await counts(back.db)).toEqual(before);
      const v = await verifyChain(back.db, { expectHead: pinned });
      expect(v).toMatchObject({ ok: true, firstBreak: null });
      for (const d of docs) {
        const got = await deps.blobs.get(d.sha256);
        expect(got && BlobStore.sha256(got)).toBe(d.sha256);
        expect(got?.equals(d.data)).toBe(true);
      }
      expect((await signReceipt(deps, receipt)).keyId).toBe(keyId);
    } finally {
      await back.close();
    }

    // Not into a database that holds one, unless forced.
    await expect(restore(target, file)).rejects.toThrow(/not empty|already holds/);
    await expect(restore(target, file)).rejects.toBeInstanceOf(BackupError);
    expect((await restore(target, file, { force: true })).verified.ok).toBe(true);
  });

  it('refuses a damaged backup before touching the target', async () => {
    const bad = path.join(tmp, 'damaged.backup');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(bad, bytes);
    await expect(restore({ ...source.config, dataDir: path.join(tmp, 'never') }, bad)).rejects.toBeInstanceOf(BackupError);
    expect(fs.existsSync(path.join(tmp, 'never', 'pglite'))).toBe(false);
  });
});
