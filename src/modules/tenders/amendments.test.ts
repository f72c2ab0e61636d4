import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { createPublished, makeCommittee } from './test-kit.ts';

/** POST /tenders/:id/amendments as the tender page's form sends it: a reason, a change, one Idempotency-Key per intended amendment. */
let env: TestEnv;
let operator: TestUser;
let tender: { id: string; tenderPeriod: { endDate: string } };
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  tender = await createPublished(env, operator, await makeCommittee(env, 3));
}, 240_000);
afterAll(() => env?.close());

const amend = (payload: unknown, key?: string) =>
  env.app.inject({
    method: 'POST',
    url: `/api/v1/tenders/${tender.id}/amendments`,
    payload: payload as object,
    headers: { authorization: operator.auth, ...(key ? { 'idempotency-key': key } : {}) },
  });

describe('amendments', () => {
  it('a retry with the same Idempotency-Key records one amendment; another body under that key is refused', async () => {
    const later = new Date(Date.parse(tender.tenderPeriod.endDate) + 86_400_000).toISOString();
    const body = { reason: 'Opening moved for the committee’s travel', changes: { openingDate: later } };
    const first = await amend(body, 'amend-key-0001');
    expect(first.statusCode, first.body).toBe(201);
    const again = await amend(body, 'amend-key-0001');
    expect(again.statusCode).toBe(201);
    expect(again.json().amendment.id).toBe(first.json().amendment.id);
    const other = await amend({ ...body, reason: 'Something else entirely' }, 'amend-key-0001');
    expect(other.statusCode).toBe(422);
    const list = await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${tender.id}/amendments` });
    expect(list.json().items).toEqual([expect.objectContaining({ reason: body.reason, material: false, changes: { openingDate: expect.objectContaining({ after: later }) } })]);
  });

  it('a missing reason is refused naming the field, and records nothing', async () => {
    const r = await amend({ reason: '', changes: { openingDate: new Date(Date.parse(tender.tenderPeriod.endDate) + 2 * 86_400_000).toISOString() } });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { field: string }) => e.field)).toContain('/body/reason');
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${tender.id}/amendments` })).json().items).toHaveLength(1);
  });
});
