import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { FLAGS } from './red-flags.ts';
import { callAs, jpeg, multipart, people, SITE, type Signed, signedContract } from './test-kit.ts';

/**
 * Every red flag: one contract made clean (two valid bids, an established
 * supplier, on time, on budget), then one change that makes exactly that flag
 * appear, while the clean contracts keep none.
 */
let env: TestEnv;
let P: Awaited<ReturnType<typeof people>>;
const clean: Signed[] = [];
beforeAll(async () => {
  env = await testEnv();
  P = await people(env);
  for (let i = 0; i < 3; i++) clean.push(await cleanContract());
}, 180_000);
afterAll(() => env?.close());

const db = () => env.deps.db;
const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) => callAs(env, user, method, url, payload);
const codes = async (id: string) =>
  (await call(null, 'GET', `/api/v1/contracts/${id}/red-flags`))
    .json()
    .items.map((f: { code: string }) => f.code)
    .sort();
const ago = (days: number) => new Date(Date.now() - days * 86400_000).toISOString().slice(0, 10);

async function cleanContract(o: Parameters<typeof signedContract>[3] = {}) {
  const supplier = await makeUser(env.deps, { roles: ['company'] });
  const c = await signedContract(env, P.operator, supplier, o);
  await sql`update organisation set created_at = now() - interval '3 years' where id = ${supplier.orgId}`.execute(db());
  const rival = await makeUser(env.deps, { roles: ['company'] });
  await sql`insert into bid (tender_id, organisation_id, status, lot_ids, envelope, envelope_sha256)
    select ${c.tenderId}, ${rival.orgId}, 'valid', lot_ids, '{}'::jsonb, ${'1'.repeat(64)} from bid where tender_id = ${c.tenderId}`.execute(db());
  return c;
}

const cases: Record<string, (c: Signed) => Promise<void>> = {
  single_bid: async (c) => void (await sql`update bid set status = 'disqualified' where tender_id = ${c.tenderId} and organisation_id <> ${c.supplier.orgId}`.execute(db())),
  short_tender_period: async (c) => void (await sql`update tender set tender_start = tender_end - interval '10 days' where id = ${c.tenderId}`.execute(db())),
  award_above_estimate: async (c) => void (await sql`update tender set value_amount = 800000 where id = ${c.tenderId}`.execute(db())),
  abnormally_low_winner: async (c) =>
    void (await sql`update bid_price set abnormally_low = true where bid_id in (select bid_id from award where tender_id = ${c.tenderId})`.execute(db())),
  upheld_complaint: async (c) =>
    void (await sql`insert into complaint (tender_id, award_id, complainant_org_id, grounds, status, decision)
      select ${c.tenderId}, a.id, ${P.other.orgId}, 'price manipulation', 'upheld', 'upheld' from award a where a.tender_id = ${c.tenderId}`.execute(db())),
  late_material_amendment: async (c) =>
    void (await sql`insert into tender_amendment (tender_id, seq, reason, material, changes, created_at)
      select id, 1, 'scope changed', true, '{}'::jsonb, tender_end - interval '2 days' from tender where id = ${c.tenderId}`.execute(db())),
  new_supplier: async (c) => void (await sql`update organisation set created_at = now() - interval '70 days' where id = ${c.supplier.orgId}`.execute(db())),
  supplier_concentration: async (c) => void (await sql`update contract set value_amount = 90000000 where id = ${c.id}`.execute(db())),
  slow_signature: async (c) => void (await sql`update award set decided_at = now() - interval '100 days' where tender_id = ${c.tenderId}`.execute(db())),
  variations_above_threshold: async (c) => {
    const r = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/variations`, { valueChange: 200_000, reason: 'Additional retaining walls' });
    expect(r.statusCode).toBe(201);
  },
  payment_before_acceptance: async (c) => {
    const m = (await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, { milestones: [{ title: { en: 'M1' }, dueDate: '2099-01-01', sharePct: 10 }] })).json()
      .items[0];
    // As an imported ledger would hold it: the service itself never pays an unaccepted milestone.
    await sql`insert into payment (contract_id, kind, milestone_id, gross_amount, net_amount, currency, status, paid_on, funding_source)
      values (${c.id}, 'milestone', ${m.id}, 100000, 95000, 'AZN', 'paid', current_date, 'government')`.execute(db());
  },
  late_milestone: async (c) => {
    const r = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, { milestones: [{ title: { en: 'Overdue' }, dueDate: ago(45), sharePct: 10 }] });
    expect(r.statusCode).toBe(201);
  },
  photo_off_site: async (c) => {
    const rep = await call(c.supplier, 'POST', `/api/v1/contracts/${c.id}/progress-reports`, { periodStart: '2026-01-01', periodEnd: '2026-12-31', narrative: 'Materials' });
    const m = multipart(await jpeg({ position: { lat: SITE.lat + 0.2, lon: SITE.lon } }), { offSiteReason: 'At the supplier yard' });
    const r = await env.app.inject({
      method: 'POST',
      url: `/api/v1/progress-reports/${rep.json().id}/photos`,
      payload: m.payload,
      headers: { ...m.headers, authorization: c.supplier.auth },
    });
    expect(r.json().locationStatus).toBe('outside');
  },
  completion_overrun: async (c) => void (await sql`update contract set period_end = ${ago(40)}::date, period_start = '2020-01-01' where id = ${c.id}`.execute(db())),
};

describe('red flags', () => {
  it('there are at least 12, each with a definition, a source and a case below', async () => {
    expect(FLAGS.length).toBeGreaterThanOrEqual(12);
    const defs = (await call(null, 'GET', '/api/v1/red-flags/definitions')).json().items;
    for (const d of defs) {
      expect(d.definition.length).toBeGreaterThan(20);
      expect(d.source).toMatch(/OCP|OECD|WB/);
    }
    expect(Object.keys(cases).sort()).toEqual(FLAGS.map((f) => f.code).sort());
  });

  it('clean contracts have none', async () => {
    for (const c of clean) expect(await codes(c.id)).toEqual([]);
  });

  for (const code of Object.keys(cases)) {
    it(`${code}: appears for its reason, and only there`, async () => {
      const c = await cleanContract({ start: code === 'late_milestone' ? '2020-01-01' : undefined });
      expect(await codes(c.id)).toEqual([]);
      await cases[code](c);
      expect(await codes(c.id)).toEqual([code]);
      for (const k of clean) expect(await codes(k.id)).toEqual([]);
      const listed = (await call(null, 'GET', `/api/v1/red-flags?code=${code}`)).json().items;
      expect(listed.map((f: { contractId: string }) => f.contractId)).toContain(c.id);
    });
  }

  it('are listed with filters and as CSV', async () => {
    const csv = await call(null, 'GET', '/api/v1/red-flags?stage=implementation&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('code,stage,title,detail,threshold,source,contractId,ocid,tenderId,supplierOrgId');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => /^(variations_above_threshold|payment_before_acceptance|late_milestone|photo_off_site|completion_overrun),implementation,/.test(l))).toBe(
      true,
    );
    const bad = await call(null, 'GET', '/api/v1/red-flags?stage=nonsense');
    expect(bad.statusCode).toBe(400);
  });
});
