import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArea, projectInput } from '../../src/modules/projects/test-helpers.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';

/**
 * The office forms send one Idempotency-Key per create, so a double click, a
 * retry after a lost answer or two tabs racing make one record. This holds for
 * every create route the back office calls; here the three that had no key
 * before (projects, engagements, pledges), on PGlite and, with DATABASE_URL,
 * on PostgreSQL, where the two concurrent requests really run at once.
 */
let env: TestEnv;
let operator: TestUser;
let other: TestUser;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  other = await makeUser(env.deps, { roles: ['operator'] });
  await makeArea(env.deps, 'T-IDEM', [46.9, 39.4, 47.4, 39.8]);
});
afterAll(() => env?.close());

let n = 0;
interface Resource {
  url: string;
  table: 'project' | 'engagement' | 'pledge';
  action: string;
  body(): Record<string, unknown>;
  /** The same request with one field changed. */
  changed(b: Record<string, unknown>): Record<string, unknown>;
  /** A request refused inside the transaction, after the key was claimed (`made` is a record this actor created). */
  refused(made: Record<string, unknown>): Record<string, unknown>;
}
const resources: Resource[] = [
  {
    url: '/api/v1/projects',
    table: 'project',
    action: 'project.create',
    body: () => projectInput({ location: { type: 'Point', coordinates: [47.1, 39.6] } }),
    changed: (b) => ({ ...b, budget: { amount: 2_000_000, currency: 'AZN' } }),
    refused: (made) => projectInput({ code: made.code as string }),
  },
  {
    url: '/api/v1/engagements',
    table: 'engagement',
    action: 'engagement.create',
    body: () => ({
      country: 'KR',
      kind: 'meeting',
      status: 'held',
      title: { en: `Idempotent meeting ${++n}` },
      startsOn: '2024-05-02',
      participants: [{ name: 'Park Byeong-seug', country: 'KR' }],
      sources: [{ title: 'Report', url: 'https://example.org/report' }],
    }),
    changed: (b) => ({ ...b, place: 'Shusha' }),
    refused: () => ({ ...resources[1].body(), related: { projects: [crypto.randomUUID()] } }),
  },
  {
    url: '/api/v1/pledges',
    table: 'pledge',
    action: 'pledge.create',
    body: () => ({ country: 'KR', pledger: `Agency ${++n}`, description: { en: 'Schools' }, currency: 'USD', amount: 1_000_000, pledgedOn: '2024-03-01' }),
    changed: (b) => ({ ...b, amount: 1_000_001 }),
    refused: () => ({ ...resources[2].body(), engagementId: crypto.randomUUID() }),
  },
];

const post = (u: TestUser, url: string, payload: object, key?: string) =>
  env.app.inject({ method: 'POST', url, payload, headers: { authorization: u.auth, ...(key ? { 'idempotency-key': key } : {}) } });
const count = async (table: Resource['table']) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(env.deps.db)).rows[0].n);
const events = async (id: string) => (await sql<{ action: string }>`select action from audit_event where entity_id = ${id}`.execute(env.deps.db)).rows.map((r) => r.action);

describe.each(resources)('POST $url with an Idempotency-Key', (r) => {
  it('answers a repeat with the first answer and creates nothing new', async () => {
    const key = `${r.table}-repeat-${process.pid}`;
    const body = r.body();
    const before = await count(r.table);
    const first = await post(operator, r.url, body, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(operator, r.url, body, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await count(r.table)).toBe(before + 1);
    expect(await events(first.json().id)).toEqual([r.action]);
  });

  it('refuses the same key with a different body, changing nothing', async () => {
    const key = `${r.table}-changed-${process.pid}`;
    const body = r.body();
    expect((await post(operator, r.url, body, key)).statusCode).toBe(201);
    const before = await count(r.table);
    const reused = await post(operator, r.url, r.changed(body), key);
    expect(reused.statusCode).toBe(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect(await count(r.table)).toBe(before);
  });

  it('makes one record from two concurrent requests with the same key', async () => {
    const key = `${r.table}-concurrent-${process.pid}`;
    const body = r.body();
    const before = await count(r.table);
    const [a, b] = await Promise.all([post(operator, r.url, body, key), post(operator, r.url, body, key)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(await count(r.table)).toBe(before + 1);
    expect(await events(a.json().id)).toEqual([r.action]);
  });

  it('keeps keys apart per actor, and frees a key whose first request was refused', async () => {
    const key = `${r.table}-actors-${process.pid}`;
    const body = r.body();
    const mine = await post(operator, r.url, body, key);
    const theirs = await post(other, r.url, { ...r.body() }, key);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json().id).not.toBe(mine.json().id);

    const freed = `${r.table}-freed-${process.pid}`;
    const refused = await post(operator, r.url, r.refused(mine.json()), freed);
    expect([400, 409]).toContain(refused.statusCode);
    expect(await sql`select 1 from idempotency_record where key = ${freed}`.execute(env.deps.db)).toMatchObject({ rows: [] });
    const fixed = await post(operator, r.url, r.body(), freed);
    expect(fixed.statusCode, fixed.body).toBe(201);
  });

  it('refuses a malformed key, naming the header', async () => {
    const bad = await post(operator, r.url, r.body(), 'short');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/headers/idempotency-key');
  });
});
