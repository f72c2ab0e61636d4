import sharp from 'sharp';
import type { Ctx } from '../../lib/context.ts';
import type { DemoState } from '../../seed/demo.ts';
import type { Role } from '../auth/permissions.ts';
import * as pledgeService from '../partners/pledges.service.ts';
import * as projects from '../projects/service.ts';
import { withExif } from './exif-writer.ts';
import * as repo from './repo.ts';
import { completion, contracts, milestones, payments, progress, variations } from './service.ts';

/**
 * The contracts demo step: the demo's signed contracts in execution, with
 * milestones met, late and rejected; progress photos (generated JPEGs with
 * real EXIF GPS, on site and once off site); payments from the government,
 * a donor and a Korean pledge; an advance; a variation above the threshold;
 * one contract completed (its project moves to completion). The red flags
 * then appear for those reasons (late milestone, variations, off-site photo).
 */
const DAY = 86_400_000;
const ago = (d: number) => new Date(Date.now() - d * DAY).toISOString().slice(0, 10);

function as(ctx: Ctx, userId: string, email: string, roles: Role[], orgId: string | null): Ctx {
  return { ...ctx, actor: { kind: 'user', userId, orgId, roles, label: email }, requestId: 'demo-seed' };
}

// One encoded picture for every demo photo: encoding was a twentieth of the step, and each photo still differs (and has its own SHA-256) by its EXIF time and position.
let base: Promise<Buffer> | null = null;
async function photo(lat: number, lon: number, daysAgo: number, gps = true) {
  base ??= sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 140, g: 140, b: 100 } } })
    .jpeg({ quality: 70 })
    .toBuffer();
  return withExif(await base, { takenAt: new Date(Date.now() - daysAgo * DAY), position: gps ? { lat, lon } : undefined });
}

export async function seedContracts(ctx: Ctx, state: DemoState) {
  const all = await repo.demoContracts(ctx.db);
  if (all.length === 0) return;
  const operator = as(ctx, state.users['operator@demo.berpa.test'], 'operator@demo.berpa.test', ['operator'], state.orgs.agency);
  const admin = as(ctx, state.users['admin@demo.berpa.test'], 'admin@demo.berpa.test', ['admin'], state.orgs.agency);
  const supplierOf = async (c: (typeof all)[number]) => {
    const u = (await repo.userOfOrg(ctx.db, c.supplier_org_id))!;
    return as(ctx, u.id, u.email, ['company'], c.supplier_org_id);
  };
  // A Korean pledge in the contracts' currency, committed, that payments draw on.
  const pledge = await pledgeService.createPledge(
    admin,
    {
      country: 'KR',
      pledger: 'Korean development co-operation agency',
      description: { en: 'Co-financing of reconstruction works contracts', az: 'Bərpa işləri müqavilələrinin birgə maliyyələşdirilməsi' },
      currency: 'AZN',
      amount: 5_000_000,
      pledgedOn: ago(200),
    },
    undefined,
    { isDemo: true },
  );
  await pledgeService.stepPledge(admin, pledge.id, 'committed', { amount: 4_000_000, on: ago(180) });
  // The pledge funds the first contract's project (a funding line naming it), so the country's follow-the-money shows it contracted as well as paid.
  if (all[0].project_id) await fundFromPledge(operator, all[0].project_id, pledge.id, Math.min(4_000_000, Number(all[0].value_amount)));

  for (const [i, c] of all.entries()) {
    const supplier = await supplierOf(c);
    const lat = Number(c.lat ?? 39.8),
      lon = Number(c.lon ?? 46.8);
    const ms = await milestones.plan(operator, c.id, {
      milestones: [
        { title: { en: 'Mobilisation and site works', az: 'Mobilizasiya və tikinti meydançası işləri' }, dueDate: ago(90), sharePct: 30 },
        { title: { en: 'Main works', az: 'Əsas işlər' }, dueDate: ago(40), sharePct: 50 },
        { title: { en: 'Commissioning and handover', az: 'İstismara vermə və təhvil' }, dueDate: i === 2 ? ago(5) : ago(-200), sharePct: 20 },
      ],
    });
    const rep = await progress.report(supplier, c.id, {
      periodStart: ago(120),
      periodEnd: ago(60),
      narrative: 'Site cleared, access road and foundations complete.',
      milestoneId: ms[0].id,
    });
    await progress.addPhoto(supplier, rep.id, { data: await photo(lat + 0.0003, lon - 0.0002, 75) });
    if (i === 0) await progress.addPhoto(supplier, rep.id, { data: await photo(lat, lon, 70, false) });
    if (i === 1) await progress.addPhoto(supplier, rep.id, { data: await photo(lat + 0.08, lon + 0.05, 72), offSiteReason: 'Taken at the precast yard producing the beams' });
    await progress.decide(operator, rep.id, { decision: 'accepted' });
    await milestones.submit(supplier, ms[0].id);
    await milestones.decide(operator, ms[0].id, { decision: 'accepted' });
    const p1 = await payments.request(supplier, c.id, { kind: 'milestone', milestoneId: ms[0].id });
    await payments.approve(operator, p1.id);
    // Paid on the day of acceptance: the milestones are accepted during seeding, and an earlier payment date would raise payment_before_acceptance without a real reason.
    await payments.pay(
      admin,
      p1.id,
      i === 0 ? { paidOn: ago(0), fundingSource: 'partner_country', pledgeId: pledge.id } : { paidOn: ago(0), fundingSource: i === 1 ? 'donor' : 'government' },
    );

    if (i === 0) {
      // Main works submitted and rejected: now late (due 40 days ago, not accepted).
      await milestones.submit(supplier, ms[1].id);
      await milestones.decide(operator, ms[1].id, { decision: 'rejected', reason: 'Concrete cube tests below the specified strength; rework required.' });
      const g = (
        await contracts.addGuarantee(operator, c.id, {
          kind: 'performance',
          issuer: 'Kapital Bank',
          amount: Math.round(Number(c.value_amount) * 0.1),
          currency: 'AZN',
          expiresOn: ago(-500),
        })
      ).guarantees[0];
      void g;
    }
    if (i === 1) {
      const adv = (
        await contracts.addGuarantee(operator, c.id, {
          kind: 'advancePayment',
          issuer: 'Pasha Bank',
          amount: Math.round(Number(c.value_amount) * 0.1),
          currency: 'AZN',
          expiresOn: ago(-365),
        })
      ).guarantees[0];
      const a = await payments.request(operator, c.id, { kind: 'advance', guaranteeId: adv.id, amount: adv.amount });
      await payments.approve(admin, a.id);
      await payments.pay(admin, a.id, { paidOn: ago(140), fundingSource: 'government' });
      const v = await variations.propose(operator, c.id, {
        valueChange: Math.round(Number(c.value_amount) * 0.18),
        newPeriodEnd: ago(-450),
        reason: 'Additional spillway works required after the dam safety review',
        scope: 'Spillway and stilling basin added',
      });
      await variations.approve(admin, v.id, { decision: 'approved', reason: 'Dam safety review attached' });
    }
    if (i === 2) {
      for (const m of ms.slice(1)) {
        await milestones.submit(supplier, m.id);
        await milestones.decide(operator, m.id, { decision: 'accepted' });
        const p = await payments.request(supplier, c.id, { kind: 'milestone', milestoneId: m.id });
        await payments.approve(operator, p.id);
        await payments.pay(admin, p.id, { paidOn: ago(0), fundingSource: 'government' });
      }
      await completion.complete(operator, c.id, { actualEndDate: ago(2), finalScope: 'All works delivered as contracted' });
    }
  }
}

/** Part of the project's largest AZN funding line is re-attributed to the pledge: the sources still add up to the budget. */
async function fundFromPledge(ctx: Ctx, projectId: string, pledgeId: string, amount: number) {
  const p = await projects.get(ctx, projectId);
  const lines = p.funding.map((f) => ({
    sourceType: f.sourceType,
    country: f.country ?? undefined,
    organisationId: f.organisationId ?? undefined,
    pledgeId: f.pledgeId ?? undefined,
    amount: f.amount,
    currency: f.currency,
  }));
  const largest = lines.filter((f) => f.currency === 'AZN' && !f.pledgeId).sort((a, b) => b.amount - a.amount)[0];
  if (!largest) return;
  const share = Math.min(amount, largest.amount);
  largest.amount -= share;
  const funding = [...lines.filter((f) => f.amount > 0), { sourceType: 'partner_country' as const, country: 'KR', pledgeId, amount: share, currency: 'AZN' }];
  await projects.update(ctx, projectId, { funding });
}
