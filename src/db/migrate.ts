import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { lockOf, xactLock } from './locks.ts';
import type { DB } from './schema.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
  checksum: string;
}

/** Numbered plain SQL files, `NNNN_name.sql`, applied in version order. */
export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      return {
        version: f.slice(0, 4),
        name: f.slice(5, -4),
        file: path.join(dir, f),
        checksum: crypto.createHash('sha256').update(text).digest('hex'),
      };
    });
}

/**
 * Apply pending migrations, each in its own transaction together with its
 * bookkeeping row. An advisory lock makes concurrent starts wait for each
 * other instead of applying the same file twice. Forward only: an applied file
 * whose text changed is an error, not something to re-run.
 */
export async function migrate(db: Kysely<DB>, opts: { dir?: string; log?: (m: string) => void } = {}) {
  const log = opts.log ?? (() => {});
  await sql`create table if not exists schema_migrations (
    version text primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const applied: string[] = [];
  for (const m of listMigrations(opts.dir)) {
    await db.transaction().execute(async (trx) => {
      await xactLock(trx, lockOf.migration());
      const existing = await sql<{ checksum: string }>`select checksum from schema_migrations where version = ${m.version}`.execute(trx);
      if (existing.rows.length > 0) {
        if (existing.rows[0].checksum !== m.checksum) {
          throw new Error(`migration ${m.version}_${m.name} was changed after it was applied; add a new migration instead`);
        }
        return;
      }
      await sql.raw(fs.readFileSync(m.file, 'utf8')).execute(trx);
      await sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`.execute(trx);
      applied.push(`${m.version}_${m.name}`);
      log(`applied ${m.version}_${m.name}`);
    });
  }
  return applied;
}

/** The migrations applied, or null when the database has none (no bookkeeping table): what "empty" means to a restore. */
export async function appliedVersions(db: Kysely<DB>): Promise<string[] | null> {
  const t = await sql<{ t: string | null }>`select to_regclass('public.schema_migrations')::text as t`.execute(db);
  if (!t.rows[0].t) return null;
  const r = await sql<{ version: string }>`select version from schema_migrations order by version`.execute(db);
  return r.rows.map((x) => x.version);
}
