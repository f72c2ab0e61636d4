import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { type Member, makeCommittee, setupKey, tenderInput } from './test-kit.ts';

/** PUT /api/v1/tenders/:id: the edit form replaces a draft whole; the key ceremony fixes the committee. */
let env: TestEnv;
let operator: TestUser, company: TestUser;
let members: Member[];
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  company = await makeUser(env.deps, { roles: ['company'] });
  members = await makeCommittee(env, 3);
}, 240_000);
afterAll(() => env?.close());

const call = (user: TestUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  env.app.inject({ method, url, payload: payload as object, headers: { authorization: user.auth } });

describe('editing a draft tender', () => {
  it('lists committee candidates with their key state to operators only', async () => {
    const r = await call(operator, 'GET', '/api/v1/committee/members');
    expect(r.statusCode, r.body).toBe(200);
    const mine = r.json().items.filter((c: { userId: string }) => members.some((m) => m.user.id === c.userId));
    expect(mine).toHaveLength(3);
    expect(mine.every((c: { hasKey: boolean }) => c.hasKey)).toBe(true);
    expect((await call(company, 'GET', '/api/v1/committee/members')).statusCode).toBe(403);
  });

  it('replaces title, lots and committee, audits before and after, and refuses others and published tenders', async () => {
    const input = tenderInput(members, { k: 2 });
    const created = await call(operator, 'POST', '/api/v1/tenders', input);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    const edited = {
      ...input,
      title: { en: 'Aghdam water main, phase 1' },
      lots: [{ title: { en: 'Pipes' } }, { title: { en: 'Pumps' } }],
      committee: { memberUserIds: members.slice(0, 2).map((m) => m.user.id), k: 2 },
    };
    const r = await call(operator, 'PUT', `/api/v1/tenders/${id}`, edited);
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json();
    expect(v.title.en).toBe('Aghdam water main, phase 1');
    expect(v.lots.map((l: { title: { en: string } }) => l.title.en)).toEqual(['Pipes', 'Pumps']);
    expect(v.opening.committee).toHaveLength(2);
    const audit = await env.deps.db.selectFrom('audit_event').select(['action']).where('entity_id', '=', id).where('action', '=', 'tender.update').execute();
    expect(audit).toHaveLength(1);

    expect((await call(company, 'PUT', `/api/v1/tenders/${id}`, edited)).statusCode).toBe(403);
    const bad = await call(operator, 'PUT', `/api/v1/tenders/${id}`, { ...edited, openingDate: input.enquiryPeriod.startDate });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toContainEqual(expect.objectContaining({ field: '/body/openingDate' }));

    // After the key ceremony the members and k are what the shares were sealed for.
    await setupKey(env, id, members.slice(0, 2), 2);
    const moved = await call(operator, 'PUT', `/api/v1/tenders/${id}`, { ...edited, committee: { memberUserIds: members.map((m) => m.user.id), k: 2 } });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().errors).toContainEqual(expect.objectContaining({ field: '/body/committee' }));
    const retitled = await call(operator, 'PUT', `/api/v1/tenders/${id}`, { ...edited, title: { en: 'Aghdam water main' } });
    expect(retitled.statusCode, retitled.body).toBe(200);

    expect((await call(operator, 'POST', `/api/v1/tenders/${id}/publish`)).statusCode).toBe(200);
    const late = await call(operator, 'PUT', `/api/v1/tenders/${id}`, edited);
    expect(late.statusCode).toBe(409);
  });
});
