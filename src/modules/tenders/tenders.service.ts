import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, type FieldError, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { checkEnvelope, fromBase64Url } from '../../lib/sealing/index.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan, can } from '../auth/permissions.ts';
import * as notify from '../feeds/notify.ts';
import * as programmeRepo from '../programme/repo.ts';
import { assertTenderPeriods } from '../programme/service.ts';
import { TenderErrors } from './errors.ts';
import { resolveTenderFilter, type TenderFilterInput } from './filter.ts';
import { tenderOrNotFound } from './load.ts';
import { publishStage } from './ocds-hook.ts';
import { TenderPerms } from './permissions.ts';
import { presentTender } from './present.ts';
import * as repo from './repo.ts';
import { canMove, checkCriteria } from './rules.ts';
import type { OpeningKeyInputT, TenderInputT } from './schema.ts';
import type { TenderStatus, TenderTable } from './tables.ts';

/** Load and present one tender (with lots, projects, committee) using the database clock. */
export async function view(ex: Executor, id: string) {
  const t = await repo.byId(ex, id);
  if (!t) throw notFound('tender', id);
  const [lots, projectIds, committee, { now }] = await Promise.all([repo.lots(ex, id), repo.projectIds(ex, id), repo.committee(ex, id), repo.clock(ex)]);
  return presentTender(t, { lots, projectIds, now, committee: committee.map((c) => ({ userId: c.user_id, hasShare: c.encrypted_share !== null, memberPublicKey: c.public_key })) });
}

/**
 * Present a page of tender rows with four statements whatever the page size
 * (lots, projects, committees and the clock each loaded for all of them at once).
 */
async function viewsOf(ex: Executor, rows: Selectable<TenderTable>[]) {
  const ids = rows.map((r) => r.id);
  const [lots, links, committee, { now }] = await Promise.all([repo.lotsOfMany(ex, ids), repo.projectIdsOfMany(ex, ids), repo.committeeOfMany(ex, ids), repo.clock(ex)]);
  const group = <T extends { tender_id: string }>(xs: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of xs) (m.get(x.tender_id) ?? m.set(x.tender_id, []).get(x.tender_id)!).push(x);
    return (id: string) => m.get(id) ?? [];
  };
  const [lotsOf, linksOf, committeeOf] = [group(lots), group(links), group(committee)];
  return rows.map((t) =>
    presentTender(t, {
      lots: lotsOf(t.id),
      projectIds: linksOf(t.id).map((l) => l.project_id),
      now,
      committee: committeeOf(t.id).map((c) => ({ userId: c.user_id, hasShare: c.encrypted_share !== null, memberPublicKey: c.public_key })),
    }),
  );
}

function checkPeriods(i: TenderInputT): FieldError[] {
  const e: FieldError[] = [];
  const d = (s: string) => new Date(s).getTime();
  if (d(i.enquiryPeriod.startDate) > d(i.enquiryPeriod.endDate))
    e.push({ field: '/body/enquiryPeriod/endDate', message: 'before the start', code: 'end_before_start', params: { other: 'enquiryPeriod/startDate' } });
  if (d(i.tenderPeriod.startDate) > d(i.tenderPeriod.endDate))
    e.push({ field: '/body/tenderPeriod/endDate', message: 'before the start', code: 'end_before_start', params: { other: 'tenderPeriod/startDate' } });
  if (d(i.enquiryPeriod.endDate) > d(i.tenderPeriod.endDate))
    e.push({ field: '/body/enquiryPeriod/endDate', message: 'after the bid deadline', code: 'after_other_date', params: { other: 'tenderPeriod/endDate' } });
  if (d(i.openingDate) < d(i.tenderPeriod.endDate))
    e.push({ field: '/body/openingDate', message: 'before the bid deadline', code: 'before_other_date', params: { other: 'tenderPeriod/endDate' } });
  const crit = checkCriteria(i.awardCriteria, i.criteria ?? []);
  if (crit) e.push({ field: '/body/criteria', message: crit });
  if (i.committee.k > i.committee.memberUserIds.length)
    e.push({ field: '/body/committee/k', message: 'larger than the committee', code: 'exceeds_count', params: { limit: i.committee.memberUserIds.length } });
  const refs = i.lots.map((l, n) => l.ref ?? String(n + 1));
  if (new Set(refs).size !== refs.length) e.push({ field: '/body/lots', message: 'lot refs must be unique', code: 'duplicate_reference' });
  return e;
}

/** The columns a draft's input decides (create and edit write the same ones). */
function draftFields(input: TenderInputT) {
  return {
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description ?? {}),
    method: input.method,
    eligibility: input.eligibility,
    award_criteria: input.awardCriteria,
    criteria: JSON.stringify(input.criteria ?? []),
    value_amount: input.value?.amount ?? null,
    value_currency: input.value?.currency ?? null,
    documents: JSON.stringify(input.documents ?? []),
    enquiry_start: input.enquiryPeriod.startDate,
    enquiry_end: input.enquiryPeriod.endDate,
    tender_start: input.tenderPeriod.startDate,
    tender_end: input.tenderPeriod.endDate,
    opening_at: input.openingDate,
    standstill_days: input.standstillDays ?? 10,
    min_bids: input.minBids ?? 1,
    amendment_window_days: input.amendmentWindowDays ?? 5,
    opening_k: input.committee.k,
    opening_n: input.committee.memberUserIds.length,
  };
}

function lotRows(tenderId: string, input: TenderInputT) {
  return input.lots.map((l, n) => ({
    tender_id: tenderId,
    ref: l.ref ?? String(n + 1),
    title: JSON.stringify(l.title),
    description: JSON.stringify(l.description ?? {}),
    value_amount: l.value?.amount ?? null,
    value_currency: l.value?.currency ?? null,
    position: n,
  }));
}

/** Committee members must hold the committee role; linked projects must exist. */
async function checkDraftReferences(trx: Tx, input: TenderInputT) {
  const members = await repo.usersWithRole(trx, input.committee.memberUserIds, 'committee');
  if (members.length !== input.committee.memberUserIds.length)
    throw validationError([{ field: '/body/committee/memberUserIds', message: 'every member must be an active user with the committee role' }]);
  const known = await repo.existingProjects(trx, input.projectIds);
  const missing = input.projectIds.findIndex((p) => !known.has(p));
  if (missing >= 0) throw validationError([{ field: `/body/projectIds/${missing}`, message: 'no such project', code: 'unknown_reference' }]);
}

/**
 * Create a draft tender. A retry with the same Idempotency-Key returns the first draft.
 * Errors: forbidden, validation_failed (periods, criteria, committee), idempotency_key_reused.
 */
export async function create(ctx: Ctx, input: TenderInputT, key?: string, opts: { isDemo?: boolean } = {}) {
  assertCan(ctx.actor, TenderPerms.manage);
  const errors = checkPeriods(input);
  if (errors.length) throw validationError(errors);
  return ctx.db.transaction().execute(async (trx) => {
    const r = await idempotent(trx, `tender.create:${ctx.actor.userId ?? ctx.actor.label}`, key, input, async () => {
      const programme = await programmeRepo.current(trx);
      if (!programme) throw new AppError(Errors.invalidState, 'no programme is set up');
      await checkDraftReferences(trx, input);
      const t = await repo.insertTender(trx, {
        ocid: await repo.nextOcid(trx, programme.ocid_prefix),
        programme_id: programme.id,
        ...draftFields(input),
        opening_public_key: null,
        published_at: null,
        status_reason: null,
        created_by: ctx.actor.userId,
        is_demo: opts.isDemo ?? false,
      });
      await repo.insertLots(trx, lotRows(t.id, input));
      await repo.linkProjects(trx, t.id, input.projectIds);
      await repo.insertCommittee(trx, t.id, input.committee.memberUserIds);
      const v = await view(trx, t.id);
      await recordAudit(trx, ctx, { action: 'tender.create', entityType: 'tender', entityId: t.id, after: v });
      return v;
    });
    return r.value;
  });
}

/**
 * Replace a draft's content (the edit form sends the whole draft). Once the
 * committee has set the opening key, its members and k are fixed: the shares
 * were sealed for exactly those members, so changing them would leave bids
 * that no quorum can open.
 * Errors: forbidden, not_found, invalid_state (not a draft; committee changed after the key ceremony), validation_failed.
 */
export async function updateDraft(ctx: Ctx, id: string, input: TenderInputT) {
  assertCan(ctx.actor, TenderPerms.manage);
  const errors = checkPeriods(input);
  if (errors.length) throw validationError(errors);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, id), id);
    if (t.status !== 'draft') throw new AppError(Errors.invalidState, `the tender is ${t.status}; published tenders change by amendment`);
    await checkDraftReferences(trx, input);
    const before = await view(trx, id);
    const had = before.opening.committee.map((c) => c.userId).sort();
    const wants = [...input.committee.memberUserIds].sort();
    const committeeChanged = had.join() !== wants.join() || input.committee.k !== t.opening_k;
    if (committeeChanged && t.opening_public_key) {
      throw new AppError(Errors.invalidState, 'the committee has already set the opening key for these members; the committee and k can no longer change', {
        errors: [{ field: '/body/committee', message: 'fixed by the key ceremony' }],
      });
    }
    await repo.update(trx, id, draftFields(input));
    await repo.replaceLots(trx, id, lotRows(id, input));
    await repo.replaceProjects(trx, id, input.projectIds);
    if (committeeChanged) await repo.replaceCommittee(trx, id, input.committee.memberUserIds);
    const v = await view(trx, id);
    await recordAudit(trx, ctx, { action: 'tender.update', entityType: 'tender', entityId: id, before, after: v });
    return v;
  });
}

/** Drafts are visible to officials and the tender's committee; everything else is public. Errors: not_found. */
export async function get(ctx: Ctx, id: string) {
  const v = await view(ctx.db, id);
  if (v.status === 'draft' && !can(ctx.actor, TenderPerms.readDrafts) && !v.opening.committee.some((c) => c.userId === ctx.actor.userId)) throw notFound('tender', id);
  return v;
}

/** Errors: validation_failed (an unknown sector, district or country, naming its field). */
export async function list(ctx: Ctx, q: TenderFilterInput & { status?: string; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const match = await resolveTenderFilter(ctx.db, q, '/querystring');
  const visible: TenderStatus[] = ['active', 'opening', 'evaluation', 'standstill', 'awarded', 'complete', 'cancelled', 'unsuccessful'];
  if (can(ctx.actor, TenderPerms.readDrafts)) visible.push('draft');
  const statuses = q.status ? visible.filter((s) => s === q.status) : visible;
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const draftsOfMember = !q.status || q.status === 'draft' ? (ctx.actor.roles.includes('committee') ? (ctx.actor.userId ?? undefined) : undefined) : undefined;
  if (statuses.length === 0 && !draftsOfMember) return { items: [], nextCursor: null };
  const rows = await repo.list(ctx.db, { statuses: statuses.length ? statuses : ['__none__'], after, limit, draftsOfMember, match });
  const page = pageOf(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
  return { items: await viewsOf(ctx.db, page.items), nextCursor: page.nextCursor };
}

/**
 * A committee member of the tender uploads the opening public key and the
 * shares, each sealed to one member's registered key (generated on the
 * chair's machine; the private key never comes here).
 * Errors: forbidden, not_committee_member, invalid_state (not a draft), validation_failed.
 */
export async function setupOpeningKey(ctx: Ctx, tenderId: string, input: OpeningKeyInputT) {
  assertCan(ctx.actor, TenderPerms.setupOpeningKey);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, tenderId), tenderId);
    const members = await repo.committee(trx, tenderId);
    if (!members.some((m) => m.user_id === ctx.actor.userId)) throw new AppError(TenderErrors.notCommittee);
    if (t.status !== 'draft') throw new AppError(Errors.invalidState, 'the opening key can be set only on a draft tender');
    const errors: FieldError[] = [];
    let keyOk = false;
    try {
      keyOk = fromBase64Url(input.openingPublicKey).length === 32;
    } catch {
      keyOk = false;
    }
    if (!keyOk) errors.push({ field: '/body/openingPublicKey', message: 'not a base64url X25519 public key' });
    if (input.k !== t.opening_k || input.n !== t.opening_n) errors.push({ field: '/body/k', message: `this tender opens with ${t.opening_k} of ${t.opening_n}` });
    const ids = input.shares.map((s) => s.memberUserId);
    if (new Set(ids).size !== ids.length || ids.length !== members.length || !members.every((m) => ids.includes(m.user_id)))
      errors.push({ field: '/body/shares', message: 'one share per committee member, no others' });
    input.shares.forEach((s, i) => {
      if (!checkEnvelope(s.encryptedShare)) errors.push({ field: `/body/shares/${i}/encryptedShare`, message: 'not a sealed envelope' });
      if (!members.find((m) => m.user_id === s.memberUserId)?.public_key) errors.push({ field: `/body/shares/${i}/memberUserId`, message: 'this member has not registered a key' });
    });
    if (errors.length) throw validationError(errors);
    await repo.update(trx, tenderId, { opening_public_key: input.openingPublicKey });
    for (const s of input.shares) await repo.setShare(trx, tenderId, s.memberUserId, JSON.stringify(s.encryptedShare), s.shareSha256);
    await recordAudit(trx, ctx, {
      action: 'tender.opening_key',
      entityType: 'tender',
      entityId: tenderId,
      after: { openingPublicKey: input.openingPublicKey, k: input.k, n: input.n },
    });
    return view(trx, tenderId);
  });
}

/**
 * Errors: forbidden, not_found, invalid_state (not a draft, no opening key, deadline already past),
 * tender_period_too_short (the programme's minimum periods for the tender's method and value band).
 */
export async function publish(ctx: Ctx, id: string) {
  assertCan(ctx.actor, TenderPerms.manage);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, id), id);
    if (t.status !== 'draft') throw new AppError(Errors.invalidState, `the tender is ${t.status}, not a draft`);
    if (!t.opening_public_key) throw new AppError(Errors.invalidState, 'the committee has not set the opening key yet');
    const { now } = await repo.clock(trx);
    if (new Date(t.tender_end) <= now) throw new AppError(Errors.invalidState, 'the bid deadline has already passed; amend the draft first');
    await assertTenderPeriods(
      trx,
      { method: t.method, currency: t.value_currency, value: t.value_amount === null ? null : Number(t.value_amount) },
      { publishedAt: now, tenderEnd: new Date(t.tender_end), enquiryEnd: new Date(t.enquiry_end) },
      '/tender/',
    );
    await trx.updateTable('tender').set({ published_at: now }).where('id', '=', id).execute();
    await repo.setStatus(trx, id, 'active');
    const v = await view(trx, id);
    await recordAudit(trx, ctx, { action: 'tender.publish', entityType: 'tender', entityId: id, before: { status: 'draft' }, after: { status: 'active' } });
    await publishStage(trx, ctx, t.ocid, ['planning', 'tender']);
    // Matching subscribers are mailed if and only if the publication commits (feeds/notify.ts).
    await notify.tenderPublished(trx, ctx, id);
    return v;
  });
}

/** Errors: forbidden, not_found, invalid_state (already finished). */
export async function cancel(ctx: Ctx, id: string, reason: string) {
  assertCan(ctx.actor, TenderPerms.manage);
  return ctx.db.transaction().execute(async (trx) => {
    const t = await tenderOrNotFound(repo.byIdForUpdate(trx, id), id);
    if (!canMove(t.status, 'cancelled')) throw new AppError(Errors.invalidState, `a ${t.status} tender cannot be cancelled`);
    await repo.setStatus(trx, id, 'cancelled', reason);
    await recordAudit(trx, ctx, { action: 'tender.cancel', entityType: 'tender', entityId: id, before: { status: t.status }, after: { status: 'cancelled' }, reason });
    await publishStage(trx, ctx, t.ocid, ['tenderCancellation']);
    return view(trx, id);
  });
}

/** Who can sit on an opening committee (operators drafting a tender; the key tells whether the member can receive a share). Errors: forbidden. */
export async function committeeCandidates(ctx: Ctx) {
  assertCan(ctx.actor, TenderPerms.manage);
  const rows = await repo.committeeCandidates(ctx.db);
  return { items: rows.map((r) => ({ userId: r.id, name: r.name, hasKey: r.public_key !== null })) };
}

/** A committee member registers (or rotates) their own X25519 public key. Errors: forbidden, validation_failed. */
export async function registerMemberKey(ctx: Ctx, publicKey: string) {
  assertCan(ctx.actor, TenderPerms.registerCommitteeKey);
  let ok = false;
  try {
    ok = fromBase64Url(publicKey).length === 32;
  } catch {
    ok = false;
  }
  if (!ok) throw validationError([{ field: '/body/publicKey', message: 'not a base64url X25519 public key' }]);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.upsertMemberKey(trx, ctx.actor.userId!, publicKey);
    await recordAudit(trx, ctx, { action: 'committee.key', entityType: 'user', entityId: ctx.actor.userId!, after: { publicKey } });
    return { userId: row.user_id, publicKey: row.public_key };
  });
}
