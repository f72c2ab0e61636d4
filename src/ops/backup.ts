/**
 * `berpa backup FILE` and `berpa restore FILE [--force]` (docs/operations-backup.md).
 *
 * A backup is one zip: `manifest.json` (backend, time, the audit head pinned
 * before the copy, the SHA-256 of every other entry) and the data —
 * - embedded: `database.tar` (PGlite's own dump of its data directory), the
 *   document files `blobs/<sha256>`, and `keys/receipt-signing.json`;
 * - PostgreSQL: `database.dump`, `pg_dump --format=custom` of DATABASE_URL:
 *   one consistent snapshot holding the documents (document_blob) and the
 *   signing key (platform_key) too, taken beside running servers.
 * A restore goes to the same kind of backend, refuses a database that is not
 * empty unless forced, checks every entry's hash and, at the end, that the
 * audit chain verifies and still holds the head pinned at backup time.
 *
 * Embedded: the data directory has one writer (docs/decisions/0005). Backup
 * and restore take its lock like any writer, so beside a running server they
 * refuse (exit 5) instead of copying files in mid-write: stop the server, or
 * run PostgreSQL. The whole backup is held in memory once (zip) — fine for a
 * programme's documents up to a few GB of RAM; beyond that, PostgreSQL.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Config } from '../config.ts';
import { lockDataDir } from '../db/data-dir-lock.ts';
import { dumpEmbedded, openDatabase } from '../db/index.ts';
import { appliedVersions } from '../db/migrate.ts';
import { getHead, verifyChain } from '../modules/audit/service.ts';
import { BlobStore, DatabaseBlobStore } from '../modules/documents/blob-store.ts';
import { keyFile } from '../modules/receipts/keys.ts';

export const FORMAT = 'berpa-backup/1';

export interface Manifest {
  format: typeof FORMAT;
  backend: 'pglite' | 'postgres';
  createdAt: string;
  migrations: string[];
  auditHead: { seq: number; hash: string };
  documents: number;
  entries: Record<string, string>;
}

export class BackupError extends Error {
  constructor(
    message: string,
    readonly kind: 'busy' | 'usage' | 'failure' = 'failure',
  ) {
    super(message);
  }
}

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

/** pg_dump/pg_restore: BERPA_PG_BIN, else the PostgreSQL 15 binaries Debian installs, else PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv): string {
  for (const dir of [env.BERPA_PG_BIN, '/usr/lib/postgresql/15/bin']) if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  return name;
}

/** The URL's parts as libpq variables: a password never shows in the process list. */
function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: decodeURIComponent(u.hostname),
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new BackupError(`${cmd} could not run: ${r.error.message} (set BERPA_PG_BIN to PostgreSQL's bin directory)`);
  if (r.status !== 0) throw new BackupError(`${path.basename(cmd)} failed: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
}

async function openEmbedded(dataDir: string, command: string, loadDataDir?: Blob) {
  try {
    return await openDatabase({ dataDir, loadDataDir, owner: { role: 'cli', command } });
  } catch (err) {
    if ((err as Error).name === 'DataDirBusyError')
      throw new BackupError(`${(err as Error).message} — stop the server first: the embedded database has one writer, and a copy beside it would not be consistent`, 'busy');
    throw err;
  }
}

function listBlobs(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  for (const a of fs.readdirSync(root))
    for (const b of fs.readdirSync(path.join(root, a))) for (const f of fs.readdirSync(path.join(root, a, b))) if (/^[0-9a-f]{64}$/.test(f)) out.push(f);
  return out;
}

export async function backup(config: Config, file: string, env: NodeJS.ProcessEnv = process.env): Promise<Manifest> {
  const entries: Record<string, Uint8Array> = {};
  let manifest: Omit<Manifest, 'entries'>;
  if (config.databaseUrl) {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
    try {
      const migrations = await appliedVersions(database.db);
      if (!migrations) throw new BackupError('the database is empty: nothing to back up', 'usage');
      // Pinned before the snapshot: the chain in the dump holds at least this much.
      const head = await getHead(database.db);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-backup-'));
      try {
        run(pgTool('pg_dump', env), ['--format=custom', '--no-owner', '--no-privileges', '--file', path.join(tmp, 'database.dump')], libpqEnv(config.databaseUrl));
        entries['database.dump'] = fs.readFileSync(path.join(tmp, 'database.dump'));
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
      manifest = {
        format: FORMAT,
        backend: 'postgres',
        createdAt: new Date().toISOString(),
        migrations,
        auditHead: { seq: head.seq, hash: head.hash },
        documents: await new DatabaseBlobStore(database.db).count(),
      };
    } finally {
      await database.close();
    }
  } else {
    const database = await openEmbedded(config.dataDir, 'backup');
    try {
      const migrations = await appliedVersions(database.db);
      if (!migrations) throw new BackupError('the database is empty: nothing to back up', 'usage');
      const head = await getHead(database.db);
      entries['database.tar'] = new Uint8Array(await (await dumpEmbedded(database)).arrayBuffer());
      const store = new BlobStore(path.join(config.dataDir, 'blobs'));
      const blobs = listBlobs(path.join(config.dataDir, 'blobs'));
      for (const s of blobs) entries[`blobs/${s}`] = fs.readFileSync(store.pathOf(s));
      if (fs.existsSync(keyFile(config.dataDir))) entries['keys/receipt-signing.json'] = fs.readFileSync(keyFile(config.dataDir));
      manifest = { format: FORMAT, backend: 'pglite', createdAt: new Date().toISOString(), migrations, auditHead: { seq: head.seq, hash: head.hash }, documents: blobs.length };
    } finally {
      await database.close();
    }
  }
  const full: Manifest = { ...manifest, entries: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, sha(v)])) };
  const zip = zipSync({ 'manifest.json': new TextEncoder().encode(JSON.stringify(full, null, 2)), ...entries }, { level: 0 });
  // Written beside the target and renamed: a failed backup never leaves a half file under the name.
  const tmpFile = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmpFile, zip, { mode: 0o600 });
  fs.renameSync(tmpFile, file);
  return full;
}

function readBackup(file: string): { manifest: Manifest; entries: Record<string, Uint8Array> } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(fs.readFileSync(file));
  } catch (err) {
    throw new BackupError(`${file} is not a Berpa backup (${(err as Error).message})`, 'usage');
  }
  const raw = files['manifest.json'];
  let manifest: Manifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new BackupError(`${file} has no readable manifest.json: not a Berpa backup`, 'usage');
  }
  if (manifest?.format !== FORMAT) throw new BackupError(`${file} is not a ${FORMAT} backup`, 'usage');
  for (const [name, want] of Object.entries(manifest.entries)) {
    if (!files[name]) throw new BackupError(`${file} lacks ${name}`);
    if (sha(files[name]) !== want) throw new BackupError(`${file}: ${name} does not match its SHA-256 — the backup is damaged`);
  }
  return { manifest, entries: files };
}

export interface RestoreResult {
  manifest: Manifest;
  verified: { ok: boolean; checked: number };
}

export async function restore(config: Config, file: string, opts: { force?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): Promise<RestoreResult> {
  const { manifest, entries } = readBackup(file);
  const target = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.backend !== target)
    throw new BackupError(`this backup is of a ${manifest.backend} database and the target is ${target}: restore to the same kind of backend`, 'usage');
  let database;
  if (config.databaseUrl) {
    const probe = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1 });
    const applied = await appliedVersions(probe.db).finally(() => probe.close());
    if (applied && !opts.force) throw new BackupError('the target database is not empty: restore into an empty database, or pass --force to replace what is there', 'usage');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-restore-'));
    try {
      fs.writeFileSync(path.join(tmp, 'database.dump'), entries['database.dump']);
      run(
        pgTool('pg_restore', env),
        [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--single-transaction',
          ...(applied ? ['--clean', '--if-exists'] : []),
          '--dbname',
          libpqEnv(config.databaseUrl).PGDATABASE || 'postgres',
          path.join(tmp, 'database.dump'),
        ],
        libpqEnv(config.databaseUrl),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
  } else {
    const dir = config.dataDir;
    fs.mkdirSync(dir, { recursive: true });
    const lock = await lockDataDir(dir, { role: 'cli', command: 'restore' }).catch((err) => {
      throw new BackupError(`${(err as Error).message} — stop the server before restoring into its data directory`, 'busy');
    });
    try {
      const pgDir = path.join(dir, 'pglite');
      const taken = (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) || listBlobs(path.join(dir, 'blobs')).length > 0;
      if (taken && !opts.force) throw new BackupError(`${dir} already holds a database: restore into an empty data directory, or pass --force to replace it`, 'usage');
      for (const sub of ['pglite', 'blobs', 'keys']) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
      const store = new BlobStore(path.join(dir, 'blobs'));
      for (const [name, data] of Object.entries(entries)) {
        if (!name.startsWith('blobs/')) continue;
        if ((await store.put(Buffer.from(data))) !== name.slice(6)) throw new BackupError(`${name} does not hold the content its name says`);
      }
      if (entries['keys/receipt-signing.json']) {
        fs.mkdirSync(path.dirname(keyFile(dir)), { recursive: true, mode: 0o700 });
        fs.writeFileSync(keyFile(dir), entries['keys/receipt-signing.json'], { mode: 0o600 });
      }
    } finally {
      await lock.release();
    }
    database = await openEmbedded(dir, 'restore', new Blob([entries['database.tar'].slice().buffer as ArrayBuffer]));
  }
  try {
    const v = await verifyChain(database.db, { expectHead: manifest.auditHead });
    if (!v.ok) throw new BackupError(`restored, but the audit chain does not verify against the head pinned at backup time: ${v.firstBreak?.problem}`);
    return { manifest, verified: { ok: v.ok, checked: v.checked } };
  } finally {
    await database.close();
  }
}
