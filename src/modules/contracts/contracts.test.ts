import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import type { TestUser } from '../../../test/helpers/factories.ts';
import { callAs, people, rowCount, type Signed, signedContract } from './test-kit.ts';

let env: TestEnv;
let P: Awaited<ReturnType<typeof people>>;
beforeAll(async () => {
  env = await testEnv();
  P = await people(env);
}, 120_000);
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  callAs(env, user, method, url, payload, headers);
const count = (table: string) => rowCount(env, table);

describe('a contract created at signing', () => {
  let c: Signed;
  beforeAll(async () => {
    c = await signedContract(env, P.operator, P.supplier, { value: 2_000_000 });
  });

  it('carries parties, value, period, lots, projects and a history, publicly', async () => {
    const r = await call(null, 'GET', `/api/v1/contracts/${c.id}`);
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v.status).toBe('signed');
    expect(v.value).toEqual({ amount: 2_000_000, currency: 'AZN' });
    expect(v.supplier.id).toBe(P.supplier.orgId);
    expect(v.period).toMatchObject({ startDate: '2026-01-01', endDate: '2027-12-31' });
    expect(v.lots).toHaveLength(1);
    expect(v.projects.map((p: { id: string }) => p.id)).toEqual([c.projectId]);
    expect(v.history).toEqual([expect.objectContaining({ from: null, to: 'signed' })]);
    expect(v.settings).toEqual({ retentionPct: 5, variationThresholdPct: 15, siteToleranceM: 250 });
    const list = await call(null, 'GET', `/api/v1/contracts?supplierOrgId=${P.supplier.orgId}`);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('takes guarantees with issuer, amount and expiry from an operator only, in the contract currency', async () => {
    const g = { kind: 'performance', issuer: 'Kapital Bank', amount: 200_000, currency: 'AZN', expiresOn: '2028-06-30' };
    expect((await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/guarantees`, g)).statusCode).toBe(403);
    const bad = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/guarantees`, { ...g, currency: 'USD' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/body/currency');
    const ok = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/guarantees`, g);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().guarantees).toEqual([expect.objectContaining({ kind: 'performance', issuer: 'Kapital Bank', amount: 200_000, expiresOn: '2028-06-30' })]);
  });
});

describe('milestones', () => {
  let c: Signed;
  let ms: { id: string; status: string; amount: number }[];
  beforeAll(async () => {
    c = await signedContract(env, P.operator, P.supplier, { value: 1_000_000 });
  });

  it('are planned with titles in the programme languages, outputs of the projects and shares ≤ 100%', async () => {
    const homes = c.outputs.find((o) => o.metric === 'homes')!.id;
    const over = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, {
      milestones: [
        { title: { en: 'All' }, dueDate: '2026-06-01', sharePct: 60 },
        { title: { en: 'More' }, dueDate: '2026-07-01', sharePct: 50 },
      ],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().code).toBe('milestone_shares_over_100');
    const foreign = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, {
      milestones: [{ title: { en: 'X' }, dueDate: '2026-06-01', sharePct: 10, outputs: [{ projectOutputId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] }],
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('/body/milestones/0/outputs/0/projectOutputId');
    expect((await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/milestones`, { milestones: [{ title: { en: 'X' }, dueDate: '2026-06-01', sharePct: 10 }] })).statusCode).toBe(
      403,
    );
    expect(await count('milestone')).toBe(0);
    const r = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, {
      milestones: [
        { title: { en: 'Foundations', az: 'Bünövrə', ko: '기초', ru: 'Фундамент' }, dueDate: '2099-03-01', sharePct: 30, outputs: [{ projectOutputId: homes, quantity: 40 }] },
        { title: { en: 'Walls and roofs' }, dueDate: '2099-09-01', sharePct: 50, outputs: [{ projectOutputId: homes, quantity: 80 }] },
        { title: { en: 'Overdue survey' }, dueDate: '2026-02-01', sharePct: 10 },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    ms = r.json().items;
    expect(ms.map((m) => m.status)).toEqual(['scheduled', 'scheduled', 'late']);
    expect(ms.map((m) => m.amount)).toEqual([300_000, 500_000, 100_000]);
    expect(r.json().items[0].outputs[0]).toMatchObject({ metric: 'homes', quantity: 40 });
  });

  it('move scheduled → submitted (supplier only) → accepted or rejected with reasons', async () => {
    expect((await call(P.other, 'POST', `/api/v1/milestones/${ms[0].id}/submit`)).json().code).toBe('not_contract_supplier');
    expect((await call(P.operator, 'POST', `/api/v1/milestones/${ms[0].id}/decision`, { decision: 'accepted' })).json().code).toBe('invalid_state');
    const s = await call(P.supplier, 'POST', `/api/v1/milestones/${ms[0].id}/submit`);
    expect(s.statusCode).toBe(200);
    expect(s.json().status).toBe('submitted');
    expect((await call(P.supplier, 'POST', `/api/v1/milestones/${ms[0].id}/decision`, { decision: 'accepted' })).statusCode).toBe(403);
    const noReason = await call(P.operator, 'POST', `/api/v1/milestones/${ms[0].id}/decision`, { decision: 'rejected' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('/body/reason');
    const rej = await call(P.operator, 'POST', `/api/v1/milestones/${ms[0].id}/decision`, { decision: 'rejected', reason: 'Rebar spacing not to drawing' });
    expect(rej.json()).toMatchObject({ status: 'rejected', reason: 'Rebar spacing not to drawing' });
    await call(P.supplier, 'POST', `/api/v1/milestones/${ms[0].id}/submit`);
    const acc = await call(P.operator, 'POST', `/api/v1/milestones/${ms[0].id}/decision`, { decision: 'accepted' });
    expect(acc.json().status).toBe('accepted');
    const v = (await call(null, 'GET', `/api/v1/contracts/${c.id}`)).json();
    expect(v.status).toBe('in_progress');
    expect(v.history.map((h: { to: string }) => h.to)).toEqual(['signed', 'in_progress']);
  });

  it('accepted twice concurrently: one wins, the other is a clear invalid_state, one audit event', async () => {
    await call(P.supplier, 'POST', `/api/v1/milestones/${ms[1].id}/submit`);
    const before = Number(
      (await sql<{ n: string }>`select count(*) as n from audit_event where action = 'milestone.accept' and entity_id = ${ms[1].id}`.execute(env.deps.db)).rows[0].n,
    );
    const [a, b] = await Promise.all([
      call(P.operator, 'POST', `/api/v1/milestones/${ms[1].id}/decision`, { decision: 'accepted' }),
      call(P.operator2, 'POST', `/api/v1/milestones/${ms[1].id}/decision`, { decision: 'accepted' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.headers['content-type']).toContain('application/problem+json');
    expect(loser.json().code).toBe('invalid_state');
    const after = Number(
      (await sql<{ n: string }>`select count(*) as n from audit_event where action = 'milestone.accept' and entity_id = ${ms[1].id}`.execute(env.deps.db)).rows[0].n,
    );
    expect(after - before).toBe(1);
  });
});
