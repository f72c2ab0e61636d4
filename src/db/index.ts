import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
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
  /** The embedded instance, when that is the backend. */
  pglite?: PGlite;
  close(): Promise<void>;
}

// Types parsed the same way on both backends, so that code above never
// needs to know which one it runs on.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => (v === null ? null : Number(v));
const asText = (v: string) => v;

export interface OpenOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Load the embedded database from a dump (tests start from a migrated template). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
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
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let dir: string | undefined;
  if (opts.dataDir) {
    dir = path.join(opts.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const pglite = new PGlite({
    dataDir: dir,
    loadDataDir: opts.loadDataDir,
    extensions: { postgis },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
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
