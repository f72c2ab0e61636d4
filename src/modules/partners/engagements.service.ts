import type { Executor, Tx } from '../../db/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, type FieldError, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCan } from '../auth/permissions.ts';
import * as notify from '../feeds/notify.ts';
import * as repo from './engagements.repo.ts';
import { PartnerErrors } from './errors.ts';
import { today } from './periods.repo.ts';
import { assertCountry } from './periods.service.ts';
import { PartnerPerms } from './permissions.ts';
import { heldInFuture } from './rules.ts';
import type { EngagementInputT, EngagementPatchT } from './schema.ts';
import { jsonText } from './tables.ts';

type Details = Awaited<ReturnType<typeof repo.details>>;

export function presentSummary(e: repo.EngagementRow) {
  return {
    id: e.id,
    country: e.country,
    kind: e.kind,
    status: e.status,
    title: e.title as unknown as Record<string, string>,
    summary: (e.summary ?? {}) as unknown as Record<string, string>,
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    place: e.place,
    placeCountry: e.place_country,
    topics: e.topics,
    isDemo: e.is_demo,
  };
}

export function presentSource(s: repo.SourceRow) {
  return { title: s.title, publisher: s.publisher, url: s.url, documentId: s.document_id, publishedOn: s.published_on, note: s.note };
}

export function presentEngagement(e: repo.EngagementRow, d: Details) {
  const linked = (t: string) => d.links.filter((l) => l.target_type === t).map((l) => l.target_id);
  return {
    ...presentSummary(e),
    participants: d.participants.map((p) => ({ name: p.name, title: p.title, organisationName: p.organisation_name, organisationId: p.organisation_id, country: p.country })),
    sources: d.sources.map(presentSource),
    related: { projects: linked('project'), tenders: linked('tender'), organisations: linked('organisation') },
  };
}
export type EngagementView = ReturnType<typeof presentEngagement>;

type Lists = Pick<EngagementInputT, 'participants' | 'sources' | 'related' | 'placeCountry'>;

/** Country codes and the related records named in the lists must exist; every bad field is named at once. */
async function checkReferences(ex: Executor, e: Lists) {
  const errors: FieldError[] = [];
  if (e.placeCountry) tryCountry(e.placeCountry, '/body/placeCountry', errors);
  e.participants?.forEach((p, i) => p.country && tryCountry(p.country, `/body/participants/${i}/country`, errors));
  const wanted: [string, 'project' | 'tender' | 'organisation' | 'document', string[]][] = [
    ['/body/related/projects', 'project', e.related?.projects ?? []],
    ['/body/related/tenders', 'tender', e.related?.tenders ?? []],
    ['/body/related/organisations', 'organisation', e.related?.organisations ?? []],
    ['/body/participants', 'organisation', (e.participants ?? []).flatMap((p) => (p.organisationId ? [p.organisationId] : []))],
    ['/body/sources', 'document', (e.sources ?? []).flatMap((s) => (s.documentId ? [s.documentId] : []))],
  ];
  for (const [field, table, ids] of wanted) {
    const found = await repo.existing(ex, table, ids);
    for (const id of ids) if (!found.has(id)) errors.push({ field, message: `no ${table} ${id}`, code: 'unknown_reference', params: { value: id } });
  }
  e.sources?.forEach((s, i) => {
    if (!s.url && !s.documentId) errors.push({ field: `/body/sources/${i}`, message: 'a source needs a url or a documentId', code: 'required' });
  });
  if (errors.length === 0) return;
  const unknownCountry = errors.find((x) => x.message === 'unknown country code');
  const def = unknownCountry ? PartnerErrors.unknownCountry : errors.some((x) => x.message.startsWith('no ')) ? PartnerErrors.unknownLink : null;
  if (def) throw new AppError(def, errors.map((x) => `${x.field}: ${x.message}`).join('; '), { errors });
  throw validationError(errors);
}

function tryCountry(code: string, field: string, errors: FieldError[]) {
  try {
    assertCountry(code, field);
  } catch {
    errors.push({ field, message: 'unknown country code', code: 'unknown_country' });
  }
}

async function checkDates(ex: Executor, status: string, startsOn: string, endsOn: string | null | undefined) {
  if (endsOn && endsOn < startsOn)
    throw validationError([{ field: '/body/endsOn', message: 'must be on or after startsOn', code: 'end_before_start', params: { other: 'startsOn' } }]);
  const day = await today(ex);
  if (heldInFuture(status, startsOn, day)) {
    throw new AppError(PartnerErrors.engagementInFuture, `an engagement starting on ${startsOn} cannot be marked held on ${day}; record it as planned`, {
      errors: [{ field: '/body/status', message: 'held, but dated in the future', code: 'future_date' }],
    });
  }
}

async function writeLists(trx: Executor, id: string, e: Lists) {
  if (e.participants) {
    await repo.replaceParticipants(
      trx,
      id,
      e.participants.map((p) => ({
        name: p.name,
        title: p.title ?? null,
        organisation_name: p.organisationName ?? null,
        organisation_id: p.organisationId ?? null,
        country: p.country ?? null,
      })),
    );
  }
  if (e.sources) {
    await repo.replaceSources(
      trx,
      id,
      e.sources.map((s) => ({
        title: s.title,
        publisher: s.publisher ?? null,
        url: s.url ?? null,
        document_id: s.documentId ?? null,
        published_on: s.publishedOn ?? null,
        note: s.note ?? null,
      })),
    );
  }
  if (e.related) {
    const r = e.related;
    await repo.replaceLinks(trx, id, [
      ...(r.projects ?? []).map((t) => ({ target_type: 'project' as const, target_id: t })),
      ...(r.tenders ?? []).map((t) => ({ target_type: 'tender' as const, target_id: t })),
      ...(r.organisations ?? []).map((t) => ({ target_type: 'organisation' as const, target_id: t })),
    ]);
  }
}

/**
 * Record a visit, meeting, delegation, commission, forum or signed agreement.
 * A retry with the same Idempotency-Key (a double click) returns the first engagement.
 * Errors: forbidden, unknown_country, unknown_related_record, validation_failed, engagement_in_future, idempotency_key_reused.
 */
export async function createEngagement(ctx: Ctx, input: EngagementInputT, key?: string, opts: { isDemo?: boolean } = {}) {
  assertCan(ctx.actor, PartnerPerms.manageEngagements);
  assertCountry(input.country, '/body/country');
  return ctx.db.transaction().execute(async (trx) => {
    const r = await idempotent(trx, `engagement.create:${ctx.actor.userId ?? ctx.actor.label}`, key, input, () => insertEngagement(trx, ctx, input, opts));
    return r.value;
  });
}

async function insertEngagement(trx: Tx, ctx: Ctx, input: EngagementInputT, opts: { isDemo?: boolean }) {
  await checkReferences(trx, input);
  await checkDates(trx, input.status, input.startsOn, input.endsOn);
  const row = await repo.insert(trx, {
    country: input.country,
    kind: input.kind,
    status: input.status,
    title: jsonText(input.title),
    summary: jsonText(input.summary ?? {}),
    starts_on: input.startsOn,
    ends_on: input.endsOn ?? null,
    place: input.place ?? null,
    place_country: input.placeCountry ?? null,
    topics: input.topics ?? [],
    is_demo: opts.isDemo ?? false,
    created_by: ctx.actor.userId,
  });
  await writeLists(trx, row.id, input);
  const view = presentEngagement(row, await repo.details(trx, row.id));
  await recordAudit(trx, ctx, { action: 'engagement.create', entityType: 'engagement', entityId: row.id, after: view });
  // Subscribers of the country hear of it if and only if this commits (feeds/notify.ts); a replayed key does not get here.
  await notify.engagementRecorded(trx, ctx, { country: view.country, kind: view.kind, title: input.title, startsOn: view.startsOn });
  return view;
}

/** Errors: forbidden, not_found, unknown_country, unknown_related_record, validation_failed, engagement_in_future. */
export async function updateEngagement(ctx: Ctx, id: string, patch: EngagementPatchT) {
  assertCan(ctx.actor, PartnerPerms.manageEngagements);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.byIdForUpdate(trx, id);
    if (!before) throw notFound('engagement', id);
    await checkReferences(trx, patch);
    const status = patch.status ?? before.status;
    const startsOn = patch.startsOn ?? before.starts_on;
    await checkDates(trx, status, startsOn, patch.endsOn === undefined ? before.ends_on : patch.endsOn);
    const beforeView = presentEngagement(before, await repo.details(trx, id));
    const row = await repo.update(trx, id, {
      kind: patch.kind,
      status: patch.status,
      title: patch.title ? jsonText(patch.title) : undefined,
      summary: patch.summary ? jsonText(patch.summary) : undefined,
      starts_on: patch.startsOn,
      ends_on: patch.endsOn,
      place: patch.place,
      place_country: patch.placeCountry,
      topics: patch.topics,
    });
    await writeLists(trx, id, patch);
    const view = presentEngagement(row, await repo.details(trx, id));
    await recordAudit(trx, ctx, { action: 'engagement.update', entityType: 'engagement', entityId: id, before: beforeView, after: view, reason: patch.reason });
    return view;
  });
}

/** Errors: forbidden, not_found, invalid_state (a pledge refers to it). */
export async function deleteEngagement(ctx: Ctx, id: string, reason: string) {
  assertCan(ctx.actor, PartnerPerms.manageEngagements);
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.byIdForUpdate(trx, id);
    if (!before) throw notFound('engagement', id);
    const beforeView = presentEngagement(before, await repo.details(trx, id));
    if (await repo.hasPledges(trx, id)) throw new AppError(Errors.invalidState, 'pledges refer to this engagement; change them first');
    await repo.remove(trx, id);
    await recordAudit(trx, ctx, { action: 'engagement.delete', entityType: 'engagement', entityId: id, before: beforeView, reason });
  });
}

/** Errors: not_found. */
export async function getEngagement(ctx: Ctx, id: string) {
  const row = await repo.byId(ctx.db, id);
  if (!row) throw notFound('engagement', id);
  return presentEngagement(row, await repo.details(ctx.db, id));
}

/** Newest first. Errors: validation_failed (cursor). */
export async function listEngagements(ctx: Ctx, q: { country?: string; kind?: string; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.list(ctx.db, { country: q.country, kind: q.kind, after, limit });
  const page = pageOf(rows, limit, (r) => [r.starts_on, r.id]);
  return { items: page.items.map(presentSummary), nextCursor: page.nextCursor };
}
