import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { systemActor } from '../auth/permissions.ts';
import { recordAudit } from './service.ts';

/** The audit page's API: search by entity, actor, action and date; the chain check for readers. */
let env: TestEnv;
let auditor: TestUser;
beforeAll(async () => {
  env = await testEnv();
  auditor = await makeUser(env.deps, { roles: ['auditor'] });
  const ctx = env.ctx(systemActor('search-test'));
  await env.deps.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx, { action: 'search.alpha', entityType: 'thing', entityId: 'a-1', before: { n: 1 }, after: { n: 2 } });
    await recordAudit(trx, ctx, { action: 'search.beta', entityType: 'thing', entityId: 'b-1', after: { n: 3 } });
  });
  await env.deps.db
    .transaction()
    .execute((trx) => recordAudit(trx, { ...ctx, actor: { ...ctx.actor, userId: auditor.id } }, { action: 'search.alpha', entityType: 'other', entityId: 'c-1', after: {} }));
});
afterAll(() => env?.close());

const get = (q: string, auth = auditor.auth) => env.app.inject({ method: 'GET', url: `/api/v1/audit/events?${q}`, headers: { authorization: auth } });

describe('audit search', () => {
  it('filters by action, entity, actor and date, and combines them', async () => {
    const byAction = (await get('action=search.alpha')).json().items as { entityId: string }[];
    expect(byAction.map((e) => e.entityId).sort()).toEqual(['a-1', 'c-1']);
    expect((await get('action=search.alpha&entityType=thing')).json().items.map((e: { entityId: string }) => e.entityId)).toEqual(['a-1']);
    expect((await get(`actorUserId=${auditor.id}`)).json().items.map((e: { entityId: string }) => e.entityId)).toEqual(['c-1']);
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`action=search.beta&from=${today}&to=${today}`)).json().items).toHaveLength(1);
    expect((await get('action=search.beta&to=2000-01-01')).json().items).toHaveLength(0);
  });

  it('refuses a malformed actor or date, naming the field', async () => {
    const r = await get('actorUserId=not-a-uuid');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(r.json().errors)).toContain('actorUserId');
    expect((await get('from=yesterday')).statusCode).toBe(400);
  });

  it('verifies the chain for auditors; refuses anyone without audit.read', async () => {
    const ok = await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: { authorization: auditor.auth } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, pending: 0, firstBreak: null });
    expect(ok.json().checked).toBeGreaterThanOrEqual(3);
    const company = await makeUser(env.deps, { roles: ['company'] });
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: { authorization: company.auth } })).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify' })).statusCode).toBe(401);
  });
});
