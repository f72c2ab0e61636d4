import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { bidder, createPublished, type Member, makeCommittee, sealFor } from '../tenders/test-kit.ts';

/**
 * Partner periods as tender eligibility sees them: a partners-only tender
 * takes bids from companies of countries that are partners on the bid day,
 * judged through the periods recorded with this module's API.
 */
let env: TestEnv;
let operator: TestUser;
let members: Member[];
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  members = await makeCommittee(env, 3);
}, 120_000);
afterAll(() => env?.close());

const yesterday = () => new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);

async function period(payload: object) {
  const r = await env.app.inject({ method: 'POST', url: '/api/v1/partners/periods', headers: { authorization: operator.auth }, payload });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function bid(tender: { id: string; lots: { id: string }[]; opening: { publicKey: string } }, user: TestUser) {
  const lotId = tender.lots[0].id;
  const envelope = await sealFor(tender, user.orgId!, [{ lotId, amount: 1000 }]);
  return env.app.inject({ method: 'POST', url: `/api/v1/tenders/${tender.id}/bids`, headers: { authorization: user.auth }, payload: { lotIds: [lotId], envelope } });
}

describe('tender eligibility by partner period', () => {
  it('admits partners of today, refuses non-partners and countries whose partnership has ended', async () => {
    await period({ country: 'KR', validFrom: '2021-08-19', basis: 'Invitation after the meeting in Baku' });
    const it = await period({ country: 'IT', validFrom: '2021-01-01', basis: 'Memorandum' });
    const tender = await createPublished(env, operator, members, { eligibility: 'partners' });

    const korean = await bidder(env, 'KR');
    expect((await bid(tender, korean)).statusCode).toBe(201);

    const german = await bidder(env, 'DE');
    const refused = await bid(tender, german);
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(refused.json().detail).toContain('DE is not a partner');

    // Ending Italy's partnership before today closes partners-only tenders to Italian companies.
    const end = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/partners/periods/${it.id}`,
      headers: { authorization: operator.auth },
      payload: { validTo: yesterday(), reason: 'memorandum expired' },
    });
    expect(end.statusCode).toBe(200);
    const italian = await bidder(env, 'IT');
    expect((await bid(tender, italian)).json().detail).toContain('IT is not a partner');

    // An open tender takes everyone.
    const open = await createPublished(env, operator, members, { eligibility: 'all' });
    expect((await bid(open, german)).statusCode).toBe(201);
  });
});
