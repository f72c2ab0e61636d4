import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import type { TestUser } from '../../../test/helpers/factories.ts';
import { callAs, jpeg, multipart, people, rowCount, SITE, type Signed, signedContract } from './test-kit.ts';

let env: TestEnv;
let P: Awaited<ReturnType<typeof people>>;
beforeAll(async () => {
  env = await testEnv({ uploadMaxBytes: 200_000 });
  P = await people(env);
}, 120_000);
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  callAs(env, user, method, url, payload, headers);
const count = (table: string) => rowCount(env, table);
const photo = (user: TestUser, reportId: string, file: Buffer, fields: Record<string, string> = {}, type?: string) => {
  const m = multipart(file, fields, type);
  return env.app.inject({ method: 'POST', url: `/api/v1/progress-reports/${reportId}/photos`, payload: m.payload, headers: { ...m.headers, authorization: user.auth } });
};

async function milestonesOf(c: Signed, shares: number[]) {
  const r = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/milestones`, {
    milestones: shares.map((s, i) => ({ title: { en: `M${i + 1}` }, dueDate: '2099-01-01', sharePct: s })),
  });
  if (r.statusCode !== 201) throw new Error(r.body);
  return r.json().items as { id: string }[];
}
async function accept(id: string) {
  await call(P.supplier, 'POST', `/api/v1/milestones/${id}/submit`);
  const r = await call(P.operator, 'POST', `/api/v1/milestones/${id}/decision`, { decision: 'accepted' });
  if (r.statusCode !== 200) throw new Error(r.body);
}

describe('progress reports with geotagged photos', () => {
  let c: Signed;
  let reportId: string;
  beforeAll(async () => {
    c = await signedContract(env, P.operator, P.supplier);
  });

  it('only the supplier reports, on its own contract', async () => {
    const body = { periodStart: '2026-11-01', periodEnd: '2026-11-30', narrative: 'Foundations poured for 40 homes' };
    const other = await call(P.other, 'POST', `/api/v1/contracts/${c.id}/progress-reports`, body);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('not_contract_supplier');
    expect(await count('progress_report')).toBe(0);
    const homes = c.outputs.find((o) => o.metric === 'homes')!.id;
    const r = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/progress-reports`, { ...body, quantities: [{ projectOutputId: homes, quantity: 40 }] });
    expect(r.statusCode).toBe(201);
    reportId = r.json().id;
  });

  it('a photo on site is verified, with its position, capture time, a resized copy and the original SHA-256', async () => {
    const file = await jpeg({ takenAt: new Date('2026-11-20T10:00:00Z'), position: { lat: SITE.lat + 0.002, lon: SITE.lon - 0.003 }, width: 2000 });
    const r = await photo(P.supplier, reportId, file);
    expect(r.statusCode).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({ locationStatus: 'verified', timeStatus: 'in_period', takenAt: '2026-11-20T10:00:00.000Z', distanceM: 0 });
    expect(p.position.lat).toBeCloseTo(SITE.lat + 0.002, 5);
    const { createHash } = await import('node:crypto');
    expect(p.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    const small = await call(null, 'GET', p.url);
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-type']).toBe('image/jpeg');
    const sharp = (await import('sharp')).default;
    expect((await sharp(small.rawPayload).metadata()).width).toBe(1280);
    const orig = await call(null, 'GET', p.originalUrl);
    expect(createHash('sha256').update(orig.rawPayload).digest('hex')).toBe(p.sha256);
  });

  it('a photo without a position is accepted as "location not verified"; one outside the period is marked', async () => {
    const r = await photo(P.supplier, reportId, await jpeg({ takenAt: new Date('2026-10-02T08:00:00Z') }));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ locationStatus: 'not_verified', locationNote: 'location not verified', timeStatus: 'outside_period', position: null });
  });

  it('a photo outside the site is refused unless the supplier says why; then it is stored and flagged', async () => {
    const far = await jpeg({ takenAt: new Date('2026-11-21T10:00:00Z'), position: { lat: SITE.lat + 0.1, lon: SITE.lon } });
    const before = await count('progress_photo');
    const r = await photo(P.supplier, reportId, far);
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'photo_outside_site', errors: [{ field: '/body/file' }] });
    expect(await count('progress_photo')).toBe(before);
    const nul = await photo(P.supplier, reportId, far, { offSiteReason: 'Quarry\u0000supplying the aggregate' });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json()).toMatchObject({ errors: [{ field: '/body/offSiteReason', message: 'contains a NUL character' }] });
    expect(await count('progress_photo')).toBe(before);
    const ok = await photo(P.supplier, reportId, far, { offSiteReason: 'Quarry supplying the aggregate' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().locationStatus).toBe('outside');
    expect(ok.json().distanceM).toBeGreaterThan(9000);
  });

  it('not an image, too large, or from another company: clear errors, nothing written', async () => {
    const before = await count('progress_photo');
    const notImage = await photo(P.supplier, reportId, Buffer.from('%PDF-1.4 not a photo at all'), {}, 'image/jpeg');
    expect(notImage.statusCode).toBe(415);
    expect(notImage.json()).toMatchObject({ code: 'photo_not_an_image', errors: [{ field: '/body/file' }] });
    const big = await photo(P.supplier, reportId, Buffer.concat([await jpeg(), Buffer.alloc(250_000)]));
    expect(big.statusCode).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
    const other = await photo(P.other, reportId, await jpeg({ position: { lat: SITE.lat, lon: SITE.lon } }));
    expect(other.statusCode).toBe(403);
    expect(await count('progress_photo')).toBe(before);
  });

  it('acceptance makes the project output "achieved" follow the report', async () => {
    const r = await call(P.operator, 'POST', `/api/v1/progress-reports/${reportId}/decision`, { decision: 'accepted' });
    expect(r.statusCode).toBe(200);
    const o = await env.deps.db.selectFrom('project_output').select(['achieved']).where('project_id', '=', c.projectId).where('metric', '=', 'homes').executeTakeFirstOrThrow();
    expect(Number(o.achieved)).toBe(40);
    const v = (await call(null, 'GET', `/api/v1/projects/${c.projectId}`)).json();
    expect(v.outputs.find((x: { metric: string }) => x.metric === 'homes').achieved).toBe(40);
  });
});

describe('payments', () => {
  let c: Signed, c2: Signed;
  let ms: { id: string }[];
  let ms2: { id: string }[];
  beforeAll(async () => {
    c = await signedContract(env, P.operator, P.supplier, { value: 1_000_000 });
    c2 = await signedContract(env, P.operator, P.supplier, { value: 500_000 });
    ms = await milestonesOf(c, [40, 60]);
    ms2 = await milestonesOf(c2, [100]);
    await accept(ms[0].id);
    await accept(ms2[0].id);
  });

  it('never for a milestone not accepted, of another contract, or above the ceiling', async () => {
    const before = await count('payment');
    const notAcc = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[1].id });
    expect(notAcc.json()).toMatchObject({ status: 409, code: 'milestone_not_accepted' });
    const foreign = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms2[0].id });
    expect(foreign.json()).toMatchObject({ status: 422, code: 'milestone_of_other_contract', errors: [{ field: '/body/milestoneId' }] });
    const above = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id, amount: 400_000.01 });
    expect(above.json()).toMatchObject({ status: 422, code: 'payment_above_ceiling', errors: [{ field: '/body/amount' }] });
    const other = await call(P.other, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id });
    expect(other.json().code).toBe('not_contract_supplier');
    expect(await count('payment')).toBe(before);
  });

  it('a request is idempotent, a second one without the key finds nothing left to ask for', async () => {
    const key = { 'idempotency-key': 'pay-request-0001' };
    const a = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id }, key);
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ gross: 400_000, retention: 20_000, advanceRecovery: 0, net: 380_000, status: 'requested' });
    const b = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id }, key);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    const c3 = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id });
    expect(c3.json().code).toBe('payment_above_ceiling');
    const mismatch = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id, amount: 10 }, key);
    expect(mismatch.statusCode).toBe(422);
    expect(await env.deps.db.selectFrom('payment').select('id').where('contract_id', '=', c.id).execute()).toHaveLength(1);
  });

  it('is approved by an operator who is not its requester, then paid with date and funding source', async () => {
    const req = await call(P.operator, 'POST', `/api/v1/contracts/${c2.id}/payments`, { kind: 'milestone', milestoneId: ms2[0].id, amount: 100_000 });
    expect(req.statusCode).toBe(201);
    const self = await call(P.operator, 'POST', `/api/v1/payments/${req.json().id}/approve`);
    expect(self.json()).toMatchObject({ status: 403, code: 'segregation_of_duties' });
    expect((await call(P.supplier, 'POST', `/api/v1/payments/${req.json().id}/approve`)).statusCode).toBe(403);
    const ok = await call(P.operator2, 'POST', `/api/v1/payments/${req.json().id}/approve`);
    expect(ok.json()).toMatchObject({ status: 'approved', approvedBy: P.operator2.id });
    const noPledge = await call(P.operator2, 'POST', `/api/v1/payments/${req.json().id}/pay`, { paidOn: '2026-11-25', fundingSource: 'partner_country' });
    expect(noPledge.json().errors[0].field).toBe('/body/pledgeId');
    const paid = await call(P.operator2, 'POST', `/api/v1/payments/${req.json().id}/pay`, { paidOn: '2026-11-25', fundingSource: 'government' });
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: '2026-11-25', fundingSource: 'government', net: 95_000 });
    const v = (await call(null, 'GET', `/api/v1/contracts/${c2.id}`)).json();
    expect(v.totals).toMatchObject({ paid: 95_000, retentionHeld: 5_000, ceiling: 500_000 });
  });

  it('an advance needs an advance-payment guarantee and is recovered from later payments', async () => {
    const c3 = await signedContract(env, P.operator, P.supplier, { value: 1_000_000 });
    const [m] = await milestonesOf(c3, [50]);
    const noG = await call(P.supplier, 'POST', `/api/v1/contracts/${c3.id}/payments`, { kind: 'advance', guaranteeId: '00000000-0000-4000-8000-000000000001', amount: 100_000 });
    expect(noG.json().code).toBe('advance_needs_guarantee');
    const g = (
      await call(P.operator, 'POST', `/api/v1/contracts/${c3.id}/guarantees`, {
        kind: 'advancePayment',
        issuer: 'Pasha Bank',
        amount: 100_000,
        currency: 'AZN',
        expiresOn: '2099-01-01',
      })
    ).json().guarantees[0];
    const over = await call(P.supplier, 'POST', `/api/v1/contracts/${c3.id}/payments`, { kind: 'advance', guaranteeId: g.id, amount: 100_001 });
    expect(over.json().errors[0].field).toBe('/body/amount');
    const adv = await call(P.supplier, 'POST', `/api/v1/contracts/${c3.id}/payments`, { kind: 'advance', guaranteeId: g.id, amount: 100_000 });
    expect(adv.json()).toMatchObject({ kind: 'advance', gross: 100_000, net: 100_000 });
    await accept(m.id);
    const mp = await call(P.supplier, 'POST', `/api/v1/contracts/${c3.id}/payments`, { kind: 'milestone', milestoneId: m.id });
    // 50% of 1,000,000: 5% retention, and the advance recovered pro rata (10% of the value → 10% of each payment)
    expect(mp.json()).toMatchObject({ gross: 500_000, retention: 25_000, advanceRecovery: 50_000, net: 425_000 });
    const ret = await call(P.supplier, 'POST', `/api/v1/contracts/${c3.id}/payments`, { kind: 'retention' });
    expect(ret.json().code).toBe('retention_held');
  });
});

describe('variations and completion', () => {
  it('a variation needs a reason; above 15% cumulative it waits for a second approver', async () => {
    const c = await signedContract(env, P.operator, P.supplier, { value: 1_000_000 });
    const before = await count('variation');
    const noReason = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/variations`, { valueChange: 50_000, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('/body/reason');
    const missing = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/variations`, { valueChange: 50_000 });
    expect(missing.statusCode).toBe(400);
    expect(await count('variation')).toBe(before);
    const small = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/variations`, { valueChange: 100_000, reason: 'Extra drainage found necessary on site' });
    expect(small.json()).toMatchObject({ status: 'approved', cumulativePct: 10, needsSecondApproval: false });
    const big = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/variations`, {
      valueChange: 80_000,
      newPeriodEnd: '2028-06-30',
      reason: 'Second access road requested by the district',
    });
    expect(big.json()).toMatchObject({ status: 'pending', cumulativePct: 18, needsSecondApproval: true });
    expect((await call(null, 'GET', `/api/v1/contracts/${c.id}`)).json().currentValue.amount).toBe(1_100_000);
    const self = await call(P.operator, 'POST', `/api/v1/variations/${big.json().id}/decision`, { decision: 'approved' });
    expect(self.json().code).toBe('segregation_of_duties');
    const ok = await call(P.operator2, 'POST', `/api/v1/variations/${big.json().id}/decision`, { decision: 'approved' });
    expect(ok.json().status).toBe('approved');
    const v = (await call(null, 'GET', `/api/v1/contracts/${c.id}`)).json();
    expect(v.currentValue.amount).toBe(1_180_000);
    expect(v.period.endDate).toBe('2028-06-30');
  });

  it('final acceptance sets final value and end date, moves the project to completion; retention is then released', async () => {
    const c = await signedContract(env, P.operator, P.supplier, { value: 200_000 });
    const [m] = await milestonesOf(c, [100]);
    const early = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/complete`, { actualEndDate: '2026-11-30', finalScope: 'All works' });
    expect(early.json().code).toBe('invalid_state');
    await accept(m.id);
    const p = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'milestone', milestoneId: m.id });
    expect(p.json().retention).toBe(10_000);
    const done = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/complete`, { actualEndDate: '2026-11-30', finalScope: '120 homes and 14 km of road' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', finalValue: { amount: 200_000, currency: 'AZN' }, actualEndDate: '2026-11-30' });
    const proj = (await call(null, 'GET', `/api/v1/projects/${c.projectId}`)).json();
    expect(proj.status).toBe('completion');
    const ret = await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/payments`, { kind: 'retention' });
    expect(ret.json()).toMatchObject({ kind: 'retention', gross: 10_000, net: 10_000 });
    const again = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/variations`, { valueChange: 1, reason: 'Too late for this' });
    expect(again.json().code).toBe('contract_closed');
  });

  it('termination with a reason closes the contract', async () => {
    const c = await signedContract(env, P.operator, P.supplier);
    const t = await call(P.operator, 'POST', `/api/v1/contracts/${c.id}/terminate`, { reason: 'Supplier abandoned the site' });
    expect(t.json()).toMatchObject({ status: 'terminated', terminationReason: 'Supplier abandoned the site' });
    expect((await call(P.supplier, 'POST', `/api/v1/contracts/${c.id}/progress-reports`, { periodStart: '2026-11-01', periodEnd: '2026-11-30', narrative: 'x' })).json().code).toBe(
      'contract_closed',
    );
  });
});
