import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { lockOf, xactLock } from '../../db/locks.ts';
import { systemActor } from '../auth/permissions.ts';
import { storeRelease } from './service.ts';

/**
 * Reads never wait on the sequencer's lock (docs/decisions/0010-one-sequencer.md),
 * and a publisher still reads its own release: while another process holds
 * the lock, a read queues for nothing in the database and answers, with the
 * release, once that sequencer is done.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

const ctx = { actor: systemActor('sequencer-test'), requestId: 'sequencer-test' };
const body = { initiationType: 'tender', tender: { id: 't-seq', title: 'Sequencer test', status: 'active' } };

async function waitingAdvisoryLocks(): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(env.deps.db);
  return r.rows[0].n;
}

describe('the OCDS sequencer and readers', () => {
  it('a record read right after publishing shows the release (nothing else sequencing)', async () => {
    const ocid = 'ocds-seqtst-1';
    await env.deps.db.transaction().execute((trx) => storeRelease(trx, ctx, ocid, ['tender'], body));
    const r = await env.app.inject({ method: 'GET', url: `/api/v1/ocds/records/${ocid}` });
    expect(r.statusCode).toBe(200);
    expect(r.json().records[0].releases.map((x: { id: string }) => x.id)).toEqual([`${ocid}-1`]);
  });

  // PGlite has one connection: another session cannot hold the lock meanwhile.
  it.skipIf(inject('dbTemplate').kind === 'pglite')('while another sequencer holds the lock, reads queue on no lock and still see the release once it is free', async () => {
    const ocid = 'ocds-seqtst-2';
    await env.deps.db.transaction().execute((trx) => storeRelease(trx, ctx, ocid, ['tender'], body));
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    let locked!: () => void;
    const held = new Promise<void>((ok) => (locked = ok));
    const holder = env.deps.db.transaction().execute(async (trx) => {
      await xactLock(trx, lockOf.ocdsSequencer());
      locked();
      await gate;
    });
    await held;
    const reads = [env.app.inject({ method: 'GET', url: `/api/v1/ocds/records/${ocid}` }), env.app.inject({ method: 'GET', url: '/api/v1/ocds/releases?limit=5' })];
    await new Promise((ok) => setTimeout(ok, 300));
    expect(await waitingAdvisoryLocks(), 'a reader is queueing for the sequencer lock').toBe(0);
    release();
    await holder;
    const [rec, feed] = await Promise.all(reads);
    expect(rec.statusCode).toBe(200);
    expect(rec.json().records[0].releases.map((x: { id: string }) => x.id)).toEqual([`${ocid}-1`]);
    expect(feed.json().releases.map((x: { id: string }) => x.id)).toContain(`${ocid}-1`);
  });

  it.skipIf(inject('dbTemplate').kind === 'pglite')('the audit head read does not queue for the audit sequencer either', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    let locked!: () => void;
    const held = new Promise<void>((ok) => (locked = ok));
    const holder = env.deps.db.transaction().execute(async (trx) => {
      await xactLock(trx, lockOf.auditSequencer());
      locked();
      await gate;
    });
    await held;
    const read = env.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
    await new Promise((ok) => setTimeout(ok, 300));
    expect(await waitingAdvisoryLocks()).toBe(0);
    release();
    await holder;
    const head = (await read).json();
    const pending = await sql<{ n: number }>`select count(*)::int as n from audit_event where seq is null`.execute(env.deps.db);
    expect(pending.rows[0].n).toBe(0);
    expect(head.seq).toBeGreaterThan(0);
  });
});
