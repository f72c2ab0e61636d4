import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { makeArea } from '../projects/test-helpers.ts';
import { bidder, type Member, makeCommittee, memberShare, partner, passDeadline, sealFor, setupKey, tenderInput } from '../tenders/test-kit.ts';
import { callAs, jpeg, multipart, square } from './test-kit.ts';

/**
 * The whole execution through the HTTP API, from a real sealed-bid tender:
 * signed → milestones → progress report with a geotagged photo → acceptance →
 * payment request → approval → payment (from a partner pledge) → variation →
 * final acceptance; then the OCDS record and the OC4IDS project validate and
 * carry the execution, the pledge's disbursed moved, and the home figures for
 * spent and rebuilt changed.
 */
let env: TestEnv;
let operator: TestUser, operator2: TestUser, evaluator: TestUser;
let members: Member[];
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  operator = await makeUser(env.deps, { roles: ['operator'] });
  operator2 = await makeUser(env.deps, { roles: ['operator'] });
  evaluator = await makeUser(env.deps, { roles: ['evaluator'] });
  members = await makeCommittee(env, 3);
  await partner(env, 'KR');
  await makeArea(env.deps, 'AGH', [46.8, 39.8, 47.1, 40.1]);
}, 240_000);
afterAll(() => env?.close());

const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: unknown) => callAs(env, user, method, url, payload);
async function ok(p: Promise<{ statusCode: number; body: string; json: () => any }>, status = 200) {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

describe('contract execution end to end', () => {
  it('signed → … → final acceptance, and the open data, pledge and home figures follow', async () => {
    const LON = 46.95,
      LAT = 39.93;
    // a Korean pledge, committed, funding the project
    const pledge = await ok(
      call(operator, 'POST', '/api/v1/pledges', {
        country: 'KR',
        pledger: 'KOICA',
        description: { en: 'Housing in Aghdam' },
        currency: 'AZN',
        amount: 3_000_000,
        pledgedOn: '2026-01-10',
      }),
      201,
    );
    await ok(call(operator, 'POST', `/api/v1/pledges/${pledge.id}/commitment`, { amount: 2_000_000, on: '2026-02-01' }));
    const project = await ok(
      call(operator, 'POST', '/api/v1/projects', {
        code: 'AGH-HOUSING-01',
        title: { en: 'Aghdam housing, phase 1' },
        sector: ['socialHousing'],
        type: 'construction',
        status: 'implementation',
        location: { type: 'Point', coordinates: [LON, LAT] },
        site: square(LON, LAT),
        budget: { amount: 2_500_000, currency: 'AZN' },
        funding: [{ sourceType: 'partner_country', country: 'KR', pledgeId: pledge.id, amount: 2_000_000, currency: 'AZN' }],
        outputs: [{ metric: 'homes', unit: 'units', planned: 120 }],
      }),
      201,
    );
    const homes = await env.deps.db.selectFrom('project_output').select('id').where('project_id', '=', project.id).executeTakeFirstOrThrow();
    const before = {
      stats: await ok(call(null, 'GET', '/api/v1/stats/procurement')),
      land: await ok(call(null, 'GET', '/api/v1/land/summary')),
    };

    // the tender, sealed bids, 2-of-3 opening, evaluation, award, signature
    const created = await ok(call(operator, 'POST', '/api/v1/tenders', { ...tenderInput(members, { standstillDays: 0 }), projectIds: [project.id] }), 201);
    await setupKey(env, created.id, members, 2);
    const tender = await ok(call(operator, 'POST', `/api/v1/tenders/${created.id}/publish`));
    const lotId = tender.lots[0].id;
    const korean = await bidder(env, 'KR');
    const rival = await bidder(env, 'KR');
    await ok(call(korean, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: await sealFor(tender, korean.orgId!, [{ lotId, amount: 2_000_000 }]) }), 201);
    await ok(call(rival, 'POST', `/api/v1/tenders/${tender.id}/bids`, { lotIds: [lotId], envelope: await sealFor(tender, rival.orgId!, [{ lotId, amount: 2_100_000 }]) }), 201);
    await passDeadline(env, tender.id);
    for (const m of members.slice(0, 2)) await ok(call(m.user, 'POST', `/api/v1/tenders/${tender.id}/opening/shares`, { share: await memberShare(env, tender.id, m) }));
    await ok(call(evaluator, 'POST', `/api/v1/tenders/${tender.id}/conflict-declarations`, { hasConflict: false, statement: 'No ties to any bidder.' }), 201);
    const ranking = (await ok(call(evaluator, 'GET', `/api/v1/tenders/${tender.id}/evaluation`))).ranking;
    await ok(call(operator, 'POST', `/api/v1/tenders/${tender.id}/award`, { bidId: ranking[0].bidId, reasons: 'Lowest valid price.' }), 201);
    await ok(call(operator, 'POST', `/api/v1/tenders/${tender.id}/award/confirm`));
    const signed = await ok(call(operator, 'POST', `/api/v1/tenders/${tender.id}/contract`, { periodStart: '2026-03-01', periodEnd: '2027-12-31' }), 201);
    let c = await ok(call(null, 'GET', `/api/v1/contracts/${signed.id}`));
    expect(c).toMatchObject({ status: 'signed', value: { amount: 2_000_000, currency: 'AZN' }, supplier: { id: korean.orgId } });
    expect(c.projects[0].id).toBe(project.id);

    // milestones, progress with a geotagged photo, acceptance
    const ms = (
      await ok(
        call(operator, 'POST', `/api/v1/contracts/${signed.id}/milestones`, {
          milestones: [
            { title: { en: 'Foundations', az: 'Bünövrə' }, dueDate: '2099-06-30', sharePct: 40, outputs: [{ projectOutputId: homes.id, quantity: 40 }] },
            { title: { en: 'Handover', az: 'Təhvil' }, dueDate: '2099-12-31', sharePct: 60, outputs: [{ projectOutputId: homes.id, quantity: 80 }] },
          ],
        }),
        201,
      )
    ).items;
    const rep = await ok(
      call(korean, 'POST', `/api/v1/contracts/${signed.id}/progress-reports`, {
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        narrative: 'Foundations of 40 homes',
        milestoneId: ms[0].id,
        quantities: [{ projectOutputId: homes.id, quantity: 40 }],
      }),
      201,
    );
    const m = multipart(await jpeg({ takenAt: new Date('2026-11-15T09:30:00Z'), position: { lat: LAT + 0.001, lon: LON + 0.001 } }));
    const ph = await env.app.inject({
      method: 'POST',
      url: `/api/v1/progress-reports/${rep.id}/photos`,
      payload: m.payload,
      headers: { ...m.headers, authorization: korean.auth },
    });
    expect(ph.statusCode, ph.body).toBe(201);
    expect(ph.json()).toMatchObject({ locationStatus: 'verified', timeStatus: 'in_period' });
    await ok(call(operator, 'POST', `/api/v1/progress-reports/${rep.id}/decision`, { decision: 'accepted' }));
    await ok(call(korean, 'POST', `/api/v1/milestones/${ms[0].id}/submit`));
    await ok(call(operator, 'POST', `/api/v1/milestones/${ms[0].id}/decision`, { decision: 'accepted' }));

    // payment request → approval by another operator → paid from the Korean pledge
    const pay = await ok(call(korean, 'POST', `/api/v1/contracts/${signed.id}/payments`, { kind: 'milestone', milestoneId: ms[0].id }), 201);
    expect(pay).toMatchObject({ gross: 800_000, retention: 40_000, net: 760_000 });
    await ok(call(operator, 'POST', `/api/v1/payments/${pay.id}/approve`));
    await ok(call(operator2, 'POST', `/api/v1/payments/${pay.id}/pay`, { paidOn: '2026-11-28', fundingSource: 'partner_country', pledgeId: pledge.id }));

    // a variation above the threshold: a second approver
    const v = await ok(
      call(operator, 'POST', `/api/v1/contracts/${signed.id}/variations`, {
        valueChange: 400_000,
        newPeriodEnd: '2028-03-31',
        reason: 'Twenty more homes requested by the district',
      }),
      201,
    );
    expect(v).toMatchObject({ status: 'pending', cumulativePct: 20 });
    await ok(call(operator2, 'POST', `/api/v1/variations/${v.id}/decision`, { decision: 'approved' }));

    // the rest of the work, final acceptance
    const rep2 = await ok(
      call(korean, 'POST', `/api/v1/contracts/${signed.id}/progress-reports`, {
        periodStart: '2026-12-01',
        periodEnd: '2026-12-31',
        narrative: 'Handover of 80 homes',
        quantities: [{ projectOutputId: homes.id, quantity: 80 }],
      }),
      201,
    );
    await ok(call(operator, 'POST', `/api/v1/progress-reports/${rep2.id}/decision`, { decision: 'accepted' }));
    await ok(call(korean, 'POST', `/api/v1/milestones/${ms[1].id}/submit`));
    await ok(call(operator, 'POST', `/api/v1/milestones/${ms[1].id}/decision`, { decision: 'accepted' }));
    c = await ok(call(operator, 'POST', `/api/v1/contracts/${signed.id}/complete`, { actualEndDate: '2026-12-31', finalScope: '120 homes' }));
    expect(c).toMatchObject({ status: 'completed', finalValue: { amount: 2_400_000, currency: 'AZN' }, actualEndDate: '2026-12-31' });
    expect(c.history.map((h: { to: string }) => h.to)).toEqual(['signed', 'in_progress', 'completed']);

    // OCDS record: validates and carries milestones, transactions, amendments
    const pkg = await ok(call(null, 'GET', `/api/v1/ocds/records/${tender.ocid}`));
    expect(loadSchemaValidator('ocds/schema/record-package-schema.json').validate(pkg).errors).toEqual([]);
    const compiled = pkg.records[0].compiledRelease;
    const oc = compiled.contracts[0];
    expect(oc.value).toEqual({ amount: 2_400_000, currency: 'AZN' });
    expect(oc.milestones.map((x: { status: string }) => x.status)).toEqual(['met', 'met']);
    expect(oc.amendments).toEqual([expect.objectContaining({ id: v.id, rationale: 'Twenty more homes requested by the district' })]);
    expect(oc.implementation.transactions).toEqual([expect.objectContaining({ id: pay.id, value: { amount: 760_000, currency: 'AZN' } })]);
    expect(oc.implementation.milestones).toHaveLength(2);
    for (const r of pkg.records[0].releases) expect(loadSchemaValidator('ocds/schema/release-schema.json').validate(r).errors).toEqual([]);
    const tags = pkg.records[0].releases.flatMap((r: { tag: string[] }) => r.tag);
    expect(tags).toEqual(expect.arrayContaining(['contract', 'implementationUpdate', 'contractAmendment']));

    // OC4IDS project: validates and summarises the contracting process
    const o4 = await ok(call(null, 'GET', `/api/v1/oc4ids/projects/${project.id}`));
    expect(loadSchemaValidator('oc4ids/schema/project-package-schema.json').validate(o4).errors).toEqual([]);
    const proc = o4.projects[0].contractingProcesses.find((p: { id: string }) => p.id === tender.ocid);
    expect(proc.summary).toMatchObject({ status: 'closed', contractValue: { amount: 2_000_000 }, finalValue: { amount: 2_400_000 } });
    expect(proc.summary.modifications[0]).toMatchObject({ type: 'value', oldContractValue: { amount: 2_000_000 }, newContractValue: { amount: 2_400_000 } });
    expect(proc.summary.transactions).toHaveLength(1);
    expect(o4.projects[0].status).toBe('completion');
    expect(o4.projects[0].metrics[0].observations[0].measure).toBe(120);

    // the pledge's disbursed moved; follow the money shows the chain
    const pl = await ok(call(null, 'GET', `/api/v1/pledges/${pledge.id}`));
    expect(pl.disbursed.amount).toBe(760_000);
    const flow = (await ok(call(null, 'GET', '/api/v1/follow-the-money/KR'))).pledges.find((x: { pledgeId: string }) => x.pledgeId === pledge.id);
    expect(flow).toMatchObject({ pledged: 3_000_000, committed: 2_000_000, contracted: 2_000_000, paid: 760_000, outputs: [{ metric: 'homes', achieved: 120 }] });
    expect(flow.rebuiltKm2).toBeCloseTo(3.8, 1); // 0.02° × 0.02° at 39.9° N
    expect(flow.links.payments[0].id).toBe(pay.id);

    // home figures: spent and rebuilt changed
    const after = { stats: await ok(call(null, 'GET', '/api/v1/stats/procurement')), land: await ok(call(null, 'GET', '/api/v1/land/summary')) };
    expect(before.stats.spent).toBeNull();
    expect(after.stats.spent).toEqual({ amount: 760_000, currency: 'AZN' });
    expect(before.land.programme.rebuiltKm2).toBe(0);
    expect(after.land.programme.rebuiltKm2).toBeCloseTo(3.8, 1);
    const audit = await sql<{
      action: string;
    }>`select action from audit_event where action like 'payment.%' or action like 'contract.%' or action like 'milestone.%' order by id`.execute(env.deps.db);
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['contract.open', 'milestone.accept', 'payment.request', 'payment.approved', 'payment.paid', 'contract.complete']),
    );
  }, 180_000);
});
