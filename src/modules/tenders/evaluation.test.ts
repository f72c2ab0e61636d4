import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { bidder, createPublished, type Member, makeCommittee, memberShare, partner, passDeadline, sealFor } from './test-kit.ts';

let env: TestEnv;
let operator: TestUser, evaluator: TestUser, conflicted: TestUser;
let members: Member[];
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  evaluator = await makeUser(env.deps, { roles: ['evaluator'] });
  conflicted = await makeUser(env.deps, { roles: ['evaluator'] });
  members = await makeCommittee(env, 3);
  await partner(env, 'KR');
}, 240_000);
afterAll(() => env?.close());

const call = (u: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  env.app.inject({ method, url, payload: payload as object, headers: { authorization: u.auth } });

describe('rated evaluation', () => {
  it('ranks by weighted price and quality scores; a conflicted evaluator sees nothing; fewer than k shares open nothing', async () => {
    const t = await createPublished(env, operator, members, { rated: true });
    const lotId = t.lots[0].id;
    const cheap = await bidder(env, 'KR');
    const good = await bidder(env, 'KR');
    await call(cheap, 'POST', `/api/v1/tenders/${t.id}/bids`, { lotIds: [lotId], envelope: await sealFor(t, cheap.orgId!, [{ lotId, amount: 1_000_000 }]) });
    await call(good, 'POST', `/api/v1/tenders/${t.id}/bids`, { lotIds: [lotId], envelope: await sealFor(t, good.orgId!, [{ lotId, amount: 1_100_000 }]) });
    expect(
      (await call(conflicted, 'POST', `/api/v1/tenders/${t.id}/conflict-declarations`, { hasConflict: true, statement: 'My brother runs one of the bidders.' })).statusCode,
    ).toBe(201);
    expect((await call(evaluator, 'POST', `/api/v1/tenders/${t.id}/conflict-declarations`, { hasConflict: false, statement: 'None.' })).statusCode).toBe(201);
    // declared, but still sealed before the opening
    expect((await call(evaluator, 'GET', `/api/v1/tenders/${t.id}/evaluation`)).json().code).toBe('bid_sealed');
    await passDeadline(env, t.id);
    const one = await call(members[2].user, 'POST', `/api/v1/tenders/${t.id}/opening/shares`, { share: await memberShare(env, t.id, members[2]) });
    expect(one.json()).toMatchObject({ opened: false, sharesIn: 1 });
    expect((await call(evaluator, 'GET', `/api/v1/tenders/${t.id}/evaluation`)).json().code).toBe('bid_sealed');
    expect((await call(members[0].user, 'POST', `/api/v1/tenders/${t.id}/opening/shares`, { share: await memberShare(env, t.id, members[0]) })).json().opened).toBe(true);

    expect((await call(conflicted, 'GET', `/api/v1/tenders/${t.id}/evaluation`)).json().code).toBe('conflict_of_interest');
    const ev = (await call(evaluator, 'GET', `/api/v1/tenders/${t.id}/evaluation`)).json();
    const idOf = (org: string) => ev.bids.find((b: { organisationId: string }) => b.organisationId === org).id;
    const bad = await call(evaluator, 'POST', `/api/v1/tenders/${t.id}/scores`, { scores: [{ bidId: idOf(cheap.orgId!), criterionId: 'price', score: 100 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/body/scores/0/criterionId');
    const ok = await call(evaluator, 'POST', `/api/v1/tenders/${t.id}/scores`, {
      scores: [
        { bidId: idOf(cheap.orgId!), criterionId: 'quality', score: 30 },
        { bidId: idOf(good.orgId!), criterionId: 'quality', score: 95, comment: 'Strong method statement' },
      ],
    });
    expect(ok.statusCode).toBe(200);
    const ranking = (await call(operator, 'GET', `/api/v1/tenders/${t.id}/evaluation`)).json().ranking;
    expect(ranking[0].bidId).toBe(idOf(good.orgId!));
    // 60 × (1.0M / 1.1M) + 40 × 0.95
    expect(ranking[0].score).toBeCloseTo(60 * (1_000_000 / 1_100_000) + 38, 1);
    expect(ranking[1].score).toBeCloseTo(60 + 12, 1);
  }, 120_000);
});
