import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Kysely, type LogEvent, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { type DataDirLock, type LockHolder, lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type { DB } from './schema.ts';
export type Executor = Kysely<DB> | Transaction<DB>;
/**
 * A transaction, and only a transaction: the type of every helper whose write
 * must commit together with the caller's change (audit events, OCDS releases,
 * idempotency claims). Passing the bare database does not compile.
 */
export type Tx = Transaction<DB>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** A read-only standby (DATABASE_READ_URL), for the reads src/http/read-replica.ts routes there. */
  readDb?: Kysely<DB>;
  /** The embedded instance, when that is the backend. */
  pglite?: PGlite;
  /** The single-writer lock on the embedded data directory (absent for PostgreSQL and in-memory instances). */
  lock?: DataDirLock;
  close(): Promise<void>;
}

// Types parsed the same way on both backends, so that code above never
// needs to know which one it runs on.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => (v === null ? null : Number(v));
const asText = (v: string) => v;

/**
 * Statements sent, for tests and benchmarks that count them per request
 * (N+1 queries show up as a count, not as a slow page). Kysely calls the log
 * hook after every query on either backend; with no observer it costs a Set check.
 */
const queryObservers = new Set<(sql: string, ms: number, parameters: readonly unknown[]) => void>();
export function observeQueries(fn: (sql: string, ms: number, parameters: readonly unknown[]) => void): () => void {
  queryObservers.add(fn);
  return () => queryObservers.delete(fn);
}
const log = (e: LogEvent) => {
  if (queryObservers.size) for (const fn of queryObservers) fn(e.query.sql, e.queryDurationMillis, e.query.parameters);
};

export interface OpenOptions {
  databaseUrl?: string;
  /** A streaming standby of databaseUrl (PostgreSQL only). */
  readUrl?: string;
  dataDir?: string;
  /** Load the embedded database from a dump (tests start from a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
  /** Who opens an embedded data directory, for the messages of those the lock refuses. */
  owner?: Pick<LockHolder, 'role' | 'command'>;
}

function postgres(url: string, poolSize: number): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === INT8 || oid === NUMERIC) return toNumber;
        if (oid === DATE) return asText;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it and the next query reports any real outage.
  pool.on('error', (err) => console.error('[berpa] idle database connection lost:', err.message));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const db = postgres(opts.databaseUrl, opts.poolSize ?? 20);
    const readDb = opts.readUrl ? postgres(opts.readUrl, opts.poolSize ?? 20) : undefined;
    return {
      db,
      kind: 'postgres',
      readDb,
      close: async () => {
        await Promise.all([db.destroy(), readDb?.destroy()]);
      },
    };
  }
  let dir: string | undefined;
  let lock: DataDirLock | undefined;
  if (opts.dataDir) {
    // Before PGlite touches a file: a second writer on the same files corrupts them.
    lock = await lockDataDir(opts.dataDir, opts.owner ?? { role: 'cli', command: 'open' });
    dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      dataDir: dir,
      loadDataDir: opts.loadDataDir,
      extensions: { postgis },
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
    });
    await pglite.waitReady;
  } catch (err) {
    await lock?.release();
    throw dir ? new EmbeddedOpenError(dir, err) : err;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), log });
  return {
    db,
    kind: 'pglite',
    pglite,
    lock,
    close: async () => {
      try {
        await db.destroy();
        // close() shuts PostgreSQL down cleanly: a checkpoint, every committed write in the data files.
        await pglite.close();
      } finally {
        await lock?.release();
      }
    },
  };
}

/** An embedded directory that does not open: say what it means and what to do, not "Aborted()". */
export class EmbeddedOpenError extends Error {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    const raw = cause instanceof Error ? cause.message : String(cause);
    super(
      `the embedded database in ${dir} could not be opened (${raw || 'PGlite aborted'}). ` +
        'Its files are damaged or were written by an incompatible version; they have been left as they are. ' +
        'Restore the directory from a backup, or move it aside to start with an empty database.',
      { cause },
    );
    this.name = 'EmbeddedOpenError';
  }
}

/** The database clock: deadlines are judged by it, never by the app server's. */
export async function dbNow(ex: Executor): Promise<Date> {
  const r = await sql<{ now: Date }>`select now() as now`.execute(ex);
  return r.rows[0].now;
}

/** Export the embedded database as a tarball (tests clone a migrated template from it). */
export async function dumpEmbedded(database: Database): Promise<Blob> {
  if (!database.pglite) throw new Error('dumpEmbedded needs the embedded database');
  return database.pglite.dumpDataDir('none');
}
