import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg } from '../../../test/helpers/factories.ts';

/** The dashboard figures against a fixture inserted straight into the tender tables. */
let env: TestEnv;
let programmeId: string;
let n = 0;

async function tender(opened: boolean, bids: string[]) {
  const key = `s${++n}`;
  const t = (
    await sql<{ id: string }>`
    insert into tender (ocid, programme_id, title, method, status, enquiry_start, enquiry_end, tender_start, tender_end, opening_at)
    values (${'ocds-test00-' + key}, ${programmeId}, '{"en":"t"}'::jsonb, 'open', ${opened ? 'evaluation' : 'active'},
      '2022-01-01', '2022-01-02', '2022-01-01', '2022-01-03', '2022-01-04') returning id`.execute(env.deps.db)
  ).rows[0].id;
  const lot = (await sql<{ id: string }>`insert into tender_lot (tender_id, ref, title) values (${t}, '1', '{"en":"lot"}'::jsonb) returning id`.execute(env.deps.db)).rows[0].id;
  if (opened) await sql`insert into tender_opening (tender_id, opened_by, record) values (${t}, '{}'::uuid[], '{}'::jsonb)`.execute(env.deps.db);
  const ids: string[] = [];
  for (const status of bids) {
    const org = (await makeOrg(env.deps)).id;
    ids.push(
      (
        await sql<{ id: string }>`insert into bid (tender_id, organisation_id, status, lot_ids, envelope, envelope_sha256)
        values (${t}, ${org}, ${status}, ${[lot]}::uuid[], '{}'::jsonb, ${'0'.repeat(64)}) returning id`.execute(env.deps.db)
      ).rows[0].id,
    );
  }
  return { t, ids };
}

async function contract(t: string, bidId: string, value: number, currency: string, status = 'active') {
  const org = (await sql<{ organisation_id: string }>`select organisation_id from bid where id = ${bidId}`.execute(env.deps.db)).rows[0].organisation_id;
  const award = (
    await sql<{ id: string }>`insert into award (tender_id, bid_id, supplier_org_id, value_amount, value_currency, reasons, status, standstill_ends_at)
    values (${t}, ${bidId}, ${org}, ${value}, ${currency}, 'lowest price', 'active', '2022-02-01') returning id`.execute(env.deps.db)
  ).rows[0].id;
  await sql`insert into contract (tender_id, award_id, supplier_org_id, value_amount, value_currency, signed_at, period_start, period_end, status)
    values (${t}, ${award}, ${org}, ${value}, ${currency}, now(), '2023-01-01', '2026-01-01', ${status})`.execute(env.deps.db);
}

beforeAll(async () => {
  env = await testEnv();
  programmeId = (await ensureProgramme(env.deps)).id;
  const a = await tender(true, ['valid', 'disqualified', 'withdrawn', 'replaced']); // 2 bids count
  const b = await tender(true, ['valid']); // 1
  await tender(true, []); // 0
  await tender(false, ['submitted', 'submitted', 'submitted']); // sealed: not counted at all
  await contract(a.t, a.ids[0], 1000.5, 'AZN');
  await contract(b.t, b.ids[0], 250, 'USD');
}, 120_000);
afterAll(() => env?.close());

describe('GET /api/v1/stats/procurement', () => {
  it('counts bids only for opened tenders and sums money per currency', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/stats/procurement' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      openedTenders: 3,
      averageBidsPerTender: 1,
      histogram: [
        { bids: 0, tenders: 1 },
        { bids: 1, tenders: 1 },
        { bids: 2, tenders: 1 },
      ],
      committed: { amount: 1000.5, currency: 'AZN' },
      committedByCurrency: [
        { currency: 'AZN', amount: 1000.5, contracts: 1 },
        { currency: 'USD', amount: 250, contracts: 1 },
      ],
      spent: null,
    });
  });
});
