import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { bidder, createPublished, type Member, makeCommittee, partner, sealFor, tenderInput } from './test-kit.ts';

let env: TestEnv;
let operator: TestUser;
let members: Member[];
let tender: { id: string; lots: { id: string }[]; opening: { publicKey: string } };
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  members = await makeCommittee(env, 3);
  await partner(env, 'KR');
  tender = await createPublished(env, operator, members);
}, 240_000);
afterAll(() => env?.close());

const bidCount = async (tenderId: string) => Number((await sql<{ n: number }>`select count(*)::int as n from bid where tender_id = ${tenderId}`.execute(env.deps.db)).rows[0].n);
const post = (u: TestUser, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: u.auth, ...headers } });

describe('bids that must be refused, leaving nothing behind', () => {
  it('refuses a company from a non-partner country, and one whose partnership starts tomorrow', async () => {
    const fr = await bidder(env, 'FR');
    const before = await bidCount(tender.id);
    const r = await post(fr, `/api/v1/tenders/${tender.id}/bids`, {
      lotIds: [tender.lots[0].id],
      envelope: await sealFor(tender, fr.orgId!, [{ lotId: tender.lots[0].id, amount: 5 }]),
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('bidder_not_eligible');
    await sql`insert into partner_period (country, valid_from, basis) values ('JP', (now() + interval '2 days')::date, 'test')`.execute(env.deps.db);
    const jp = await bidder(env, 'JP');
    const r2 = await post(jp, `/api/v1/tenders/${tender.id}/bids`, {
      lotIds: [tender.lots[0].id],
      envelope: await sealFor(tender, jp.orgId!, [{ lotId: tender.lots[0].id, amount: 5 }]),
    });
    expect(r2.json().code).toBe('bidder_not_eligible');
    expect(await bidCount(tender.id)).toBe(before);
  });

  it('refuses an unverified company, an unknown lot, a malformed envelope and unknown fields', async () => {
    const unverified = await bidder(env, 'KR', false);
    const env1 = await sealFor(tender, unverified.orgId!, [{ lotId: tender.lots[0].id, amount: 5 }]);
    expect((await post(unverified, `/api/v1/tenders/${tender.id}/bids`, { lotIds: [tender.lots[0].id], envelope: env1 })).json().code).toBe('bidder_not_verified');
    const kr = await bidder(env, 'KR');
    const sealed = await sealFor(tender, kr.orgId!, [{ lotId: tender.lots[0].id, amount: 5 }]);
    const unknownLot = await post(kr, `/api/v1/tenders/${tender.id}/bids`, { lotIds: ['00000000-0000-4000-8000-000000000000'], envelope: sealed });
    expect(unknownLot.statusCode).toBe(400);
    expect(unknownLot.json().errors[0].field).toBe('/body/lotIds/0');
    const bad = await post(kr, `/api/v1/tenders/${tender.id}/bids`, { lotIds: [tender.lots[0].id], envelope: { ...sealed, epk: 'not*base64' } });
    expect(bad.json().code).toBe('invalid_envelope');
    const extra = await post(kr, `/api/v1/tenders/${tender.id}/bids`, { lotIds: [tender.lots[0].id], envelope: sealed, price: 5 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().errors.map((e: { field: string }) => e.field)).toContain('/body/price');
    const notCompany = await post(operator, `/api/v1/tenders/${tender.id}/bids`, { lotIds: [tender.lots[0].id], envelope: sealed });
    expect(notCompany.statusCode).toBe(403);
    expect(await bidCount(tender.id)).toBe(0);
  });

  it('makes one bid from two concurrent submissions, with or without the same idempotency key', async () => {
    const kr = await bidder(env, 'KR');
    const body = { lotIds: [tender.lots[0].id], envelope: await sealFor(tender, kr.orgId!, [{ lotId: tender.lots[0].id, amount: 7 }]) };
    const [a, b] = await Promise.all([post(kr, `/api/v1/tenders/${tender.id}/bids`, body), post(kr, `/api/v1/tenders/${tender.id}/bids`, body)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().code).toBe('bid_exists');
    const kr2 = await bidder(env, 'KR');
    const body2 = { lotIds: [tender.lots[0].id], envelope: await sealFor(tender, kr2.orgId!, [{ lotId: tender.lots[0].id, amount: 8 }]) };
    const h = { 'idempotency-key': 'same-key-concurrent-1' };
    const rs = await Promise.all([1, 2, 3].map(() => post(kr2, `/api/v1/tenders/${tender.id}/bids`, body2, h)));
    expect(rs.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(rs.map((r) => r.json().id)).size).toBe(1);
    const n = await sql<{ n: number }>`select count(*)::int as n from bid where organisation_id = ${kr2.orgId}`.execute(env.deps.db);
    expect(n.rows[0].n).toBe(1);
    const reused = await post(kr2, `/api/v1/tenders/${tender.id}/bids`, { ...body2, lotIds: body2.lotIds }, { 'idempotency-key': 'same-key-concurrent-1', 'x-other': '1' });
    expect(reused.statusCode).toBe(201);
    const other = await post(
      kr2,
      `/api/v1/tenders/${tender.id}/bids`,
      { lotIds: body2.lotIds, envelope: await sealFor(tender, kr2.orgId!, [{ lotId: tender.lots[0].id, amount: 9 }]) },
      h,
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
  });

  it('judges the deadline by the database clock: one second late is refused, just in time accepted', async () => {
    const t = await createPublished(env, operator, members);
    const early = await bidder(env, 'KR');
    await sql`update tender set enquiry_end = now() - interval '1 hour', tender_end = now() + interval '3 seconds', opening_at = now() + interval '1 day' where id = ${t.id}`.execute(
      env.deps.db,
    );
    const ok = await post(early, `/api/v1/tenders/${t.id}/bids`, { lotIds: [t.lots[0].id], envelope: await sealFor(t, early.orgId!, [{ lotId: t.lots[0].id, amount: 3 }]) });
    expect(ok.statusCode).toBe(201);
    await sql`update tender set tender_end = now() - interval '1 second' where id = ${t.id}`.execute(env.deps.db);
    const late = await bidder(env, 'KR');
    const r = await post(late, `/api/v1/tenders/${t.id}/bids`, { lotIds: [t.lots[0].id], envelope: await sealFor(t, late.orgId!, [{ lotId: t.lots[0].id, amount: 3 }]) });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('bid_deadline_passed');
    // withdrawing or replacing after the deadline is refused too
    expect((await env.app.inject({ method: 'DELETE', url: `/api/v1/tenders/${t.id}/bids/mine`, headers: { authorization: early.auth } })).json().code).toBe('bid_deadline_passed');
    expect(await bidCount(t.id)).toBe(1);
  });

  it('lets a bidder withdraw before the deadline and bid again', async () => {
    const kr = await bidder(env, 'KR');
    const body = async (amount: number) => ({ lotIds: [tender.lots[0].id], envelope: await sealFor(tender, kr.orgId!, [{ lotId: tender.lots[0].id, amount }]) });
    expect((await post(kr, `/api/v1/tenders/${tender.id}/bids`, await body(10))).statusCode).toBe(201);
    const w = await env.app.inject({ method: 'DELETE', url: `/api/v1/tenders/${tender.id}/bids/mine`, headers: { authorization: kr.auth } });
    expect(w.json().status).toBe('withdrawn');
    expect((await post(kr, `/api/v1/tenders/${tender.id}/bids`, await body(11))).statusCode).toBe(201);
    const mine = await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${tender.id}/bids/mine`, headers: { authorization: kr.auth } });
    expect(mine.json().items.map((b: { status: string }) => b.status)).toEqual(['withdrawn', 'submitted']);
    expect(mine.body).not.toContain('"ct"');
  });

  it('opens nothing and takes no share before the opening time', async () => {
    const r = await post(members[0].user, `/api/v1/tenders/${tender.id}/opening/shares`, { share: 'AAAA' });
    expect(r.json().code).toBe('opening_too_early');
  });
});

describe('tenders: creation, amendments, visibility', () => {
  it('never makes two tenders from a retried create', async () => {
    const input = tenderInput(members);
    const h = { 'idempotency-key': 'create-tender-retry-1' };
    const [a, b] = await Promise.all([post(operator, '/api/v1/tenders', input, h), post(operator, '/api/v1/tenders', input, h)]);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(a.json().id).toBe(b.json().id);
    const n = await sql<{ n: number }>`select count(*)::int as n from tender where id = ${a.json().id} or ocid = ${b.json().ocid}`.execute(env.deps.db);
    expect(n.rows[0].n).toBe(1);
  });

  it('names bad periods, criteria and committee; refuses other roles; hides drafts', async () => {
    const input = tenderInput(members);
    const r = await post(operator, '/api/v1/tenders', {
      ...input,
      openingDate: new Date(Date.now() - 86400_000).toISOString(),
      awardCriteria: 'ratedCriteria',
      criteria: [{ id: 'price', name: 'Price', weight: 50 }],
      committee: { ...input.committee, k: 4 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['/body/openingDate', '/body/criteria', '/body/committee/k']));
    const company = await bidder(env, 'KR');
    expect((await post(company, '/api/v1/tenders', input)).statusCode).toBe(403);
    const notCommittee = await post(operator, '/api/v1/tenders', { ...input, committee: { memberUserIds: [operator.id], k: 1 } });
    expect(notCommittee.json().errors[0].field).toBe('/body/committee/memberUserIds');
    const draft = (await post(operator, '/api/v1/tenders', input)).json();
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${draft.id}` })).statusCode).toBe(404);
    expect((await post(operator, `/api/v1/tenders/${draft.id}/publish`, undefined)).json().code).toBe('invalid_state');
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/tenders' })).json().items.some((t: { id: string }) => t.id === draft.id)).toBe(false);
    // its committee sees it (they hold the key ceremony), through the list and directly
    const asMember = await env.app.inject({ method: 'GET', url: '/api/v1/tenders', headers: { authorization: members[0].user.auth } });
    expect(asMember.json().items.some((t: { id: string }) => t.id === draft.id)).toBe(true);
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${draft.id}`, headers: { authorization: members[1].user.auth } })).statusCode).toBe(200);
    const unknownProject = await post(operator, '/api/v1/tenders', { ...input, projectIds: ['00000000-0000-4000-8000-000000000001'] });
    expect(unknownProject.statusCode).toBe(400);
    expect(unknownProject.json().errors[0].field).toBe('/body/projectIds/0');
  });

  it('requires a material amendment near the deadline to extend it by the window', async () => {
    const t = await createPublished(env, operator, members);
    await sql`update tender set enquiry_end = now() + interval '1 hour', tender_end = now() + interval '2 days', opening_at = now() + interval '3 days' where id = ${t.id}`.execute(
      env.deps.db,
    );
    const url = `/api/v1/tenders/${t.id}/amendments`;
    const refused = await post(operator, url, { reason: 'Bill of quantities corrected', changes: { value: { amount: 6_000_000, currency: 'AZN' } } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('amendment_needs_extension');
    expect(refused.json().errors[0].field).toBe('/body/changes/tenderEndDate');
    const short = await post(operator, url, {
      reason: 'Bill of quantities corrected',
      changes: {
        value: { amount: 6_000_000, currency: 'AZN' },
        tenderEndDate: new Date(Date.now() + 4 * 86400_000).toISOString(),
        openingDate: new Date(Date.now() + 10 * 86400_000).toISOString(),
      },
    });
    expect(short.json().code).toBe('amendment_needs_extension');
    const ok = await post(operator, url, {
      reason: 'Bill of quantities corrected',
      changes: {
        value: { amount: 6_000_000, currency: 'AZN' },
        tenderEndDate: new Date(Date.now() + 5 * 86400_000 + 60_000).toISOString(),
        openingDate: new Date(Date.now() + 10 * 86400_000).toISOString(),
      },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().amendment).toMatchObject({ seq: 1, material: true });
    const title = await post(operator, url, { reason: 'Typo in the title', changes: { title: { en: 'Rebuild the Aghdam water mains' } } });
    expect(title.statusCode).toBe(201);
    expect(title.json().amendment.material).toBe(false);
    const list = await env.app.inject({ method: 'GET', url });
    expect(list.json().items.map((a: { reason: string }) => a.reason)).toEqual(['Bill of quantities corrected', 'Typo in the title']);
    expect((await post(operator, url, { reason: 'no changes', changes: {} })).statusCode).toBe(400);
  });
});
