import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { listMigrations, MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database?.close());

describe('migrations', () => {
  it('are all applied, in order, and re-running applies nothing', async () => {
    const rows = await database.db.selectFrom('schema_migrations').select(['version']).orderBy('version').execute();
    expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(database.db)).toEqual([]);
  });

  it('have PostGIS available', async () => {
    const r = await sql<{ km2: number }>`select ST_Area(ST_GeomFromText('POLYGON((47 40,48 40,48 41,47 41,47 40))', 4326)::geography) / 1e6 as km2`.execute(database.db);
    expect(r.rows[0].km2).toBeGreaterThan(9000);
    expect(r.rows[0].km2).toBeLessThan(9600);
  });

  it('refuse an applied migration whose text changed, and roll back a failing one completely', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-mig-'));
    for (const f of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, '9990_broken.sql'), 'create table half_done (id int);\nselect no_such_function();\n');
    await expect(migrate(database.db, { dir })).rejects.toThrow();
    const half = await sql<{ t: string | null }>`select to_regclass('half_done')::text as t`.execute(database.db);
    expect(half.rows[0].t).toBeNull();
    fs.rmSync(path.join(dir, '9990_broken.sql'));
    fs.appendFileSync(path.join(dir, '0001_core.sql'), '\n-- edited\n');
    await expect(migrate(database.db, { dir })).rejects.toThrow(/changed after it was applied/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
