import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicableRule, type PeriodRule, periodViolations } from '../../src/modules/programme/procurement-rules.ts';
import { type Member, makeCommittee, setupKey, tenderInput } from '../../src/modules/tenders/test-kit.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';

const LAW = 'Law on Public Procurement, art. 25 (test wording)';
const RULES: PeriodRule[] = [
  { method: 'open', currency: 'AZN', minValue: 0, minTenderDays: 10, minEnquiryDays: 3, legalSource: LAW },
  { method: 'open', currency: 'AZN', minValue: 1_000_000, minTenderDays: 30, minEnquiryDays: 10, legalSource: LAW },
];
const DAY = 86_400_000;

describe('the rule (pure)', () => {
  it('picks the band by method, currency and value', () => {
    expect(applicableRule(RULES, { method: 'open', currency: 'AZN', value: 999_999 })?.minTenderDays).toBe(10);
    expect(applicableRule(RULES, { method: 'open', currency: 'AZN', value: 1_000_000 })?.minTenderDays).toBe(30);
    expect(applicableRule(RULES, { method: 'limited', currency: 'AZN', value: 5 })).toBeUndefined();
    expect(applicableRule(RULES, { method: 'open', currency: 'USD', value: 5 })).toBeUndefined();
  });
  it('measures from publication and names both fields with the legal source', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const errs = periodViolations(RULES[1], { from, tenderEnd: new Date(from.getTime() + 29 * DAY), enquiryEnd: new Date(from.getTime() + 9 * DAY) }, '/tender/');
    expect(errs.map((e) => e.field)).toEqual(['/tender/tenderEndDate', '/tender/enquiryEndDate']);
    expect(errs[0].message).toContain(LAW);
    expect(periodViolations(RULES[1], { from, tenderEnd: new Date(from.getTime() + 30 * DAY), enquiryEnd: new Date(from.getTime() + 10 * DAY) }, '')).toEqual([]);
  });
});

describe('enforced at publish and at amendments', () => {
  let env: TestEnv;
  let admin: TestUser;
  let op: TestUser;
  let members: Member[];
  beforeAll(async () => {
    env = await testEnv();
    await ensureProgramme(env.deps);
    admin = await makeUser(env.deps, { roles: ['admin'] });
    op = await makeUser(env.deps, { roles: ['operator'] });
    members = await makeCommittee(env, 3);
  });
  afterAll(() => env?.close());

  async function draft(value: number, tenderDays: number, enquiryDays: number) {
    const now = Date.now();
    const input = {
      ...tenderInput(members),
      value: { amount: value, currency: 'AZN' },
      lots: [{ title: { en: 'Lot 1' }, value: { amount: value, currency: 'AZN' } }],
      enquiryPeriod: { startDate: new Date(now - 3600_000).toISOString(), endDate: new Date(now + enquiryDays * DAY).toISOString() },
      tenderPeriod: { startDate: new Date(now - 3600_000).toISOString(), endDate: new Date(now + tenderDays * DAY).toISOString() },
      openingDate: new Date(now + tenderDays * DAY + 3600_000).toISOString(),
    };
    const c = await env.app.inject({ method: 'POST', url: '/api/v1/tenders', headers: { authorization: op.auth }, payload: input });
    expect(c.statusCode, c.body).toBe(201);
    await setupKey(env, c.json().id, members);
    return c.json().id as string;
  }
  const publish = (id: string) => env.app.inject({ method: 'POST', url: `/api/v1/tenders/${id}/publish`, headers: { authorization: op.auth } });
  const amend = (id: string, changes: object) =>
    env.app.inject({ method: 'POST', url: `/api/v1/tenders/${id}/amendments`, headers: { authorization: op.auth }, payload: { reason: 'clarified scope', changes } });

  it('only admins set the rules, with a reason; they are public; a contradictory set is refused', async () => {
    const put = (who: TestUser, rules: PeriodRule[]) =>
      env.app.inject({ method: 'PUT', url: '/api/v1/programme/period-rules', headers: { authorization: who.auth }, payload: { rules, reason: 'as the law requires' } });
    expect((await put(op, RULES)).statusCode).toBe(403);
    const bad = await put(admin, [{ ...RULES[0], minEnquiryDays: 20 }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/body/rules/0/minEnquiryDays');
    expect((await put(admin, RULES)).statusCode).toBe(200);
    const pub = await env.app.inject({ method: 'GET', url: '/api/v1/programme/period-rules' });
    expect(pub.json().rules).toEqual(RULES);
    const audit = await sql<{ n: string }>`select count(*) as n from audit_event where action = 'programme.period_rules'`.execute(env.deps.db);
    expect(Number(audit.rows[0].n)).toBe(1);
  });

  it('a tender cannot be published to close sooner than its band allows; nothing changes', async () => {
    const id = await draft(5_000_000, 20, 3);
    const r = await publish(id);
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('tender_period_too_short');
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual(['/tender/tenderEndDate', '/tender/enquiryEndDate']);
    expect(r.json().detail).toContain(LAW);
    const t = await env.app.inject({ method: 'GET', url: `/api/v1/tenders/${id}`, headers: { authorization: op.auth } });
    expect(t.json().status).toBe('draft');
    // The lower band (under 1,000,000) needs only 10 and 3 days.
    expect((await publish(await draft(500_000, 11, 4))).statusCode).toBe(200);
  });

  it('an amendment cannot cut the period below the minimum, and a value raised into a higher band brings its minimum', async () => {
    const id = await draft(5_000_000, 40, 12);
    expect((await publish(id)).statusCode).toBe(200);
    const short = await amend(id, { tenderEndDate: new Date(Date.now() + 25 * DAY).toISOString(), openingDate: new Date(Date.now() + 26 * DAY).toISOString() });
    expect(short.statusCode, short.body).toBe(422);
    expect(short.json().errors[0].field).toBe('/body/changes/tenderEndDate');

    const small = await draft(500_000, 12, 4);
    expect((await publish(small)).statusCode).toBe(200);
    const raised = await amend(small, { value: { amount: 2_000_000, currency: 'AZN' } });
    expect(raised.statusCode, raised.body).toBe(422);
    expect(raised.json().code).toBe('tender_period_too_short');
    const raisedAndLonger = await amend(small, {
      value: { amount: 2_000_000, currency: 'AZN' },
      tenderEndDate: new Date(Date.now() + 31 * DAY).toISOString(),
      openingDate: new Date(Date.now() + 32 * DAY).toISOString(),
      enquiryEndDate: new Date(Date.now() + 11 * DAY).toISOString(),
    });
    expect(raisedAndLonger.statusCode, raisedAndLonger.body).toBe(201);
  });
});
