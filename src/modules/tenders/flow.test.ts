import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, type TestUser } from '../../../test/helpers/factories.ts';
import { verifyReceipt } from '../../lib/sealing/index.ts';
import { bidder, createPublished, type Member, makeCommittee, memberShare, passDeadline, sealFor, tenderCast } from './test-kit.ts';

let env: TestEnv;
let operator: TestUser, evaluator: TestUser, auditor: TestUser, admin: TestUser, reviewer: TestUser;
let members: Member[];
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  ({ operator, evaluator, auditor, admin, reviewer, members } = await tenderCast(env));
}, 240_000);
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({ method, url, payload: payload as object, headers: { ...(user ? { authorization: user.auth } : {}), ...headers } });

/** Every text and jsonb value of every table, as a `pg_dump` would hold it. */
async function dumpText(): Promise<string> {
  const cols = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and data_type in ('text', 'jsonb', 'json', 'character varying', 'ARRAY', 'USER-DEFINED', 'numeric')`.execute(env.deps.db);
  let out = '';
  for (const c of cols.rows) {
    if (c.table_name === 'spatial_ref_sys') continue;
    const r = await sql<{ v: string | null }>`select ${sql.ref(c.column_name)}::text as v from ${sql.table(c.table_name)}`.execute(env.deps.db);
    out += r.rows.map((x) => x.v ?? '').join('\n');
  }
  return out;
}

describe('the whole tender flow through the HTTP API', () => {
  it('publish → question → Korean bid → replace → deadline → 2-of-3 opening → evaluation → award → complaint → decision → contract', async () => {
    const tender = await createPublished(env, operator, members);
    expect(tender.status).toBe('active');
    expect(tender.ocid).toMatch(/^ocds-[a-z0-9]{6}-\d{4}-\d{5}$/);
    const lotId = tender.lots[0].id;

    // question and answer
    const korean = await bidder(env, 'KR');
    const azeri = await bidder(env, 'AZ');
    const q = await call(korean, 'POST', `/api/v1/tenders/${tender.id}/enquiries`, { question: 'May we use HDPE pipes?' });
    expect(q.statusCode).toBe(201);
    const a = await call(operator, 'POST', `/api/v1/tenders/${tender.id}/enquiries/${q.json().id}/answer`, { answer: 'Yes, PE100 SDR11.' });
    expect(a.statusCode).toBe(200);
    expect((await call(null, 'GET', `/api/v1/tenders/${tender.id}/enquiries`)).json().items[0].answer).toBe('Yes, PE100 SDR11.');

    // Korean bid, retried with the same key: one bid
    const env1 = await sealFor(tender, korean.orgId!, [{ lotId, amount: 1234567.89 }]);
    const key = 'bid-key-korean-0001';
    const b1 = await call(korean, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: env1 }, { 'idempotency-key': key });
    expect(b1.statusCode).toBe(201);
    const again = await call(korean, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: env1 }, { 'idempotency-key': key });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(b1.json().id);
    const pub = (await call(null, 'GET', '/api/v1/receipts/public-key')).json().publicKey;
    expect(await verifyReceipt(pub, b1.json().receipt)).toBe(true);
    const forged = { ...b1.json().receipt, receipt: { ...b1.json().receipt.receipt, receivedAt: '2020-01-01T00:00:00.000Z' } };
    expect(await verifyReceipt(pub, forged)).toBe(false);

    // replace with a lower price
    const env2 = await sealFor(tender, korean.orgId!, [{ lotId, amount: 987654.32 }]);
    const rep = await call(korean, 'PUT', `/api/v1/tenders/${tender.id}/bids/mine`, { lotIds: [lotId], envelope: env2 });
    expect(rep.statusCode).toBe(200);
    expect(rep.json().replacesBidId).toBe(b1.json().id);
    // Azerbaijani competitor, and a bid whose ciphertext was tampered with in transit
    const b2 = await call(azeri, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: await sealFor(tender, azeri.orgId!, [{ lotId, amount: 1100000.55 }]) });
    expect(b2.statusCode).toBe(201);
    const tamperer = await bidder(env, 'KR');
    const good = await sealFor(tender, tamperer.orgId!, [{ lotId, amount: 1050000.11 }]);
    const flipped = good.ct[5] === 'A' ? 'B' : 'A';
    const tampered = { ...good, ct: good.ct.slice(0, 5) + flipped + good.ct.slice(6) };
    expect((await call(tamperer, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: tampered })).statusCode).toBe(201);

    // before the opening nobody reads a price, through any endpoint, nor in a dump
    for (const who of [operator, evaluator, auditor, admin, azeri, members[0].user]) {
      for (const url of [
        `/api/v1/tenders/${tender.id}/evaluation`,
        `/api/v1/tenders/${tender.id}/opening`,
        `/api/v1/tenders/${tender.id}`,
        `/api/v1/tenders/${tender.id}/bids/mine`,
        `/api/v1/tenders/${tender.id}/outcome`,
      ]) {
        const r = await call(who, 'GET', url);
        expect(r.statusCode === 200 && r.body.includes('987654'), `${who.roles} ${url}`).toBe(false);
        expect(r.body).not.toContain('1100000');
      }
    }
    const dump = await dumpText();
    for (const secret of ['987654', '1234567', '1100000', 'SECRETPROPOSAL', 'noCollusion']) expect(dump).not.toContain(secret);

    // the deadline passes; one more bid is refused
    await passDeadline(env, tender.id);
    const late = await bidder(env, 'KR');
    const lateR = await call(late, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: await sealFor(tender, late.orgId!, [{ lotId, amount: 1 }]) });
    expect(lateR.statusCode).toBe(409);
    expect(lateR.json().code).toBe('bid_deadline_passed');

    // 2-of-3 opening: one share opens nothing; repeats, wrong shares and outsiders are refused
    const s0 = await memberShare(env, tender.id, members[0]);
    const s1 = await memberShare(env, tender.id, members[1]);
    const s2 = await memberShare(env, tender.id, members[2]);
    const first = await call(members[0].user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: s0 });
    expect(first.json()).toMatchObject({ opened: false, sharesIn: 1, k: 2 });
    expect((await call(null, 'GET', `/api/v1/tenders/${tender.id}/opening`)).statusCode).toBe(404);
    expect((await call(members[0].user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: s0 })).json().code).toBe('share_already_submitted');
    const outsider = (await makeCommittee(env, 1))[0];
    expect((await call(outsider.user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: s1 })).json().code).toBe('not_committee_member');
    const wrong = await call(members[1].user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: s2 });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('share_invalid');
    const second = await call(members[1].user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: s1 });
    expect(second.statusCode).toBe(200);
    const rec = second.json().record;
    expect(second.json().opened).toBe(true);
    expect(rec.validBids).toBe(2);
    expect(rec.disqualifiedBids).toBe(1);
    const kr = rec.bids.find((b: { bidder: { id: string } }) => b.bidder.id === korean.orgId);
    expect(kr.prices[0]).toMatchObject({ amount: 987654.32, currency: 'AZN' });
    expect(rec.bids.find((b: { bidder: { id: string } }) => b.bidder.id === tamperer.orgId)).toMatchObject({ status: 'disqualified' });
    expect((await call(null, 'GET', `/api/v1/tenders/${tender.id}/opening`)).json().bids).toHaveLength(3);
    expect((await call(null, 'GET', `/api/v1/tenders/${tender.id}`)).json().status).toBe('evaluation');
    expect(await sql`select 1 from opening_share where tender_id = ${tender.id}`.execute(env.deps.db).then((r) => r.rows.length)).toBe(0);

    // evaluation: declare first, then the automatic price ranking
    expect((await call(evaluator, 'GET', `/api/v1/tenders/${tender.id}/evaluation`)).json().code).toBe('conflict_not_declared');
    expect((await call(evaluator, 'POST', `/api/v1/tenders/${tender.id}/conflict-declarations`, { hasConflict: false, statement: 'No ties to any bidder.' })).statusCode).toBe(201);
    const ev = await call(evaluator, 'GET', `/api/v1/tenders/${tender.id}/evaluation`);
    expect(ev.statusCode).toBe(200);
    const winner = ev.json().ranking[0];
    expect(winner.bidId).toBe(rep.json().id);
    expect(winner.total).toBe(987654.32);
    expect((await call(azeri, 'GET', `/api/v1/tenders/${tender.id}/evaluation`)).statusCode).toBe(403);

    // award, complaint suspends it, review body dismisses, standstill ends, contract
    const aw = await call(operator, 'POST', `/api/v1/tenders/${tender.id}/award`, { bidId: winner.bidId, reasons: 'Lowest valid price, price-only criteria.' });
    expect(aw.statusCode).toBe(201);
    expect(aw.json()).toMatchObject({ status: 'pending', supplierOrgId: korean.orgId, value: { amount: 987654.32, currency: 'AZN' } });
    const comp = await call(azeri, 'POST', `/api/v1/tenders/${tender.id}/complaints`, { grounds: 'The winner lacks the required pipeline experience.' });
    expect(comp.statusCode).toBe(201);
    expect((await call(null, 'GET', `/api/v1/tenders/${tender.id}/outcome`)).json().awards[0].status).toBe('suspended');
    expect((await call(operator, 'POST', `/api/v1/tenders/${tender.id}/award/confirm`)).json().code).toBe('complaint_pending');
    expect((await call(operator, 'POST', `/api/v1/complaints/${comp.json().id}/decision`, { decision: 'dismissed', reasons: 'not ours to decide' })).statusCode).toBe(403);
    const dec = await call(reviewer, 'POST', `/api/v1/complaints/${comp.json().id}/decision`, { decision: 'dismissed', reasons: 'Experience certificates were provided.' });
    expect(dec.statusCode).toBe(200);
    expect((await call(operator, 'POST', `/api/v1/tenders/${tender.id}/award/confirm`)).json().code).toBe('standstill_running');
    await sql`update award set standstill_ends_at = now() - interval '1 second' where tender_id = ${tender.id}`.execute(env.deps.db);
    const conf = await call(operator, 'POST', `/api/v1/tenders/${tender.id}/award/confirm`);
    expect(conf.statusCode).toBe(200);
    expect(conf.json().status).toBe('active');
    const ct = await call(operator, 'POST', `/api/v1/tenders/${tender.id}/contract`, { periodStart: '2027-01-01', periodEnd: '2028-06-30' });
    expect(ct.statusCode).toBe(201);
    expect(ct.json()).toMatchObject({ supplierOrgId: korean.orgId, value: { amount: 987654.32, currency: 'AZN' }, period: { startDate: '2027-01-01', endDate: '2028-06-30' } });
    expect((await call(null, 'GET', `/api/v1/tenders/${tender.id}`)).json().status).toBe('complete');
    // each stage published an OCDS release in its own transaction
    const record = await call(null, 'GET', `/api/v1/ocds/records/${tender.ocid}`);
    expect(record.statusCode).toBe(200);
    const tags = (record.json().records[0].releases as { tag: string[] }[]).flatMap((r) => r.tag);
    expect(tags).toEqual(expect.arrayContaining(['tender', 'tenderUpdate', 'award', 'awardUpdate', 'contract']));
    const audit = await sql<{ action: string }>`select action from audit_event where action like 'bid.%' or action like 'opening.%' or action like 'tender.%' order by id`.execute(
      env.deps.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['tender.create', 'tender.publish', 'bid.submit', 'bid.replace', 'opening.open', 'tender.award', 'tender.contract']),
    );
  }, 120_000);
});
