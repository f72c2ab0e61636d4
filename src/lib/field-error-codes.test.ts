import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../test/helpers/factories.ts';
import { SERVICE_FIELD_ERROR_CODES } from './field-error-codes.ts';

/**
 * The services' own field errors carry a code from SERVICE_FIELD_ERROR_CODES
 * and the values the web app words them with, beside the unchanged English
 * message, through the real routes, services and repositories.
 */
let env: TestEnv;
let operator: TestUser, admin: TestUser;
let krOrg: string;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  admin = await makeUser(env.deps, { roles: ['admin'] });
  krOrg = (await makeOrg(env.deps, { country: 'KR' })).id;
});
afterAll(() => env?.close());

const post = (user: TestUser, url: string, payload: object) => env.app.inject({ method: 'POST', url, payload, headers: { authorization: user.auth } });
const tomorrow = () => new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
const fieldOf = (r: Awaited<ReturnType<typeof post>>, field: string) => {
  const errors = r.json().errors as { field: string; code?: string; params?: Record<string, unknown>; message: string }[];
  const e = errors.find((x) => x.field === field);
  expect(e, `no error on ${field}: ${r.body}`).toBeDefined();
  if (e?.code) expect([...SERVICE_FIELD_ERROR_CODES, 'required', 'enum', 'format', 'unknown_field']).toContain(e.code);
  return e;
};

describe("services' field errors carry a code and its values", () => {
  it('partner periods: an end before the start, an unknown country', async () => {
    const r = await post(operator, '/api/v1/partners/periods', { country: 'JP', validFrom: '2024-05-01', validTo: '2024-04-30', basis: 'Decision 7' });
    expect(r.statusCode).toBe(400);
    expect(fieldOf(r, '/body/validTo')).toEqual({ field: '/body/validTo', message: 'must be on or after validFrom', code: 'end_before_start', params: { other: 'validFrom' } });
    const xx = await post(operator, '/api/v1/partners/periods', { country: 'XX', validFrom: '2024-05-01', basis: 'Decision 7' });
    expect(xx.json().code).toBe('unknown_country');
    expect(fieldOf(xx, '/body/country')).toMatchObject({ message: 'unknown country code', code: 'unknown_country', params: { value: 'XX' } });
  });

  it('pledges: a day in the future, an unknown currency', async () => {
    const pledge = (o: object) => ({
      country: 'KR',
      pledger: 'KOICA',
      description: { en: 'Pilot' },
      sector: 'housing',
      currency: 'USD',
      amount: 1000,
      pledgedOn: '2022-03-01',
      ...o,
    });
    const late = await post(operator, '/api/v1/pledges', pledge({ pledgedOn: tomorrow() }));
    expect(late.statusCode).toBe(400);
    expect(fieldOf(late, '/body/pledgedOn')).toMatchObject({ message: 'a pledge cannot be recorded for a future day', code: 'future_date' });
    const xyz = await post(operator, '/api/v1/pledges', pledge({ currency: 'XYZ' }));
    expect(fieldOf(xyz, '/body/currency')).toMatchObject({ message: 'unknown currency code', code: 'unknown_currency', params: { value: 'XYZ' } });
  });

  it('engagements: an end before the start, held but in the future', async () => {
    const meeting = (o: object) => ({
      country: 'KR',
      kind: 'meeting',
      status: 'held',
      title: { en: 'Meeting' },
      startsOn: '2021-08-19',
      sources: [{ title: 'Report', url: 'https://azertag.az/en' }],
      related: { organisations: [krOrg] },
      ...o,
    });
    const back = await post(operator, '/api/v1/engagements', meeting({ endsOn: '2021-08-18' }));
    expect(back.statusCode).toBe(400);
    expect(fieldOf(back, '/body/endsOn')).toMatchObject({ message: 'must be on or after startsOn', code: 'end_before_start', params: { other: 'startsOn' } });
    const ahead = await post(operator, '/api/v1/engagements', meeting({ startsOn: tomorrow() }));
    expect(fieldOf(ahead, '/body/status')).toMatchObject({ message: 'held, but dated in the future', code: 'future_date' });
  });

  it('users: an email already registered', async () => {
    const u = { email: `taken-${Date.now()}@test.berpa.test`, name: 'Someone', password: 'a long enough password', roles: ['evaluator'] };
    expect((await post(admin, '/api/v1/users', u)).statusCode).toBe(201);
    const again = await post(admin, '/api/v1/users', u);
    expect(again.json().code).toBe('duplicate');
    expect(fieldOf(again, '/body/email')).toMatchObject({ message: 'already registered', code: 'already_used' });
  });
});
