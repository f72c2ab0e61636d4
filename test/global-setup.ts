import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { dumpEmbedded, openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';

/**
 * Migrate one template database per run; every test file starts from a copy
 * of it (PGlite: a data-directory dump; PostgreSQL: CREATE DATABASE … TEMPLATE).
 * Starting PGlite and loading PostGIS takes seconds, so it happens once here.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `berpa_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const tplUrl = withDatabase(url, template);
    const database = await openDatabase({ databaseUrl: tplUrl, poolSize: 2 });
    await migrate(database.db);
    await database.close();
    project.provide('dbTemplate', { kind: 'postgres', url, template });
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const r = await c.query(`select datname from pg_database where datname like $1 or datname = $2`, [`berpa_t_${process.pid}_%`, template]);
      for (const row of r.rows) await c.query(`drop database if exists "${row.datname}" with (force)`);
      await c.end();
    };
  }
  const database = await openDatabase({});
  await migrate(database.db);
  const dump = await dumpEmbedded(database);
  await database.close();
  const file = path.join(os.tmpdir(), `berpa-test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbTemplate', { kind: 'pglite', file });
  return () => fs.rmSync(file, { force: true });
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: { kind: 'pglite'; file: string } | { kind: 'postgres'; url: string; template: string };
  }
}
