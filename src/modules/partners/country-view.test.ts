import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg } from '../../../test/helpers/factories.ts';

/**
 * The country figures against numbers worked out by hand on a small fixture
 * inserted straight into the tables of the organisations, projects and
 * tenders modules. The programme's time zone is Asia/Baku (UTC+4), so a bid
 * received at 21:00 UTC on 31 December counts in the next year.
 */
let env: TestEnv;
const id: Record<string, string> = {};

async function one<T = { id: string }>(q: ReturnType<typeof sql<T>>) {
  return (await q.execute(env.deps.db)).rows[0];
}

async function project(code: string, sectors: string[]) {
  return (
    await one(sql<{ id: string }>`
    insert into project (code, oc4ids_id, title, sector, type, status, location, centroid, budget_amount, budget_currency, sort_date, search_vec)
    values (${code}, ${'oc4ids-test00-' + code}, ${JSON.stringify({ en: code })}::jsonb, ${sectors}::text[], 'construction', 'implementation',
      ST_SetSRID(ST_MakePoint(47, 40), 4326), ST_SetSRID(ST_MakePoint(47, 40), 4326), 1000, 'AZN', '2023-01-01', to_tsvector('simple', ${code}))
    returning id`)
  ).id;
}

async function tender(key: string, programmeId: string, projects: string[], opened: boolean) {
  const t = (
    await one(sql<{ id: string }>`
    insert into tender (ocid, programme_id, title, method, status, enquiry_start, enquiry_end, tender_start, tender_end, opening_at)
    values (${'ocds-test00-' + key}, ${programmeId}, '{"en":"t"}'::jsonb, 'open', ${opened ? 'evaluation' : 'active'},
      '2022-01-01', '2022-01-02', '2022-01-01', '2022-01-03', '2022-01-04')
    returning id`)
  ).id;
  id[`lot${key}`] = (await one(sql<{ id: string }>`insert into tender_lot (tender_id, ref, title) values (${t}, '1', '{"en":"lot"}'::jsonb) returning id`)).id;
  for (const p of projects) await sql`insert into tender_project (tender_id, project_id) values (${t}, ${p})`.execute(env.deps.db);
  if (opened) await sql`insert into tender_opening (tender_id, opened_by, record) values (${t}, '{}'::uuid[], '{}'::jsonb)`.execute(env.deps.db);
  return t;
}

async function bid(tenderKey: string, org: string, status: string, receivedAt: string, price?: [number, string]) {
  const b = (
    await one(sql<{ id: string }>`
    insert into bid (tender_id, organisation_id, status, lot_ids, received_at, envelope, envelope_sha256)
    values (${id[tenderKey]}, ${org}, ${status}, ${[id[`lot${tenderKey}`]]}::uuid[], ${receivedAt}::timestamptz, '{}'::jsonb, ${'0'.repeat(64)})
    returning id`)
  ).id;
  if (price) await sql`insert into bid_price (bid_id, lot_id, amount, currency) values (${b}, ${id[`lot${tenderKey}`]}, ${price[0]}, ${price[1]})`.execute(env.deps.db);
  return b;
}

async function contract(tenderKey: string, bidId: string, org: string, value: number, currency: string, signedAt: string) {
  const award = (
    await one(sql<{ id: string }>`
    insert into award (tender_id, bid_id, supplier_org_id, value_amount, value_currency, reasons, status, standstill_ends_at)
    values (${id[tenderKey]}, ${bidId}, ${org}, ${value}, ${currency}, 'lowest price', 'active', '2022-02-01') returning id`)
  ).id;
  await sql`
    insert into contract (tender_id, award_id, supplier_org_id, value_amount, value_currency, signed_at, period_start, period_end)
    values (${id[tenderKey]}, ${award}, ${org}, ${value}, ${currency}, ${signedAt}::timestamptz, '2023-01-01', '2026-01-01')`.execute(env.deps.db);
}

async function pledge(country: string, currency: string, pledged: number, committed: number | null, disbursed: number) {
  const status = disbursed > 0 ? 'disbursed' : committed !== null ? 'committed' : 'pledged';
  return (
    await one(sql<{ id: string }>`
    insert into pledge (country, pledger, description, currency, status, pledged_amount, pledged_on, committed_amount, committed_on, disbursed_amount)
    values (${country}, 'Agency', '{"en":"p"}'::jsonb, ${currency}, ${status}, ${pledged}, '2022-01-01', ${committed}, ${committed === null ? null : '2022-02-01'}, ${disbursed})
    returning id`)
  ).id;
}

beforeAll(async () => {
  env = await testEnv();
  const programme = await ensureProgramme(env.deps);
  await sql`update programme set timezone = 'Asia/Baku'`.execute(env.deps.db);
  id.a = (await makeOrg(env.deps, { country: 'KR', name: 'Alpha KR' })).id;
  id.b = (await makeOrg(env.deps, { country: 'KR', name: 'Beta KR' })).id;
  id.c = (await makeOrg(env.deps, { country: 'KR', name: 'Gamma KR', verified: false })).id;
  id.d = (await makeOrg(env.deps, { country: 'TR', name: 'Delta TR' })).id;
  // An embassy is an organisation of the country but not a company: counted and listed nowhere.
  await makeOrg(env.deps, { country: 'KR', name: 'Embassy KR', roles: [] });
  // Tender 1 serves two projects: the lower code (A-ROAD) gives the sector.
  id.p1 = await project('A-ROAD', ['transport.road', 'water']);
  id.p2 = await project('B-SCHOOL', ['education']);
  id.p3 = await project('C-HOUSE', ['housing']);
  id.t1 = await tender('t1', programme.id, [id.p2, id.p1], true);
  id.t2 = await tender('t2', programme.id, [id.p2], true);
  id.t3 = await tender('t3', programme.id, [], true);
  id.t4 = await tender('t4', programme.id, [id.p3], false);

  const a1 = await bid('t1', id.a, 'valid', '2023-03-10T08:00:00Z', [1000, 'AZN']);
  await bid('t1', id.b, 'disqualified', '2023-03-11T08:00:00Z', [900, 'AZN']);
  await bid('t1', id.d, 'valid', '2023-03-12T08:00:00Z', [950, 'AZN']); // Turkish: not counted for KR
  const a2 = await bid('t2', id.a, 'valid', '2024-12-31T21:00:00Z', [500, 'USD']); // 1 January 2025 in Baku
  await bid('t3', id.a, 'withdrawn', '2024-05-01T08:00:00Z');
  const b3 = await bid('t3', id.b, 'valid', '2024-05-01T09:00:00Z', [100, 'AZN']);
  const a4 = await bid('t4', id.a, 'submitted', '2024-06-01T08:00:00Z'); // still sealed: not counted
  const d4 = await bid('t4', id.d, 'valid', '2024-06-01T08:00:00Z', [70, 'AZN']);
  void a4;
  await contract('t1', a1, id.a, 1000.5, 'AZN', '2023-06-01T10:00:00Z');
  await contract('t2', a2, id.a, 500, 'USD', '2025-02-01T10:00:00Z');
  await contract('t3', b3, id.b, 100, 'AZN', '2023-12-31T22:00:00Z'); // 1 January 2024 in Baku
  await contract('t4', d4, id.d, 70, 'AZN', '2024-07-01T10:00:00Z');

  const krUsd = await pledge('KR', 'USD', 1000, 800, 300);
  await pledge('KR', 'USD', 200, null, 0);
  await pledge('KR', 'KRW', 5_000_000, 5_000_000, 0);
  const trEur = await pledge('TR', 'EUR', 50, null, 0);
  await sql`insert into project_funding (project_id, position, source_type, country, amount, currency) values (${id.p1}, 0, 'partner_country', 'KR', 200, 'USD')`.execute(
    env.deps.db,
  );
  await sql`insert into project_funding (project_id, position, source_type, pledge_id, amount, currency) values (${id.p2}, 0, 'donor', ${krUsd}, 300, 'USD')`.execute(env.deps.db);
  await sql`insert into project_funding (project_id, position, source_type, country, pledge_id, amount, currency) values (${id.p3}, 0, 'partner_country', 'TR', ${trEur}, 50, 'EUR')`.execute(
    env.deps.db,
  );

  await sql`insert into engagement (country, kind, status, title, summary, starts_on) values
    ('KR', 'meeting', 'held', '{"en":"First"}'::jsonb, '{}'::jsonb, '2021-08-19'),
    ('KR', 'forum', 'held', '{"en":"Second"}'::jsonb, '{}'::jsonb, '2023-04-01'),
    ('TR', 'visit', 'held', '{"en":"Other"}'::jsonb, '{}'::jsonb, '2022-04-01')`.execute(env.deps.db);
  await sql`insert into partner_period (country, valid_from, basis) values ('KR', '2021-08-19', 'invitation')`.execute(env.deps.db);
}, 120_000);
afterAll(() => env?.close());

describe('country view', () => {
  it('gives Korea’s figures as computed by hand', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/countries/KR' });
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v.names.en).toBe('South Korea');
    expect(v.partner.current).toBe(true);
    expect(v.engagements.map((e: { title: { en: string } }) => e.title.en)).toEqual(['Second', 'First']);
    expect(v.companies).toMatchObject({ registered: 3, verified: 2 });
    expect(v.companies.items.map((o: { name: string }) => o.name)).toEqual(['Alpha KR', 'Beta KR']);

    // Opened bids by KR companies: t1 a (1000 AZN) and b (900 AZN) in 2023, road; t3 b (100 AZN) in 2024, no project;
    // t2 a (500 USD) on 1 January 2025 Baku time, education. The withdrawn bid and the sealed bid on t4 do not count.
    expect(v.bids).toEqual({
      count: 4,
      value: [
        { currency: 'AZN', amount: 2000 },
        { currency: 'USD', amount: 500 },
      ],
      byYearSector: [
        { year: 2023, sector: 'transport.road', count: 2, value: [{ currency: 'AZN', amount: 1900 }] },
        { year: 2024, sector: null, count: 1, value: [{ currency: 'AZN', amount: 100 }] },
        { year: 2025, sector: 'education', count: 1, value: [{ currency: 'USD', amount: 500 }] },
      ],
    });
    // Contracts won by KR suppliers; the Turkish contract on t4 is not theirs.
    expect(v.contracts).toEqual({
      count: 3,
      value: [
        { currency: 'AZN', amount: 1100.5 },
        { currency: 'USD', amount: 500 },
      ],
      byYearSector: [
        { year: 2023, sector: 'transport.road', count: 1, value: [{ currency: 'AZN', amount: 1000.5 }] },
        { year: 2024, sector: null, count: 1, value: [{ currency: 'AZN', amount: 100 }] },
        { year: 2025, sector: 'education', count: 1, value: [{ currency: 'USD', amount: 500 }] },
      ],
    });
    // Funded directly (A-ROAD) and through a KR pledge (B-SCHOOL); C-HOUSE is Turkish money.
    expect(v.fundedProjects.items.map((f: { code: string; amount: number }) => [f.code, f.amount])).toEqual([
      ['A-ROAD', 200],
      ['B-SCHOOL', 300],
    ]);
    expect(v.fundedProjects.total).toEqual([{ currency: 'USD', amount: 500 }]);
    expect(v.pledges).toEqual([
      { currency: 'KRW', pledges: 1, pledged: 5_000_000, committed: 5_000_000, disbursed: 0 },
      { currency: 'USD', pledges: 2, pledged: 1200, committed: 800, disbursed: 300 },
    ]);
  });

  it('gives Türkiye its own figures and answers empty for a country with nothing yet', async () => {
    const tr = (await env.app.inject({ method: 'GET', url: '/api/v1/countries/TR' })).json();
    // Only the bid on t1 counts: t4 has no opening record, so its bids are still sealed.
    expect(tr.bids.count).toBe(1);
    expect(tr.bids.value).toEqual([{ currency: 'AZN', amount: 950 }]);
    expect(tr.contracts.byYearSector).toEqual([{ year: 2024, sector: 'housing', count: 1, value: [{ currency: 'AZN', amount: 70 }] }]);
    expect(tr.fundedProjects.items.map((f: { code: string }) => f.code)).toEqual(['C-HOUSE']);
    expect(tr.partner).toEqual({ current: false, periods: [] });
    const fr = (await env.app.inject({ method: 'GET', url: '/api/v1/countries/FR' })).json();
    expect(fr).toMatchObject({ engagements: [], companies: { registered: 0, verified: 0, items: [] }, bids: { count: 0, value: [], byYearSector: [] }, pledges: [] });
  });

  it('answers unknown and malformed codes with problems, not errors', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/v1/countries/XK' })).statusCode).toBe(404);
    const bad = await env.app.inject({ method: 'GET', url: '/api/v1/countries/korea' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/params/code');
  });
});
