import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { isPartnerOn } from './eligibility.ts';

let env: TestEnv;
let operator: TestUser, company: TestUser, observer: TestUser;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  company = await makeUser(env.deps, { roles: ['company'] });
  observer = await makeUser(env.deps, { roles: ['observer'] });
});
afterAll(() => env?.close());

const post = (user: TestUser | null, payload: object) =>
  env.app.inject({ method: 'POST', url: '/api/v1/partners/periods', payload, headers: user ? { authorization: user.auth } : {} });
const count = async (country: string) =>
  (
    await env.deps.db
      .selectFrom('partner_period')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('country', '=', country)
      .executeTakeFirstOrThrow()
  ).n;

describe('partner periods', () => {
  it('answers "was this country a partner on this day?" at and around both ends', async () => {
    const r = await post(operator, {
      country: 'JP',
      validFrom: '2021-03-01',
      validTo: '2022-02-28',
      basis: 'Memorandum on reconstruction co-operation',
      basisReference: 'MoU 2021/7',
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ country: 'JP', validFrom: '2021-03-01', validTo: '2022-02-28', basisReference: 'MoU 2021/7' });
    const again = await post(operator, { country: 'JP', validFrom: '2023-01-01', basis: 'Renewed by cabinet decision 12' });
    expect(again.statusCode).toBe(201);
    const db = env.deps.db;
    expect(await isPartnerOn(db, 'JP', '2021-02-28')).toBe(false);
    expect(await isPartnerOn(db, 'JP', '2021-03-01')).toBe(true);
    expect(await isPartnerOn(db, 'JP', '2022-02-28')).toBe(true);
    expect(await isPartnerOn(db, 'JP', '2022-03-01')).toBe(false);
    expect(await isPartnerOn(db, 'JP', '2022-12-31')).toBe(false);
    expect(await isPartnerOn(db, 'JP', new Date('2023-01-01T00:00:00Z'))).toBe(true);
    expect(await isPartnerOn(db, 'JP', '2099-12-31')).toBe(true);
    expect(await isPartnerOn(db, 'CN', '2022-01-01')).toBe(false);
  });

  it('refuses a period overlapping another of the same country, and writes nothing', async () => {
    await post(operator, { country: 'FR', validFrom: '2022-01-01', validTo: '2022-12-31', basis: 'Decision 1' });
    const before = await count('FR');
    for (const [validFrom, validTo] of [
      ['2022-12-31', null],
      ['2021-01-01', '2022-01-01'],
      ['2022-05-01', '2022-05-02'],
      ['2020-01-01', null],
    ]) {
      const r = await post(operator, { country: 'FR', validFrom, validTo, basis: 'Decision 2' });
      expect(r.statusCode, `${validFrom}..${validTo}`).toBe(409);
      expect(r.json()).toMatchObject({ code: 'partner_period_overlap', errors: [{ field: '/body/validFrom' }] });
    }
    expect(await count('FR')).toBe(before);
    // The day after the end is free; another country's dates never clash.
    expect((await post(operator, { country: 'FR', validFrom: '2023-01-01', basis: 'Decision 3' })).statusCode).toBe(201);
    expect((await post(operator, { country: 'BE', validFrom: '2022-06-01', basis: 'Decision 4' })).statusCode).toBe(201);
  });

  it('lets only one of two concurrent overlapping periods through', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, (_, i) => post(operator, { country: 'NL', validFrom: `2024-0${i + 1}-01`, basis: `Concurrent decision ${i}` })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(await count('NL')).toBe(1);
  });

  it('refuses bad input with the field named, writing nothing', async () => {
    const cases: [object, number, string, string][] = [
      [{ country: 'XK', validFrom: '2022-01-01', basis: 'Decision' }, 400, 'unknown_country', '/body/country'],
      [{ country: 'QQ', validFrom: '2022-01-01', basis: 'Decision' }, 400, 'unknown_country', '/body/country'],
      [{ country: 'kr', validFrom: '2022-01-01', basis: 'Decision' }, 400, 'validation_failed', '/body/country'],
      [{ country: 'SE', validFrom: '2022-02-30', basis: 'Decision' }, 400, 'validation_failed', '/body/validFrom'],
      [{ country: 'SE', validFrom: '2022-01-01', validTo: '2021-01-01', basis: 'Decision' }, 400, 'validation_failed', '/body/validTo'],
      [{ country: 'SE', validFrom: '2022-01-01' }, 400, 'validation_failed', '/body/basis'],
      [{ country: 'SE', validFrom: '2022-01-01', basis: 'Decision', colour: 'blue' }, 400, 'validation_failed', '/body/colour'],
    ];
    for (const [payload, status, code, field] of cases) {
      const r = await post(operator, payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.json().code).toBe(code);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count('SE')).toBe(0);
    expect(await count('XK')).toBe(0);
  });

  it('is managed by operators only', async () => {
    expect((await post(company, { country: 'ES', validFrom: '2022-01-01', basis: 'Decision' })).statusCode).toBe(403);
    expect((await post(observer, { country: 'ES', validFrom: '2022-01-01', basis: 'Decision' })).statusCode).toBe(403);
    expect((await post(null, { country: 'ES', validFrom: '2022-01-01', basis: 'Decision' })).statusCode).toBe(401);
    expect(await count('ES')).toBe(0);
  });

  it('ends a partnership by an update, with the reason audited; refuses an update into an overlap', async () => {
    const a = (await post(operator, { country: 'PL', validFrom: '2021-01-01', basis: 'Agreement A' })).json();
    const auth = { authorization: operator.auth };
    const end = await env.app.inject({
      method: 'PATCH',
      url: `/api/v1/partners/periods/${a.id}`,
      headers: auth,
      payload: { validTo: '2021-12-31', reason: 'Agreement A expired' },
    });
    expect(end.statusCode).toBe(200);
    expect(end.json().validTo).toBe('2021-12-31');
    expect(await isPartnerOn(env.deps.db, 'PL', '2022-01-01')).toBe(false);
    const b = (await post(operator, { country: 'PL', validFrom: '2023-01-01', basis: 'Agreement B' })).json();
    const clash = await env.app.inject({ method: 'PATCH', url: `/api/v1/partners/periods/${a.id}`, headers: auth, payload: { validTo: null, reason: 'reopen' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toMatchObject({ code: 'partner_period_overlap', detail: expect.stringContaining('2023-01-01') });
    const audit = await env.deps.db.selectFrom('audit_event').select(['action', 'reason']).where('entity_id', '=', a.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'partner_period.create', reason: 'Agreement A' },
      { action: 'partner_period.update', reason: 'Agreement A expired' },
    ]);
    const del = await env.app.inject({ method: 'DELETE', url: `/api/v1/partners/periods/${b.id}`, headers: auth, payload: { reason: 'entered in error' } });
    expect(del.statusCode).toBe(204);
    expect(await count('PL')).toBe(1);
    const missing = await env.app.inject({ method: 'DELETE', url: `/api/v1/partners/periods/${b.id}`, headers: auth, payload: { reason: 'again' } });
    expect(missing.statusCode).toBe(404);
  });

  it('lists current partners and their history, publicly', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/partners?on=2021-06-01' });
    expect(r.statusCode).toBe(200);
    const byCode = Object.fromEntries(r.json().items.map((p: { country: string }) => [p.country, p]));
    expect(byCode.JP).toMatchObject({ current: true, names: { en: 'Japan', ko: '일본' } });
    expect(byCode.JP.periods.map((p: { validFrom: string }) => p.validFrom)).toEqual(['2021-03-01', '2023-01-01']);
    expect(byCode.PL.current).toBe(true);
    expect(byCode.FR.current).toBe(false);
    const later = (await env.app.inject({ method: 'GET', url: '/api/v1/partners?on=2022-06-01&country=JP' })).json();
    expect(later.items).toMatchObject([{ country: 'JP', current: false }]);
  });

  it('lists every country with its names, flagging today’s partners', async () => {
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/countries' });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as { code: string; names: Record<string, string>; partner: boolean }[];
    expect(items).toHaveLength(249);
    expect(items.find((c) => c.code === 'AZ')).toEqual({ code: 'AZ', names: { az: 'Azərbaycan', en: 'Azerbaijan', ko: '아제르바이잔', ru: 'Азербайджан' }, partner: false });
    expect(items.find((c) => c.code === 'JP')?.partner).toBe(true);
    expect(items.find((c) => c.code === 'PL')?.partner).toBe(false);
  });
});
