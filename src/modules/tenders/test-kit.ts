/**
 * Test-only helpers shared by the tender test files: a tender input, a
 * committee with real keys, and sealing a bid as a real client would.
 * Member private keys live only in memory here.
 */
import { sql } from 'kysely';
import type { TestEnv } from '../../../test/helpers/app.ts';
import { makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { decryptShare, encodeBidPayload, encryptShare, generateX25519KeyPair, type SealedEnvelope, sealBid, shareSha256, splitKey } from '../../lib/sealing/index.ts';

export interface Member {
  user: TestUser;
  keys: { publicKey: string; privateKey: string };
}

export async function makeCommittee(env: TestEnv, n = 3): Promise<Member[]> {
  const out: Member[] = [];
  for (let i = 0; i < n; i++) {
    const user = await makeUser(env.deps, { roles: ['committee'] });
    const keys = await generateX25519KeyPair();
    const r = await env.app.inject({ method: 'PUT', url: '/api/v1/committee/key', headers: { authorization: user.auth }, payload: { publicKey: keys.publicKey } });
    if (r.statusCode !== 200) throw new Error(r.body);
    out.push({ user, keys });
  }
  return out;
}

/**
 * The programme's people around a tender, in one call: operator, evaluator, auditor, administrator, a user of a
 * review-body organisation (any user role: the review body is the organisation's role), a committee of three with
 * real keys, and Korea and Azerbaijan as partner countries.
 */
export async function tenderCast(env: TestEnv) {
  const [operator, evaluator, auditor, admin] = [
    await makeUser(env.deps, { roles: ['operator'] }),
    await makeUser(env.deps, { roles: ['evaluator'] }),
    await makeUser(env.deps, { roles: ['auditor'] }),
    await makeUser(env.deps, { roles: ['admin'] }),
  ];
  const review = await makeOrg(env.deps, { roles: ['reviewBody'] });
  const reviewer = await makeUser(env.deps, { roles: ['observer'], orgId: review.id });
  const members = await makeCommittee(env, 3);
  await partner(env, 'KR');
  await partner(env, 'AZ');
  return { operator, evaluator, auditor, admin, reviewer, members };
}

export function tenderInput(
  members: Member[],
  o: { k?: number; eligibility?: 'all' | 'partners'; lots?: number; standstillDays?: number; rated?: boolean; projectIds?: string[] } = {},
) {
  const now = Date.now();
  return {
    title: { en: 'Rebuild the Aghdam water main', az: 'Ağdam su xəttinin bərpası' },
    description: { en: 'Pipes, pumps and reservoirs.' },
    projectIds: o.projectIds ?? [],
    method: 'open' as const,
    eligibility: o.eligibility ?? 'partners',
    awardCriteria: o.rated ? ('ratedCriteria' as const) : ('priceOnly' as const),
    ...(o.rated
      ? {
          criteria: [
            { id: 'price', name: 'Price', weight: 60 },
            { id: 'quality', name: 'Technical quality', weight: 40 },
          ],
        }
      : {}),
    value: { amount: 5_000_000, currency: 'AZN' },
    lots: Array.from({ length: o.lots ?? 1 }, (_, i) => ({ title: { en: `Lot ${i + 1}` }, value: { amount: 2_000_000, currency: 'AZN' } })),
    enquiryPeriod: { startDate: new Date(now - 3600_000).toISOString(), endDate: new Date(now + 3 * 86400_000).toISOString() },
    tenderPeriod: { startDate: new Date(now - 3600_000).toISOString(), endDate: new Date(now + 20 * 86400_000).toISOString() },
    openingDate: new Date(now + 20 * 86400_000).toISOString(),
    standstillDays: o.standstillDays ?? 10,
    committee: { memberUserIds: members.map((m) => m.user.id), k: o.k ?? 2 },
  };
}

/** What the chair's tool does: generate, split, seal each share to its member, upload the public half. */
export async function setupKey(env: TestEnv, tenderId: string, members: Member[], k = 2) {
  const opening = await generateX25519KeyPair();
  const shares = await splitKey(opening.privateKey, members.length, k);
  const payload = {
    openingPublicKey: opening.publicKey,
    k,
    n: members.length,
    shares: await Promise.all(
      members.map(async (m, i) => ({
        memberUserId: m.user.id,
        encryptedShare: await encryptShare(m.keys.publicKey, shares[i], { tenderId, memberUserId: m.user.id }),
        shareSha256: await shareSha256(shares[i]),
      })),
    ),
  };
  const r = await env.app.inject({ method: 'PUT', url: `/api/v1/tenders/${tenderId}/opening-key`, headers: { authorization: members[0].user.auth }, payload });
  if (r.statusCode !== 200) throw new Error(r.body);
  return opening;
}

export async function createPublished(env: TestEnv, operator: TestUser, members: Member[], o: Parameters<typeof tenderInput>[1] = {}) {
  const c = await env.app.inject({ method: 'POST', url: '/api/v1/tenders', headers: { authorization: operator.auth }, payload: tenderInput(members, o) });
  if (c.statusCode !== 201) throw new Error(c.body);
  const t = c.json();
  await setupKey(env, t.id, members, o.k ?? 2);
  const p = await env.app.inject({ method: 'POST', url: `/api/v1/tenders/${t.id}/publish`, headers: { authorization: operator.auth } });
  if (p.statusCode !== 200) throw new Error(p.body);
  return p.json();
}

export async function sealFor(tender: { id: string; opening: { publicKey: string } }, orgId: string, prices: { lotId: string; amount: number }[]): Promise<SealedEnvelope> {
  const bytes = encodeBidPayload({
    lots: prices.map((p) => ({ lotId: p.lotId, price: { amount: p.amount, currency: 'AZN' } })),
    technicalProposal: { documents: [{ title: 'Method statement SECRETPROPOSAL', sha256: 'a'.repeat(64) }] },
    declarations: { noCollusion: true },
  });
  return sealBid(tender.opening.publicKey, bytes, { tenderId: tender.id, bidderOrgId: orgId });
}

export async function bidder(env: TestEnv, country: string, verified = true) {
  const org = await makeOrg(env.deps, { country, verified });
  return makeUser(env.deps, { roles: ['company'], orgId: org.id });
}

/** Make the deadline (and opening time) pass, by the database clock. */
export async function passDeadline(env: TestEnv, tenderId: string) {
  await sql`update tender set enquiry_end = now() - interval '2 seconds', tender_end = now() - interval '1 second', opening_at = now() - interval '1 second' where id = ${tenderId}`.execute(
    env.deps.db,
  );
}

export async function memberShare(env: TestEnv, tenderId: string, m: Member): Promise<string> {
  const r = await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${tenderId}/opening/my-share`, headers: { authorization: m.user.auth } });
  if (r.statusCode !== 200) throw new Error(r.body);
  return decryptShare(m.keys.privateKey, r.json().encryptedShare, { tenderId, memberUserId: m.user.id });
}

/**
 * A tender published and taken to evaluation: each bidder's sealed price for the first lot, the deadline passed by
 * the database clock, two members' shares (the bids open), the evaluator's conflict declaration. Not yet awarded.
 */
export async function inEvaluation(
  env: TestEnv,
  cast: { operator: TestUser; evaluator: TestUser; members: Member[] },
  offers: [TestUser, number][],
  o: Parameters<typeof tenderInput>[1] = {},
) {
  const tender = await createPublished(env, cast.operator, cast.members, o);
  const lotId = tender.lots[0].id as string;
  const call = (who: TestUser, url: string, payload: object) => env.app.inject({ method: 'POST', url, headers: { authorization: who.auth }, payload });
  for (const [who, amount] of offers) {
    const r = await call(who, `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: await sealFor(tender, who.orgId!, [{ lotId, amount }]) });
    if (r.statusCode !== 201) throw new Error(r.body);
  }
  await passDeadline(env, tender.id);
  for (const m of cast.members.slice(0, 2)) {
    const r = await call(m.user, `/api/v1/tenders/${tender.id}/opening/shares`, { share: await memberShare(env, tender.id, m) });
    if (r.statusCode !== 200) throw new Error(r.body);
  }
  const d = await call(cast.evaluator, `/api/v1/tenders/${tender.id}/conflict-declarations`, { hasConflict: false, statement: 'No ties to any bidder.' });
  if (d.statusCode !== 201) throw new Error(d.body);
  return tender as { id: string; lots: { id: string }[] };
}

export async function partner(env: TestEnv, country: string, from = '2020-01-01') {
  await sql`insert into partner_period (country, valid_from, basis) values (${country}, ${from}::date, 'test')`.execute(env.deps.db);
}
