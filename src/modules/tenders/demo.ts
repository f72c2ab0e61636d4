import fs from 'node:fs';
import path from 'node:path';
import type { LocalizedText } from '../../db/columns.ts';
import type { Ctx } from '../../lib/context.ts';
import { decryptShare, encodeBidPayload, encryptShare, generateX25519KeyPair, type KeyPair, sealBid, shareSha256, splitKey } from '../../lib/sealing/index.ts';
import type { DemoState } from '../../seed/types.ts';
import type { Role } from '../auth/permissions.ts';
import { isPartnerOn } from '../partners/eligibility.ts';
import * as bidRepo from './bids.repo.ts';
import * as repo from './repo.ts';
import type { TenderInputT } from './schema.ts';
import { amendments, awards, bids, complaints, enquiries, evaluation, opening, tenders } from './service.ts';

/**
 * Demo tenders at every stage. Bids are sealed for real with the sealing
 * library and opened for real with two of the three demo committee shares.
 * The demo committee members' private keys are written ONLY to
 * `<dataDir>/demo/committee-keys.json` (mode 0600) so that a demo committee
 * member can decrypt their share in the web app; a production deployment
 * never writes them (and refuses demo data unless forced, see `berpa seed`).
 */
type Stage = 'draft' | 'tendering' | 'evaluation' | 'standstill' | 'complete' | 'cancelled' | 'unsuccessful';
interface Spec {
  stage: Stage;
  title: LocalizedText;
  lots: string[];
  bidders: [email: string, prices: number[]][];
}
const COMMITTEE = ['committee1@demo.berpa.test', 'committee2@demo.berpa.test', 'committee3@demo.berpa.test'];
const SPECS: Spec[] = [
  { stage: 'draft', title: { en: 'Jabrayil school No. 1: reconstruction', az: 'Cəbrayıl 1 nömrəli məktəbin bərpası' }, lots: ['Building works'], bidders: [] },
  {
    stage: 'tendering',
    title: { en: 'Aghdam water main, phase 2', az: 'Ağdam su magistralı, 2-ci mərhələ', ko: '아그담 상수도 본관 2단계' },
    lots: ['Pipeline', 'Pumping station'],
    bidders: [
      ['company@demo.berpa.test', [4_250_000, 1_180_000]],
      ['company-az@demo.berpa.test', [4_390_000, 1_090_000]],
    ],
  },
  {
    stage: 'evaluation',
    title: { en: 'Fuzuli–Shusha road lighting', az: 'Füzuli–Şuşa yolunun işıqlandırılması' },
    lots: ['Lighting'],
    bidders: [
      ['company@demo.berpa.test', [2_310_000]],
      ['company-tr@demo.berpa.test', [2_180_000]],
      ['company-az@demo.berpa.test', [1_420_000]],
    ],
  },
  {
    stage: 'standstill',
    title: { en: 'Zangilan smart village: housing block A', az: 'Zəngilan ağıllı kəndi: A yaşayış bloku', ko: '장길란 스마트 빌리지 A동' },
    lots: ['Housing block A'],
    bidders: [
      ['company@demo.berpa.test', [7_900_000]],
      ['company-tr@demo.berpa.test', [8_150_000]],
      ['company-it@demo.berpa.test', [8_600_000]],
    ],
  },
  {
    stage: 'complete',
    title: { en: 'Lachin substation refurbishment', az: 'Laçın yarımstansiyasının təmiri' },
    lots: ['Substation'],
    bidders: [
      ['company-tr@demo.berpa.test', [3_050_000]],
      ['company@demo.berpa.test', [2_990_000]],
    ],
  },
  { stage: 'cancelled', title: { en: 'Kalbajar bridge survey', az: 'Kəlbəcər körpüsünün tədqiqi' }, lots: ['Survey'], bidders: [] },
  {
    stage: 'unsuccessful',
    title: { en: 'Gubadli clinic equipment', az: 'Qubadlı klinikasının avadanlığı' },
    lots: ['Equipment'],
    bidders: [['company-de@demo.berpa.test', [640_000]]],
  },
  // Two more signed contracts for the contracts module's demo step (execution, payments, completion).
  {
    stage: 'complete',
    title: { en: 'Kalbajar hydropower plant rehabilitation', az: 'Kəlbəcər SES-in bərpası' },
    lots: ['Turbines and penstock'],
    bidders: [
      ['company-tr@demo.berpa.test', [5_400_000]],
      ['company-it@demo.berpa.test', [5_650_000]],
    ],
  },
  {
    stage: 'complete',
    title: { en: 'Lachin school No. 2: new building', az: 'Laçın 2 nömrəli məktəbin yeni binası', ko: '라친 제2학교 신축' },
    lots: ['School building'],
    bidders: [
      ['company@demo.berpa.test', [1_850_000]],
      ['company-az@demo.berpa.test', [1_990_000]],
    ],
  },
];

function as(ctx: Ctx, state: DemoState, email: string, roles: Role[], orgId: string | null): Ctx {
  return { ...ctx, actor: { kind: 'user', userId: state.users[email], orgId, roles, label: email }, requestId: 'demo-seed' };
}

async function orgOf(ctx: Ctx, state: DemoState, email: string) {
  const u = await repo.member(ctx.db, state.users[email]);
  return as(ctx, state, email, u.roles as Role[], u.organisation_id);
}

function input(spec: Spec, i: number, projects: string[], members: string[], eligibility: 'all' | 'partners'): TenderInputT {
  const now = Date.now();
  const day = 86_400_000;
  return {
    title: spec.title,
    description: { en: `${spec.title.en}. Demonstration tender.` },
    projectIds: projects.length ? [projects[i % projects.length]] : [],
    method: 'open',
    eligibility,
    awardCriteria: 'priceOnly',
    value: { amount: 10_000_000, currency: 'AZN' },
    documents: [{ title: 'Tender dossier', sha256: 'c0ffee'.padEnd(64, '0'), documentType: 'tenderNotice' }],
    lots: spec.lots.map((l) => ({ title: { en: l }, value: { amount: 5_000_000, currency: 'AZN' } })),
    enquiryPeriod: { startDate: new Date(now - 5 * day).toISOString(), endDate: new Date(now + 10 * day).toISOString() },
    tenderPeriod: { startDate: new Date(now - 5 * day).toISOString(), endDate: new Date(now + 21 * day).toISOString() },
    openingDate: new Date(now + 21 * day + 3600_000).toISOString(),
    standstillDays: 10,
    minBids: spec.stage === 'unsuccessful' ? 2 : 1,
    committee: { memberUserIds: members, k: 2 },
  };
}

async function setupKey(chair: Ctx, tenderId: string, members: { id: string; keys: KeyPair }[]) {
  const kp = await generateX25519KeyPair();
  const shares = await splitKey(kp.privateKey, members.length, 2);
  await tenders.setupOpeningKey(chair, tenderId, {
    openingPublicKey: kp.publicKey,
    k: 2,
    n: members.length,
    shares: await Promise.all(
      members.map(async (m, i) => ({
        memberUserId: m.id,
        encryptedShare: await encryptShare(m.keys.publicKey, shares[i], { tenderId, memberUserId: m.id }),
        shareSha256: await shareSha256(shares[i]),
      })),
    ),
  });
  return kp.publicKey;
}

export async function seedTenders(ctx: Ctx, state: DemoState) {
  const members = [];
  for (const email of COMMITTEE) {
    const keys = await generateX25519KeyPair();
    await tenders.registerMemberKey(as(ctx, state, email, ['committee'], state.orgs.agency), keys.publicKey);
    members.push({ email, id: state.users[email], keys });
  }
  if (!ctx.config.production) {
    const dir = path.join(ctx.config.dataDir, 'demo');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'committee-keys.json'), JSON.stringify(Object.fromEntries(members.map((m) => [m.email, m.keys])), null, 2), { mode: 0o600 });
  }
  const operator = as(ctx, state, 'operator@demo.berpa.test', ['operator'], state.orgs.agency);
  const day = (await repo.clock(ctx.db)).day;
  const ids: string[] = [];
  for (const [i, spec] of SPECS.entries()) {
    // Restricted to partner countries where every demo bidder's country is a partner today (the partners step may not have run).
    let partnersOnly = i % 2 === 1;
    for (const [email] of spec.bidders) {
      const bidder = await orgOf(ctx, state, email);
      const org = (await bidRepo.orgById(ctx.db, bidder.actor.orgId!))!;
      if (!(await isPartnerOn(ctx.db, org.country, day))) partnersOnly = false;
    }
    const t = await tenders.create(
      operator,
      input(
        spec,
        i,
        state.refs.projects ?? [],
        members.map((m) => m.id),
        partnersOnly ? 'partners' : 'all',
      ),
      undefined,
      { isDemo: true },
    );
    ids.push(t.id);
    if (spec.stage === 'draft') continue;
    const publicKey = await setupKey(as(ctx, state, COMMITTEE[0], ['committee'], state.orgs.agency), t.id, members);
    await tenders.publish(operator, t.id);
    await seedActivity(ctx, state, operator, spec, t, publicKey, members);
  }
  state.refs.tenders = ids;
}

async function seedActivity(
  ctx: Ctx,
  state: DemoState,
  operator: Ctx,
  spec: Spec,
  t: { id: string; lots: { id: string }[] },
  publicKey: string,
  members: { email: string; id: string; keys: KeyPair }[],
) {
  const hanbit = await orgOf(ctx, state, 'company@demo.berpa.test');
  const q = await enquiries.ask(hanbit, t.id, { question: 'Are bank guarantees from Korean banks accepted for the bid security?' });
  await enquiries.answer(operator, t.id, q.id, 'Yes, from any bank licensed in an eligible country, with an Azerbaijani correspondent bank.');
  if (spec.stage === 'cancelled') {
    await tenders.cancel(operator, t.id, 'The survey is merged into the bridge design tender.');
    return;
  }
  if (spec.stage === 'tendering')
    await amendments.amend(operator, t.id, { reason: 'Clarified the tender dossier title', changes: { title: { ...spec.title, en: `${spec.title.en} (revised)` } } });
  for (const [email, prices] of spec.bidders) {
    const bidder = await orgOf(ctx, state, email);
    const payload = encodeBidPayload({
      lots: t.lots.map((l, i) => ({ lotId: l.id, price: { amount: prices[i], currency: 'AZN' } })),
      technicalProposal: { documents: [{ title: 'Method statement', sha256: 'ab'.repeat(32) }] },
      declarations: { noConflictOfInterest: true, noCollusion: true },
    });
    const envelope = await sealBid(publicKey, payload, { tenderId: t.id, bidderOrgId: bidder.actor.orgId! });
    await bids.submit(bidder, t.id, { lotIds: t.lots.map((l) => l.id), envelope });
  }
  if (spec.stage === 'tendering') return;
  await ctx.db.transaction().execute((trx) => repo.demoCloseBidding(trx, t.id));
  for (const m of members.slice(0, 2)) {
    const mctx = as(ctx, state, m.email, ['committee'], state.orgs.agency);
    const mine = await opening.myShare(mctx, t.id);
    await opening.submitShare(mctx, t.id, await decryptShare(m.keys.privateKey, mine.encryptedShare as never, { tenderId: t.id, memberUserId: m.id }));
  }
  if (spec.stage === 'evaluation' || spec.stage === 'unsuccessful') return;
  await evaluation.declare(as(ctx, state, 'evaluator@demo.berpa.test', ['evaluator'], state.orgs.agency), t.id, { hasConflict: false, statement: 'I have no ties to any bidder.' });
  const ranking = (await evaluation.evaluation(operator, t.id)).ranking;
  await awards.award(operator, t.id, { bidId: ranking[0].bidId, reasons: 'Lowest valid price under price-only award criteria.' });
  if (spec.stage === 'standstill') {
    await complaints.complain(await orgOf(ctx, state, 'company-tr@demo.berpa.test'), t.id, 'The winning bid omits the required seismic design certificate.');
    return;
  }
  await ctx.db.transaction().execute((trx) => repo.demoEndStandstill(trx, t.id));
  await awards.confirm(operator, t.id);
  // Works started months ago, so that the contracts demo can show milestones met, late and paid.
  const start = new Date(Date.now() - 150 * 86_400_000).toISOString().slice(0, 10);
  const end = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  await awards.signContract(operator, t.id, { periodStart: start, periodEnd: end });
}
