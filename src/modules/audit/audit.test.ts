import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser } from '../../../test/helpers/factories.ts';
import { systemActor } from '../auth/permissions.ts';
import { getHead, recordAudit, sequencePending, verifyChain } from './service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

async function write(n: number, label = 'w') {
  const ctx = env.ctx(systemActor('test'));
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      env.deps.db
        .transaction()
        .execute((trx) => recordAudit(trx, ctx, { action: 'test.write', entityType: 'test', entityId: `${label}-${i}`, after: { i, text: 'Ağdam — 한국' } })),
    ),
  );
}

describe('audit chain', () => {
  it('links concurrent writes into one gap-free chain that verifies', async () => {
    await write(40);
    await sequencePending(env.deps.db);
    const v = await verifyChain(env.deps.db);
    expect(v).toMatchObject({ ok: true, pending: 0 });
    expect(v.checked).toBeGreaterThanOrEqual(40);
    const head = await getHead(env.deps.db);
    expect(head.seq).toBe(v.checked);
  });

  it('a rolled-back change leaves no audit event', async () => {
    const before = await env.deps.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      env.deps.db.transaction().execute(async (trx) => {
        await recordAudit(trx, env.ctx(systemActor('test')), { action: 'test.doomed', entityType: 'test', entityId: 'x' });
        throw new Error('crash after the audit insert');
      }),
    ).rejects.toThrow();
    const after = await env.deps.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('detects a modified row', async () => {
    await write(5, 'mod');
    await sequencePending(env.deps.db);
    await sql`update audit_event set after = '{"i": 1, "text": "forged"}' where seq = 3`.execute(env.deps.db);
    const v = await verifyChain(env.deps.db);
    expect(v.ok).toBe(false);
    expect(v.firstBreak).toMatchObject({ seq: 3, problem: expect.stringMatching(/altered/) });
    await restore();
  });

  it('detects a deleted row', async () => {
    await sql`delete from audit_event where seq = 4`.execute(env.deps.db);
    const v = await verifyChain(env.deps.db);
    expect(v.firstBreak).toMatchObject({ seq: 4, problem: expect.stringMatching(/missing/) });
  });

  it('detects rows removed from the end against the recorded head and a pinned head', async () => {
    const t = await testEnv();
    try {
      const ctx = t.ctx(systemActor('test'));
      for (let i = 0; i < 5; i++) await t.deps.db.transaction().execute((trx) => recordAudit(trx, ctx, { action: 'a', entityType: 't', entityId: String(i) }));
      const pinned = await getHead(t.deps.db);
      await sql`delete from audit_event where seq = ${pinned.seq}`.execute(t.deps.db);
      const v = await verifyChain(t.deps.db, { expectHead: { seq: pinned.seq, hash: pinned.hash } });
      expect(v.ok).toBe(false);
      expect(v.firstBreak?.problem).toMatch(/head/);
    } finally {
      await t.close();
    }
  });

  it('detects reordered rows', async () => {
    const t = await testEnv();
    try {
      const ctx = t.ctx(systemActor('test'));
      for (let i = 0; i < 5; i++) await t.deps.db.transaction().execute((trx) => recordAudit(trx, ctx, { action: 'a', entityType: 't', entityId: String(i) }));
      await sequencePending(t.deps.db);
      // Swap the content of links 2 and 3 but keep their positions and hashes.
      await sql`update audit_event set seq = -2 where seq = 2`.execute(t.deps.db);
      await sql`update audit_event set seq = 2 where seq = 3`.execute(t.deps.db);
      await sql`update audit_event set seq = 3 where seq = -2`.execute(t.deps.db);
      const v = await verifyChain(t.deps.db);
      expect(v.ok).toBe(false);
      expect(v.firstBreak?.seq).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('publishes the head without sign-in; lists events only to auditors, operators and admins', async () => {
    const head = await env.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
    expect(head.statusCode).toBe(200);
    expect(head.json().hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/audit/events' })).statusCode).toBe(401);
    const company = await makeUser(env.deps, { roles: ['company'] });
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/audit/events', headers: { authorization: company.auth } })).statusCode).toBe(403);
    const auditor = await makeUser(env.deps, { roles: ['auditor'] });
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/audit/events?limit=5', headers: { authorization: auditor.auth } });
    expect(r.statusCode).toBe(200);
    expect(r.json().items).toHaveLength(5);
    const next = await env.app.inject({ method: 'GET', url: `/api/v1/audit/events?limit=5&cursor=${r.json().nextCursor}`, headers: { authorization: auditor.auth } });
    expect(next.json().items[0].id).toBeLessThan(r.json().items[4].id);
  });
});

// The tamper tests above share one database; the deletion test runs on what
// the modification test left, so put the modified row back first.
async function restore() {
  const rows = await sql<{ id: number }>`select id from audit_event where seq = 3`.execute(env.deps.db);
  const id = rows.rows[0].id;
  const orig = await sql<{ entity_id: string }>`select entity_id from audit_event where id = ${id}`.execute(env.deps.db);
  const i = Number(orig.rows[0].entity_id.split('-').pop());
  await sql`update audit_event set after = ${JSON.stringify({ i, text: 'Ağdam — 한국' })}::jsonb where id = ${id}`.execute(env.deps.db);
}
