/**
 * Unfiltered facets come from project_facet_count, which triggers keep
 * (migration 0395); they must equal counting the table after creates,
 * edits, status changes and a rolled-back write.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { facets } from './search.repo.ts';
import { makeArea, projectInput } from './test-helpers.ts';

let env: TestEnv;
let op: TestUser;

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
});
afterAll(() => env?.close());

const send = (method: 'POST' | 'PATCH', url: string, payload: object) => env.app.inject({ method, url, payload, headers: { authorization: op.auth } });

/** The same four facets counted straight from the table, as the filtered path does. */
async function counted() {
  const fromTable = await facets(env.database.db, { status: ['identification', 'preparation', 'implementation', 'completion', 'cancelled'] });
  return fromTable;
}

it('keeps the unfiltered facet counts equal to the table', async () => {
  const a = await makeArea(env.deps, 'T-FC', [46.9, 39.4, 47.4, 39.8]);
  const ids: string[] = [];
  for (const [i, o] of [
    { sector: ['education'], districtId: a, funding: [{ sourceType: 'partner_country' as const, country: 'KR', amount: 1000, currency: 'AZN' }] },
    { sector: ['transport', 'transport.road'] },
    { sector: ['education', 'health'], districtId: a },
  ].entries()) {
    const r = await send('POST', '/api/v1/projects', projectInput({ code: `FC-${i}`, ...o }));
    expect(r.statusCode, r.body).toBe(201);
    ids.push(r.json().id);
  }
  expect(await facets(env.database.db, {})).toEqual(await counted());

  expect((await send('PATCH', `/api/v1/projects/${ids[1]}`, { sector: ['energy'] })).statusCode).toBe(200);
  expect((await send('POST', `/api/v1/projects/${ids[0]}/status`, { status: 'preparation', reason: 'survey done' })).statusCode).toBe(200);
  const all = await facets(env.database.db, {});
  expect(all).toEqual(await counted());
  expect(all.sector.find((x) => x.value === 'energy')?.count).toBe(1);
  expect(all.status.find((x) => x.value === 'preparation')?.count).toBe(1);

  // A write that rolls back leaves the counts as they were.
  await env.database.db
    .transaction()
    .execute(async (trx) => {
      await sql`update project set status = 'cancelled', sector = '{socialHousing}'`.execute(trx);
      throw new Error('roll back');
    })
    .catch(() => undefined);
  expect(await facets(env.database.db, {})).toEqual(all);

  await sql`delete from project where id = ${ids[2]}::uuid`.execute(env.database.db);
  expect(await facets(env.database.db, {})).toEqual(await counted());
});
