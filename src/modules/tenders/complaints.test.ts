import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, type TestUser } from '../../../test/helpers/factories.ts';
import { bidder, inEvaluation, type Member, tenderCast, tenderInput } from './test-kit.ts';

/**
 * GET /tenders/:id/complaints: who reads what of a complaint (the complainant, the review body and staff whole; the
 * public and other bidders its status, and grounds and reasons once decided, never who lodged it), and whether the
 * caller may lodge or decide — the same rules the POSTs apply. /outcome shows complaints by the same rule.
 */
let env: TestEnv;
let operator: TestUser, evaluator: TestUser, auditor: TestUser, reviewer: TestUser, winner: TestUser, loser: TestUser, outsider: TestUser;
let members: Member[];
let tenderId = '';

const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  env.app.inject({ method, url, payload: payload as object, headers: user ? { authorization: user.auth } : {} });
const list = async (user: TestUser | null) => {
  const r = await call(user, 'GET', `/api/v1/tenders/${tenderId}/complaints`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as {
    items: { id: string; status: string; grounds: string | null; decision: string | null; complainantOrgId: string | null; complainantName: string | null; mine: boolean }[];
    mayLodge: boolean;
    mayDecide: boolean;
  };
};

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  ({ operator, evaluator, auditor, reviewer, members } = await tenderCast(env));
  winner = await bidder(env, 'KR');
  loser = await bidder(env, 'AZ');
  outsider = await bidder(env, 'AZ');
  // Published, two bids, opened by two members, evaluated: in evaluation, not yet awarded.
  tenderId = (
    await inEvaluation(env, { operator, evaluator, members }, [
      [winner, 1_000_000],
      [loser, 1_200_000],
    ])
  ).id;
}, 240_000);
afterAll(() => env?.close());

describe('GET /api/v1/tenders/:id/complaints', () => {
  it('no complaint can be lodged before the award; a draft or unknown tender is not found', async () => {
    const before = await list(loser);
    expect(before).toEqual({ items: [], mayLodge: false, mayDecide: false });
    expect((await list(reviewer)).mayDecide).toBe(true);
    const draft = await call(operator, 'POST', '/api/v1/tenders', tenderInput(members));
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await call(null, 'GET', `/api/v1/tenders/${draft.json().id}/complaints`)).statusCode).toBe(404);
    expect((await call(null, 'GET', '/api/v1/tenders/00000000-0000-4000-8000-000000000000/complaints')).statusCode).toBe(404);
  });

  it('during the standstill: only a bidder may lodge; the complainant, the review body and staff read it whole, others without the complainant or its grounds', async () => {
    const ranking = (await call(evaluator, 'GET', `/api/v1/tenders/${tenderId}/evaluation`)).json().ranking;
    const aw = await call(operator, 'POST', `/api/v1/tenders/${tenderId}/award`, { bidId: ranking[0].bidId, reasons: 'Lowest valid price.' });
    expect(aw.statusCode, aw.body).toBe(201);
    expect((await list(loser)).mayLodge).toBe(true);
    expect((await list(winner)).mayLodge).toBe(true);
    for (const who of [outsider, operator, reviewer, null]) expect((await list(who)).mayLodge).toBe(false);
    expect((await call(outsider, 'POST', `/api/v1/tenders/${tenderId}/complaints`, { grounds: 'I did not bid but I object.' })).statusCode).toBe(403);

    const grounds = 'The winner lacks the required pipeline experience.';
    const lodge = (body: unknown, key: string) =>
      env.app.inject({ method: 'POST', url: `/api/v1/tenders/${tenderId}/complaints`, payload: body as object, headers: { authorization: loser.auth, 'idempotency-key': key } });
    const filed = await lodge({ grounds }, 'complaint-key-0001');
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id;
    // A retried form (same key) lodges nothing more; the key with other grounds is refused.
    expect((await lodge({ grounds }, 'complaint-key-0001')).json().id).toBe(id);
    expect((await lodge({ grounds: `${grounds} And more.` }, 'complaint-key-0001')).statusCode).toBe(422);

    const own = (await list(loser)).items;
    expect(own).toEqual([expect.objectContaining({ id, status: 'pending', grounds, complainantOrgId: loser.orgId, mine: true })]);
    expect(own[0].complainantName).toMatch(/^Test Org/);
    for (const who of [operator, auditor, reviewer]) {
      const seen = (await list(who)).items[0];
      expect(seen, String(who.roles)).toMatchObject({ grounds, complainantOrgId: loser.orgId, complainantName: own[0].complainantName, mine: false });
    }
    for (const who of [null, winner, outsider]) {
      const seen = (await list(who)).items[0];
      expect(seen, String(who?.roles)).toMatchObject({ id, status: 'pending', grounds: null, complainantOrgId: null, complainantName: null, decision: null, mine: false });
    }
    // The outcome tells the public no more.
    const outcome = (await call(null, 'GET', `/api/v1/tenders/${tenderId}/outcome`)).json();
    expect(outcome.complaints).toEqual([expect.objectContaining({ id, status: 'pending', grounds: null, complainantOrgId: null })]);
    expect(JSON.stringify(outcome)).not.toContain(loser.orgId);
    expect((await call(reviewer, 'GET', `/api/v1/tenders/${tenderId}/outcome`)).json().complaints[0]).toMatchObject({ grounds, complainantOrgId: loser.orgId });

    // Decided: grounds and reasons public, the complainant still not named to the public.
    const reasons = 'Experience certificates were provided with the bid.';
    expect((await call(operator, 'POST', `/api/v1/complaints/${id}/decision`, { decision: 'dismissed', reasons })).statusCode).toBe(403);
    expect((await list(operator)).mayDecide).toBe(false);
    expect((await call(reviewer, 'POST', `/api/v1/complaints/${id}/decision`, { decision: 'dismissed', reasons })).statusCode).toBe(200);
    expect((await list(null)).items[0]).toMatchObject({ status: 'dismissed', grounds, decision: reasons, complainantOrgId: null, complainantName: null });
  });

  it('after the standstill nobody may lodge', async () => {
    await sql`update award set standstill_ends_at = now() - interval '1 second' where tender_id = ${tenderId}`.execute(env.deps.db);
    expect((await list(loser)).mayLodge).toBe(false);
    const late = await call(loser, 'POST', `/api/v1/tenders/${tenderId}/complaints`, { grounds: 'Another objection, too late.' });
    expect(late.statusCode).toBe(409);
  });
});
