import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.ts';
import { withDatabase } from '../global-setup.ts';

/**
 * A fresh, migrated database for one test file: a copy of the run's template.
 * Share it between the tests of a file (beforeAll), and make test data
 * distinct with the factories rather than starting a new database per test.
 */
export async function testDatabase(): Promise<Database & { url?: string }> {
  const tpl = inject('dbTemplate');
  if (tpl.kind === 'pglite') {
    const blob = new Blob([fs.readFileSync(tpl.file)]);
    return openDatabase({ loadDataDir: blob });
  }
  const name = `berpa_t_${tpl.template.slice('berpa_tpl_'.length)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: tpl.url });
  await admin.connect();
  await admin.query(`create database ${name} template ${tpl.template}`);
  await admin.end();
  const url = withDatabase(tpl.url, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: tpl.url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
