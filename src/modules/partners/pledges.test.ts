import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeRoleUsers, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import type { Role } from '../auth/permissions.ts';

let env: TestEnv;
let users: Record<Role, TestUser>;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  users = await makeRoleUsers(env.deps);
});
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  env.app.inject({ method, url, payload, headers: user ? { authorization: user.auth } : {} });
const pledge = (o: object = {}) => ({
  country: 'KR',
  pledger: 'Korea International Cooperation Agency',
  description: { en: 'Smart-village pilot in Zangilan' },
  sector: 'housing',
  currency: 'USD',
  amount: 1_000_000,
  pledgedOn: '2022-03-01',
  ...o,
});
const rows = async () =>
  (
    await env.deps.db
      .selectFrom('pledge')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('pledges', () => {
  it('move from pledged to committed to disbursed, each step recorded and audited', async () => {
    const op = users.operator;
    const p = (await call(op, 'POST', '/api/v1/pledges', pledge())).json();
    expect(p).toMatchObject({ status: 'pledged', pledged: { amount: 1_000_000, on: '2022-03-01' }, committed: null, disbursed: { amount: 0, on: null } });
    const c = await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 800_000.5, on: '2022-06-01' });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ status: 'committed', committed: { amount: 800_000.5, on: '2022-06-01' } });
    const d1 = await call(op, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 300_000.25, on: '2022-09-01' });
    expect(d1.json()).toMatchObject({ status: 'disbursed', disbursed: { amount: 300_000.25, on: '2022-09-01' } });
    const d2 = await call(op, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 500_000.25, on: '2023-01-15' });
    expect(d2.json()).toMatchObject({ disbursed: { amount: 800_000.5, on: '2023-01-15' } });
    expect(d2.json().steps.map((s: { stage: string; amount: number }) => [s.stage, s.amount])).toEqual([
      ['pledged', 1_000_000],
      ['committed', 800_000.5],
      ['disbursed', 300_000.25],
      ['disbursed', 500_000.25],
    ]);
    const audit = await env.deps.db.selectFrom('audit_event').select('action').where('entity_id', '=', p.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['pledge.create', 'pledge.commit', 'pledge.disburse', 'pledge.disburse']);
  });

  it('refuses disbursing beyond the commitment without a reason, and records the reason when given', async () => {
    const op = users.operator;
    const p = (await call(op, 'POST', '/api/v1/pledges', pledge({ currency: 'KRW', amount: 5_000_000_000 }))).json();
    await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 1000, on: '2022-04-01' });
    const over = await call(op, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 1000.01, on: '2022-05-01' });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({ code: 'disbursement_exceeds_commitment', errors: [{ field: '/body/reason' }] });
    const after = (await call(null, 'GET', `/api/v1/pledges/${p.id}`)).json();
    expect(after).toMatchObject({ status: 'committed', disbursed: { amount: 0 } });
    expect(after.steps).toHaveLength(2);
    const ok = await call(op, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 1000.01, on: '2022-05-01', reason: 'exchange-rate difference agreed in writing' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ disbursed: { amount: 1000.01 }, overDisbursementReason: 'exchange-rate difference agreed in writing' });
  });

  it('lets only one of two concurrent disbursements through when together they would exceed the commitment', async () => {
    const op = users.operator;
    const p = (await call(op, 'POST', '/api/v1/pledges', pledge({ currency: 'AZN', amount: 100 }))).json();
    await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 100, on: '2022-04-01' });
    const both = await Promise.all([1, 2].map(() => call(op, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 60, on: '2022-05-01' })));
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    expect((await call(null, 'GET', `/api/v1/pledges/${p.id}`)).json().disbursed.amount).toBe(60);
  });

  it('refuses steps out of order, dated wrongly, or in unknown currencies, writing nothing', async () => {
    const op = users.operator;
    const before = await rows();
    const bad: [object, number, string, string][] = [
      [pledge({ currency: 'XYZ' }), 400, 'unknown_currency', '/body/currency'],
      [pledge({ currency: 'usd' }), 400, 'validation_failed', '/body/currency'],
      [pledge({ country: 'ZZ' }), 400, 'unknown_country', '/body/country'],
      [pledge({ amount: 0 }), 400, 'validation_failed', '/body/amount'],
      [pledge({ amount: 10.005 }), 400, 'validation_failed', '/body/amount'],
      [pledge({ amount: '100' }), 400, 'validation_failed', '/body/amount'],
      [pledge({ pledgedOn: '2999-01-01' }), 400, 'validation_failed', '/body/pledgedOn'],
      [pledge({ engagementId: '00000000-0000-4000-8000-000000000000' }), 400, 'unknown_related_record', '/body/engagementId'],
    ];
    for (const [payload, status, code, field] of bad) {
      const r = await call(op, 'POST', '/api/v1/pledges', payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.json().code).toBe(code);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await rows()).toBe(before);
    const p = (await call(op, 'POST', '/api/v1/pledges', pledge())).json();
    expect((await call(op, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 1, on: '2022-05-01' })).json().code).toBe('pledge_invalid_transition');
    expect((await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 1, on: '2022-02-01' })).json().errors[0].field).toBe('/body/on');
    expect((await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 1, on: '2999-02-01' })).statusCode).toBe(400);
    expect((await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 10, on: '2022-05-01' })).statusCode).toBe(200);
    const twice = await call(op, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 20, on: '2022-05-02' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('pledge_invalid_transition');
    expect((await call(null, 'GET', `/api/v1/pledges/${p.id}`)).json().committed).toEqual({ amount: 10, on: '2022-05-01' });
  });

  it('are recorded and moved by operators and admins only; anyone reads them', async () => {
    const p = (await call(users.admin, 'POST', '/api/v1/pledges', pledge({ country: 'TR', currency: 'EUR' }))).json();
    for (const role of ['mine_action', 'company', 'committee', 'evaluator', 'auditor', 'observer'] as Role[]) {
      expect((await call(users[role], 'POST', '/api/v1/pledges', pledge())).statusCode, role).toBe(403);
      expect((await call(users[role], 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 5, on: '2022-05-01' })).statusCode, role).toBe(403);
    }
    expect((await call(null, 'POST', `/api/v1/pledges/${p.id}/commitment`, { amount: 5, on: '2022-05-01' })).statusCode).toBe(401);
    expect((await call(null, 'GET', `/api/v1/pledges/${p.id}`)).json().status).toBe('pledged');
    const list = (await call(null, 'GET', '/api/v1/pledges?country=TR')).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const stranger = await makeUser(env.deps, { roles: ['company'] });
    expect((await call(stranger, 'POST', `/api/v1/pledges/${p.id}/disbursements`, { amount: 5, on: '2022-05-01' })).statusCode).toBe(403);
  });
});
