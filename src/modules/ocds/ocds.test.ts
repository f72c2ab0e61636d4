import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { bidder, createPublished, type Member, makeCommittee, memberShare, partner, passDeadline, sealFor } from '../tenders/test-kit.ts';
import { publishRelease } from './service.ts';

/**
 * Releases built from the real tender tables, stage by stage, through the
 * tenders HTTP API; every package validates against the official schema.
 */
let env: TestEnv;
let operator: TestUser, reviewer: TestUser;
let members: Member[];
let buyerOrgId: string;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  const agency = await makeOrg(env.deps, { roles: ['buyer', 'procuringEntity'], name: 'Test Agency' });
  buyerOrgId = agency.id;
  operator = await makeUser(env.deps, { roles: ['operator'], orgId: agency.id });
  const review = await makeOrg(env.deps, { roles: ['reviewBody'], name: 'Review Board' });
  reviewer = await makeUser(env.deps, { roles: ['observer'], orgId: review.id });
  members = await makeCommittee(env, 3);
  await partner(env, 'KR');
  await partner(env, 'AZ');
}, 120_000);
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  env.app.inject({ method, url, payload: payload as object, headers: user ? { authorization: user.auth } : {} });

const ctx = () => env.ctx(operator.actor);
const stage = (ocid: string, tags: string[]) => env.deps.db.transaction().execute((trx) => publishRelease(trx, ctx(), ocid, tags));

type Release = Record<string, any>;
async function latest(ocid: string): Promise<{ release: Release; record: Record<string, any> }> {
  const r = await call(null, 'GET', `/api/v1/ocds/records/${ocid}`);
  expect(r.statusCode).toBe(200);
  const pkg = r.json();
  const v = loadSchemaValidator('ocds/schema/record-package-schema.json').validate(pkg);
  expect(v.errors).toEqual([]);
  const rec = pkg.records[0];
  return { release: rec.releases[rec.releases.length - 1], record: rec };
}

describe('OCDS releases from the tender tables', () => {
  it('publishes every stage, shows nothing about bids before the opening, and validates', async () => {
    const tender = await createPublished(env, operator, members);
    const prefix = (await env.deps.db.selectFrom('programme').select('ocid_prefix').executeTakeFirstOrThrow()).ocid_prefix;
    expect(tender.ocid.startsWith(prefix)).toBe(true);
    const lotId = tender.lots[0].id;
    await stage(tender.ocid, ['planning', 'tender']);
    let { release } = await latest(tender.ocid);
    expect(release).toMatchObject({ ocid: tender.ocid, initiationType: 'tender', tag: ['planning', 'tender'] });
    expect(release.tender).toMatchObject({
      id: tender.id,
      status: 'active',
      procurementMethod: 'open',
      awardCriteria: 'priceOnly',
      title: 'Rebuild the Aghdam water main',
      title_az: 'Ağdam su xəttinin bərpası',
    });
    expect(release.tender.lots).toHaveLength(1);
    expect(release.buyer.name).toBe('Test Agency');
    expect(release.parties.find((p: Release) => p.name === 'Test Agency').roles).toEqual(['buyer', 'procuringEntity']);

    const korean = await bidder(env, 'KR');
    const azeri = await bidder(env, 'AZ');
    const q = await call(korean, 'POST', `/api/v1/tenders/${tender.id}/enquiries`, { question: 'May we use HDPE pipes?' });
    await call(operator, 'POST', `/api/v1/tenders/${tender.id}/enquiries/${q.json().id}/answer`, { answer: 'Yes.' });
    await stage(tender.ocid, ['tenderUpdate']);
    expect((await latest(tender.ocid)).release.tender.enquiries[0]).toMatchObject({ description: 'May we use HDPE pipes?', answer: 'Yes.' });

    for (const [who, amount] of [
      [korean, 987654.32],
      [azeri, 1100000.55],
    ] as const) {
      const r = await call(who, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: await sealFor(tender, who.orgId!, [{ lotId, amount }]) });
      expect(r.statusCode).toBe(201);
    }
    await stage(tender.ocid, ['tenderUpdate']);
    ({ release } = await latest(tender.ocid));
    const text = JSON.stringify(release);
    for (const secret of ['987654', '1100000', korean.orgId!, azeri.orgId!]) expect(text).not.toContain(secret);
    expect(release.bids).toBeUndefined();
    expect(release.tender.tenderers).toBeUndefined();
    expect(release.tender.numberOfTenderers).toBeUndefined();
    const orgNames = (await env.deps.db.selectFrom('organisation').select('name').where('id', 'in', [korean.orgId!, azeri.orgId!]).execute()).map((o) => o.name);
    for (const name of orgNames) expect(text).not.toContain(name);

    await passDeadline(env, tender.id);
    for (const m of members.slice(0, 2)) {
      const r = await call(m.user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: await memberShare(env, tender.id, m) });
      expect(r.statusCode).toBe(200);
    }
    await stage(tender.ocid, ['tenderUpdate']);
    ({ release } = await latest(tender.ocid));
    expect(release.tender.numberOfTenderers).toBe(2);
    expect(release.bids.statistics.find((s: Release) => s.id === 'validBids').value).toBe(2);
    const details = release.bids.details as Release[];
    expect(details.map((d) => d.value.amount).sort((x, y) => x - y)).toEqual([987654.32, 1100000.55]);
    expect(details.every((d) => d.status === 'valid' && d.relatedLots[0] === release.tender.lots[0].id)).toBe(true);
    expect(release.parties.filter((p: Release) => p.roles.includes('tenderer'))).toHaveLength(2);

    const evaluator = await makeUser(env.deps, { roles: ['evaluator'] });
    await call(evaluator, 'POST', `/api/v1/tenders/${tender.id}/conflict-declarations`, { hasConflict: false, statement: 'No ties to any bidder.' });
    const ranking = (await call(evaluator, 'GET', `/api/v1/tenders/${tender.id}/evaluation`)).json().ranking;
    const aw = await call(operator, 'POST', `/api/v1/tenders/${tender.id}/award`, { bidId: ranking[0].bidId, reasons: 'Lowest valid price.' });
    expect(aw.statusCode).toBe(201);
    const comp = await call(azeri, 'POST', `/api/v1/tenders/${tender.id}/complaints`, { grounds: 'The winner lacks the required experience.' });
    expect(comp.statusCode).toBe(201);
    await stage(tender.ocid, ['award']);
    ({ release } = await latest(tender.ocid));
    expect(release.awards[0]).toMatchObject({ status: 'pending', value: { amount: 987654.32, currency: 'AZN' }, relatedBid: ranking[0].bidId });
    expect(release.awards[0].statusDetails).toMatch(/complaint/);
    expect(release.parties.find((p: Release) => p.roles.includes('reviewBody'))?.name).toBe('Review Board');
    expect(release.parties.find((p: Release) => p.roles.includes('supplier'))?.id).toBe(release.awards[0].suppliers[0].id);

    await call(reviewer, 'POST', `/api/v1/complaints/${comp.json().id}/decision`, { decision: 'dismissed', reasons: 'Certificates were provided.' });
    await sql`update award set standstill_ends_at = now() - interval '1 second' where tender_id = ${tender.id}`.execute(env.deps.db);
    expect((await call(operator, 'POST', `/api/v1/tenders/${tender.id}/award/confirm`)).statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/v1/tenders/${tender.id}/contract`, { periodStart: '2027-01-01', periodEnd: '2028-06-30' })).statusCode).toBe(201);
    await stage(tender.ocid, ['contract']);
    const { release: last, record } = await latest(tender.ocid);
    expect(last.awards[0].status).toBe('active');
    expect(last.contracts[0]).toMatchObject({
      status: 'active',
      value: { amount: 987654.32, currency: 'AZN' },
      period: { startDate: '2027-01-01T00:00:00Z', endDate: '2028-06-30T23:59:59Z' },
    });
    expect(last.tender.status).toBe('complete');
    expect(record.compiledRelease.contracts[0].awardID).toBe(last.awards[0].id);
    expect(record.compiledRelease.tender.enquiries).toHaveLength(1);

    const feed = await call(null, 'GET', '/api/v1/ocds/releases?limit=1000');
    expect(loadSchemaValidator('ocds/schema/release-package-schema.json').validate(feed.json()).errors).toEqual([]);
    expect(buyerOrgId).toBeTruthy();
  }, 240_000);

  it('refuses an unknown ocid and writes nothing', async () => {
    await expect(stage('ocds-nothing-0000-00000', ['tender'])).rejects.toThrow(/not found/);
    const n = await sql<{ n: number }>`select count(*)::int as n from ocds_release where ocid = 'ocds-nothing-0000-00000'`.execute(env.deps.db);
    expect(n.rows[0].n).toBe(0);
  });
});
