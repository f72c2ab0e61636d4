import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.ts';
import { migrate } from '../../src/db/migrate.ts';
import { sequencePending, verifyChain } from '../../src/modules/audit/service.ts';
import { testDatabase } from '../helpers/db.ts';

/**
 * A process killed (SIGKILL) in the middle of audited writes leaves, for every
 * change, either the change and its audit event or neither, and a chain that
 * still links and verifies.
 */
async function killMidWrite(env: Record<string, string>, afterMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/foundation/crash-writer.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`writer never became ready: ${err}`)), 90_000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('ready')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  await new Promise((r) => setTimeout(r, afterMs));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
}

async function assertConsistent(database: Database) {
  const r = await sql<{ orgs: number; without_event: number; orphan_events: number }>`
    select
      (select count(*)::int from organisation where name like 'Crash %') as orgs,
      (select count(*)::int from organisation o where o.name like 'Crash %'
         and not exists (select 1 from audit_event e where e.entity_id = o.id::text and e.action = 'organisation.create')) as without_event,
      (select count(*)::int from audit_event e where e.action = 'organisation.create' and e.actor_label = 'crash-writer'
         and not exists (select 1 from organisation o where o.id::text = e.entity_id)) as orphan_events`.execute(database.db);
  const row = r.rows[0];
  expect(row.orgs).toBeGreaterThan(0);
  expect(row.without_event).toBe(0);
  expect(row.orphan_events).toBe(0);
  await sequencePending(database.db);
  const v = await verifyChain(database.db);
  expect(v.ok).toBe(true);
  expect(v.pending).toBe(0);
}

describe('a process killed mid-write', () => {
  it('leaves every change with its audit event, or neither', async () => {
    const tpl = inject('dbTemplate');
    if (tpl.kind === 'postgres') {
      const database = await testDatabase();
      try {
        // The writer connects to the same per-file database through its own pool.
        const url = currentUrl(database);
        await killMidWrite({ CRASH_DATABASE_URL: url }, 700);
        await assertConsistent(database);
      } finally {
        await database.close();
      }
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-crash-'));
      try {
        const first = await openDatabase({ dataDir: dir });
        await migrate(first.db);
        await first.close();
        await killMidWrite({ CRASH_DATA_DIR: dir }, 700);
        const reopened = await openDatabase({ dataDir: dir });
        try {
          await assertConsistent(reopened);
        } finally {
          await reopened.close();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 240_000);
});

function currentUrl(database: Database): string {
  const url = (database as Database & { url?: string }).url;
  if (!url) throw new Error('testDatabase() did not expose its url');
  return url;
}
