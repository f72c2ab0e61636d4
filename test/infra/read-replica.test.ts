import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { REPLICA_ROUTES } from '../../src/http/read-replica.ts';
import type { AppDeps } from '../../src/lib/context.ts';
import { createPublished, makeCommittee, partner } from '../../src/modules/tenders/test-kit.ts';
import { withDatabase } from '../global-setup.ts';
import { testDatabase } from '../helpers/db.ts';
import { ensureProgramme, makeUser } from '../helpers/factories.ts';
import { type Proc, startServer } from './cluster.ts';
import { httpEnv, send } from './http-env.ts';

/**
 * One app server with DATABASE_READ_URL on a real streaming standby
 * (.ci/run builds it with pg_basebackup -R). Replay is paused while a tender
 * is published, so a row exists on the primary only: an anonymous public
 * read that does not find it came from the standby; its author, signed in,
 * finds it; after replay resumes, the public finds it too.
 */
const PRIMARY = process.env.DATABASE_URL;
const STANDBY = process.env.DATABASE_READ_URL;
if (!PRIMARY || !STANDBY) throw new Error('test/infra/read-replica needs DATABASE_URL and DATABASE_READ_URL (a streaming standby of it; see .ci/run)');

let database: Database & { url?: string };
let deps: AppDeps;
let server: Proc;
let standby: pg.Client;

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  database = await testDatabase();
  deps = { db: database.db, dbKind: 'postgres' } as AppDeps;
  await ensureProgramme(deps);
  await partner(httpEnv('', deps), 'KR');
  const name = new URL(database.url!).pathname.slice(1);
  const readUrl = withDatabase(STANDBY, name);
  // The new database reaches the standby by replay; wait until the programme row has too.
  standby = await until('the test database on the standby', async () => {
    const c = new pg.Client({ connectionString: readUrl });
    await c.connect();
    const r = await c.query('select pg_is_in_recovery() as standby, (select count(*) from programme)::int as n');
    if (r.rows[0].standby !== true) throw new Error(`${STANDBY} is not a standby`);
    if (r.rows[0].n === 1) return c;
    await c.end();
    return undefined;
  });
  server = await startServer({ DATABASE_URL: database.url!, DATABASE_READ_URL: readUrl, BERPA_READ_AFTER_WRITE_SECONDS: '30' });
});
afterAll(async () => {
  await standby?.query('select pg_wal_replay_resume()').catch(() => undefined);
  await standby?.end();
  await server?.stop();
  await database?.close();
});

describe('public reads from a streaming standby', () => {
  it('the standby answers anonymous public reads; the author and a browser that just wrote read the primary', async () => {
    const env = httpEnv(server.url, deps);
    const members = await makeCommittee(env, 3);
    const operator = await makeUser(deps, { roles: ['operator'] });
    await standby.query('select pg_wal_replay_pause()');
    await until('replay paused', async () => ((await standby.query('select pg_get_wal_replay_pause_state() as s')).rows[0].s === 'paused' ? true : undefined));

    const tender = await createPublished(env, operator, members);
    const url = `/api/v1/tenders/${tender.id}`;
    // Signed in: the primary, which has it.
    expect((await send(server.url, { method: 'GET', url, headers: { authorization: operator.auth } })).statusCode).toBe(200);
    // Anonymous: the standby, which has not replayed it.
    expect((await send(server.url, { method: 'GET', url })).statusCode).toBe(404);
    const list = (await send(server.url, { method: 'GET', url: '/api/v1/tenders' })).json();
    expect(JSON.stringify(list)).not.toContain(tender.id);
    // An anonymous write (here a refused sign-in) sends this browser to the primary for a while.
    const w = await send(server.url, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'nobody@example.test', password: 'not the password at all' } });
    expect(w.statusCode).toBe(401);
    expect(w.cookies.berpa_primary).toBe('1');
    const marker = 'berpa_primary=1';
    expect((await send(server.url, { method: 'GET', url, headers: { cookie: marker } })).statusCode).toBe(200);

    await standby.query('select pg_wal_replay_resume()');
    await until('the public read after replay', async () => ((await send(server.url, { method: 'GET', url })).statusCode === 200 ? true : undefined));
  });

  it('every route served from the standby answers without a server error (none of them writes)', async () => {
    const t = (await send(server.url, { method: 'GET', url: '/api/v1/tenders' })).json().items[0];
    const org = (await send(server.url, { method: 'GET', url: '/api/v1/organisations' })).json().items?.[0];
    const ids: Record<string, string> = { ':id': '00000000-0000-4000-8000-000000000000', ':ocid': t.ocid, ':code': 'KR' };
    for (const route of REPLICA_ROUTES) {
      let url = route.replace(':ocid', ids[':ocid']).replace(':code', ids[':code']);
      if (route === '/api/v1/tenders/:id' || route.startsWith('/api/v1/tenders/:id/')) url = url.replace(':id', t.id);
      else if (route === '/api/v1/organisations/:id' && org) url = url.replace(':id', org.id);
      else url = url.replace(':id', ids[':id']);
      const r = await send(server.url, { method: 'GET', url });
      expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBeLessThan(500);
    }
    expect(server.output()).not.toMatch(/read-only transaction/);
  });
});
