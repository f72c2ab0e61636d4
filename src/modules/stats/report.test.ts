import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeOrg, type TestUser } from '../../../test/helpers/factories.ts';
import { people, signedContract, square } from '../contracts/test-kit.ts';
import * as projects from '../projects/service.ts';
import { projectInput } from '../projects/test-helpers.ts';

/**
 * GET /api/v1/stats/report: the programme report's tables in one answer.
 * A district with three projects (one cancelled), a Korean pledge funding a
 * project whose contract is signed and partly paid from it, a second Korean
 * pledge in another currency, and Japan as a past partner with nothing yet.
 */
let env: TestEnv;
let operator: TestUser;
let districtId: string;

async function setDistrict(projectId: string) {
  await sql`update project set district_id = ${districtId}::uuid where id = ${projectId}::uuid`.execute(env.deps.db);
}

beforeAll(async () => {
  env = await testEnv();
  const u = await people(env);
  operator = u.operator;
  districtId = (
    await sql<{ id: string }>`insert into area (code, level, name, geom)
      values ('T-RPT', 'district', '{"en":"Report district"}'::jsonb, st_setsrid(st_geomfromgeojson(${JSON.stringify(square(47.1, 39.6, 0.2))}), 4326))
      returning id`.execute(env.deps.db)
  ).rows[0].id;
  const call = async (url: string, payload: unknown) => {
    const r = await env.app.inject({ method: 'POST', url, headers: { authorization: operator.auth }, payload: payload as object });
    if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const pledge = await call('/api/v1/pledges', { country: 'KR', pledger: 'KOICA', description: { en: 'Housing' }, currency: 'AZN', amount: 3_000_000, pledgedOn: '2026-01-10' });
  await call('/api/v1/pledges', { country: 'KR', pledger: 'KEXIM', description: { en: 'Roads' }, currency: 'USD', amount: 100, pledgedOn: '2026-01-11' });

  // The signed contract's project (budget 1,000,000 AZN), funded by the AZN pledge; a second supplier company in Korea bids nothing.
  const signed = await signedContract(env, operator, u.supplier, { value: 1_000_000 });
  await makeOrg(env.deps, { country: 'KR', roles: ['tenderer'] });
  await makeOrg(env.deps, { country: 'KR', roles: ['buyer'] }); // an embassy or ministry: not a company
  await setDistrict(signed.projectId);
  await sql`insert into project_funding (project_id, position, source_type, country, pledge_id, amount, currency)
    values (${signed.projectId}, 90, 'partner_country', 'KR', ${pledge.id}, 500000, 'AZN')`.execute(env.deps.db);
  await sql`insert into payment (contract_id, kind, gross_amount, net_amount, currency, status, paid_on, funding_source, pledge_id)
    values (${signed.id}, 'retention', 760000, 760000, 'AZN', 'paid', '2026-11-28', 'partner_country', ${pledge.id})`.execute(env.deps.db);
  // A payment not yet made does not count.
  await sql`insert into payment (contract_id, kind, gross_amount, net_amount, currency, status, pledge_id)
    values (${signed.id}, 'retention', 5000, 5000, 'AZN', 'requested', ${pledge.id})`.execute(env.deps.db);

  const usd = await projects.create(env.ctx(operator.actor), projectInput({ budget: { amount: 200, currency: 'USD' } }));
  await setDistrict(usd.id);
  const cancelled = await projects.create(env.ctx(operator.actor), projectInput({ budget: { amount: 999, currency: 'AZN' } }));
  await setDistrict(cancelled.id);
  await sql`update project set status = 'cancelled' where id = ${cancelled.id}::uuid`.execute(env.deps.db);

  await sql`insert into partner_period (country, valid_from, valid_to, basis) values ('JP', '2020-01-01', '2021-01-01', 'test')`.execute(env.deps.db);
}, 180_000);
afterAll(() => env?.close());

describe('GET /api/v1/stats/report', () => {
  it('answers anonymously with projects and budgets per district, and the money, companies and bids won per partner country', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/stats/report' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(Date.parse(body.asOf)).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(body.districts).toEqual([
      {
        districtId,
        code: 'T-RPT',
        projects: 2,
        budget: [
          { currency: 'AZN', amount: 1_000_000 },
          { currency: 'USD', amount: 200 },
        ],
      },
    ]);
    const byCode = Object.fromEntries(body.countries.map((c: { country: string }) => [c.country, c]));
    expect(Object.keys(byCode).sort()).toEqual(['JP', 'KR']);
    expect(byCode.KR).toEqual({
      country: 'KR',
      current: false,
      pledged: [
        { currency: 'AZN', amount: 3_000_000 },
        { currency: 'USD', amount: 100 },
      ],
      contracted: [{ currency: 'AZN', amount: 1_000_000 }],
      paid: [{ currency: 'AZN', amount: 760_000 }],
      companies: 2,
      bidsWon: 1,
    });
    expect(byCode.JP).toEqual({ country: 'JP', current: false, pledged: [], contracted: [], paid: [], companies: 0, bidsWon: 0 });
  });

  it('leaves out a terminated contract and counts a contract once when two pledges of a country fund its project', async () => {
    const second = await env.app.inject({
      method: 'POST',
      url: '/api/v1/pledges',
      headers: { authorization: operator.auth },
      payload: { country: 'KR', pledger: 'KOICA', description: { en: 'More housing' }, currency: 'AZN', amount: 10, pledgedOn: '2026-02-01' },
    });
    expect(second.statusCode, second.body).toBe(201);
    const project = (await sql<{ project_id: string }>`select project_id from project_funding where position = 90`.execute(env.deps.db)).rows[0].project_id;
    await sql`insert into project_funding (project_id, position, source_type, country, pledge_id, amount, currency)
      values (${project}, 91, 'partner_country', 'KR', ${second.json().id}, 10, 'AZN')`.execute(env.deps.db);
    const once = (await env.app.inject({ method: 'GET', url: '/api/v1/stats/report' })).json();
    expect(once.countries.find((c: { country: string }) => c.country === 'KR').contracted).toEqual([{ currency: 'AZN', amount: 1_000_000 }]);
    await sql`update contract set status = 'terminated'`.execute(env.deps.db);
    const after = (await env.app.inject({ method: 'GET', url: '/api/v1/stats/report' })).json();
    expect(after.countries.find((c: { country: string }) => c.country === 'KR').contracted).toEqual([]);
  });
});
