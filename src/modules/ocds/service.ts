import type { Kysely } from 'kysely';
import type { DB, Tx } from '../../db/index.ts';
import { dbNow } from '../../db/index.ts';
import * as sequencer from '../../db/sequencer.ts';
import type { AppDeps, Ctx } from '../../lib/context.ts';
import { AppError, notFound, validationError } from '../../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { pickText } from '../../lib/schemas.ts';
import { recordAudit } from '../audit/service.ts';
import { buildRelease } from './build.ts';
import { OcdsErrors } from './errors.ts';
import { type PublisherInfo, record, recordPackage, releasePackage } from './package.ts';
import { firstWithRole, loadOrganisations, loadProcess, programmeName } from './process.repo.ts';
import * as repo from './repo.ts';
import { ocdsSequencer } from './sequencer.ts';

/** The closed OCDS 1.1 releaseTag codelist. */
export const RELEASE_TAGS = [
  'planning',
  'planningUpdate',
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'awardUpdate',
  'awardCancellation',
  'contract',
  'contractUpdate',
  'contractAmendment',
  'implementation',
  'implementationUpdate',
  'contractTermination',
];

/**
 * Write a release for a contracting process INSIDE the caller's transaction,
 * built from the tender tables as that transaction sees them. It enters the
 * public feed once committed and sequenced (see sequencePending).
 * Errors: ocds_unknown_release_tag (a programming error), not_found (no tender with this ocid).
 */
export async function publishRelease(trx: Tx, ctx: Pick<Ctx, 'actor' | 'requestId'> & Partial<Pick<Ctx, 'config'>>, ocid: string, tags: string[]): Promise<void> {
  checkTags(tags);
  await repo.lockOcid(trx, ocid);
  const data = await loadProcess(trx, ocid);
  if (!data) throw notFound('contracting process', ocid);
  const buyerId = data.creatorOrgId ?? data.projects.find((p) => p.public_authority_id)?.public_authority_id ?? (await firstWithRole(trx, 'buyer'));
  const reviewBodyId = data.complaints.length ? await firstWithRole(trx, 'reviewBody') : null;
  const ids = new Set<string>(
    [buyerId, reviewBodyId, ...data.bids.map((b) => b.organisation_id), ...data.awards.map((a) => a.supplier_org_id), ...data.contracts.map((c) => c.supplier_org_id)].filter(
      (x): x is string => !!x,
    ),
  );
  const orgs = new Map((await loadOrganisations(trx, [...ids])).map((o) => [o.id, o]));
  await storeRelease(trx, ctx, ocid, tags, buildRelease({ data, orgs, buyerId, reviewBodyId, publicUrl: ctx.config?.publicUrl }), { locked: true });
}

/**
 * Store a built release (body without id and date) under the next stable id
 * `<ocid>-<n>`, inside the caller's transaction. Returns the release id.
 * Errors: ocds_unknown_release_tag.
 */
export async function storeRelease(
  trx: Tx,
  ctx: Pick<Ctx, 'actor' | 'requestId'>,
  ocid: string,
  tags: string[],
  release: Record<string, unknown>,
  opts: { locked?: boolean } = {},
): Promise<string> {
  checkTags(tags);
  if (!opts.locked) await repo.lockOcid(trx, ocid);
  const seq = await repo.nextSeq(trx, ocid);
  const id = `${ocid}-${seq}`;
  await repo.insertRelease(trx, { id, ocid, seq, tags, release });
  await recordAudit(trx, ctx, { action: 'ocds.release', entityType: 'contracting_process', entityId: ocid, after: { releaseId: id, tags } });
  const db = (ctx as Partial<Ctx>).db;
  if (db) sequencer.trigger(db, ocdsSequencer);
  return id;
}

function checkTags(tags: string[]) {
  const bad = tags.filter((t) => !RELEASE_TAGS.includes(t));
  if (tags.length === 0 || bad.length) throw new AppError(OcdsErrors.unknownTag, `not OCDS release tags: ${bad.join(', ') || '(none)'}`);
}

/**
 * Give committed releases their feed position and date, in commit order
 * (the one sequencer, configured in sequencer.ts). 'try' (the default)
 * returns at once if another process is sequencing right now (its work will
 * include ours or the next run will); 'wait' queues for it.
 */
export async function sequencePending(db: Kysely<DB>, mode: 'wait' | 'try' = 'try'): Promise<number> {
  return Math.max(0, await sequencer.run(db, ocdsSequencer, mode));
}

/**
 * Before answering a read, number what has committed so far, so that a
 * publisher reads its own release — without waiting on the sequencer's lock
 * (see catchUp). If that times out the answer is merely a moment behind (the
 * feed stays correct: what is not yet sequenced appears later, never skipped).
 */
export async function sequenceBeforeRead(db: Kysely<DB>) {
  await sequencer.catchUp(db, ocdsSequencer).catch(() => undefined);
}

async function publisher(deps: AppDeps): Promise<PublisherInfo> {
  const prog = await programmeName(deps.db);
  const name = prog ? pickText(prog.name as Record<string, string>) || 'Berpa' : 'Berpa';
  return { name, baseUrl: deps.config.publicUrl.replace(/\/+$/, ''), publishedDate: (await dbNow(deps.db)).toISOString() };
}

export interface FeedQuery {
  since?: string;
  cursor?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

function parseSince(since: string | undefined): Date | undefined {
  if (since === undefined) return undefined;
  const d = new Date(since);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(since) || Number.isNaN(d.getTime())) {
    throw validationError([{ field: '/querystring/since', message: 'an ISO 8601 date or date-time with a time zone, e.g. 2026-11-28T05:00:00.000Z' }]);
  }
  return d;
}

/**
 * The release feed (public). Newest first by default; `order=asc` for
 * pollers. `since` is an exclusive lower bound on release `date`; the cursor
 * carries the position, the order and `since`, so following `links.next`
 * never needs the other parameters again.
 */
export async function listReleases(deps: AppDeps, q: FeedQuery) {
  await sequenceBeforeRead(deps.db);
  const limit = q.limit ?? 100;
  let order = q.order ?? 'desc';
  let since = parseSince(q.since);
  let from: number | undefined;
  if (q.cursor) {
    const [pos, ord, sinceMs] = decodeCursor(q.cursor, 3) as [number, string, number | null];
    if (!Number.isInteger(pos) || (ord !== 'asc' && ord !== 'desc') || (sinceMs !== null && !Number.isFinite(sinceMs)))
      throw validationError([{ field: '/querystring/cursor', message: 'invalid cursor' }]);
    if (q.since !== undefined || (q.order !== undefined && q.order !== ord))
      throw validationError([{ field: '/querystring/cursor', message: 'a cursor already carries since and order; do not send them with it' }]);
    [from, order, since] = [pos, ord, sinceMs === null ? undefined : new Date(sinceMs)];
  }
  const rows = await repo.feedPage(deps.db, { since, order, limit: limit + 1, ...(order === 'asc' ? { after: from } : { before: from }) });
  const page = rows.slice(0, limit);
  const p = await publisher(deps);
  const self = `${p.baseUrl}/api/v1/ocds/releases`;
  // asc: there is always a next page to poll (possibly empty now); desc: only while older rows remain.
  const last = page[page.length - 1];
  // An empty ascending page keeps its place (not the head: rows sequenced since this query ran would be skipped).
  const nextPos = last ? last.position : order === 'asc' ? (from ?? 0) : undefined;
  const more = rows.length > limit || order === 'asc';
  const cursor = more && nextPos !== undefined ? encodeCursor([nextPos, order, since ? since.getTime() : null]) : null;
  const next = cursor ? `${self}?cursor=${cursor}&limit=${limit}` : undefined;
  return { package: releasePackage(p, self, page, { next }), nextCursor: cursor };
}

/** One record package for one contracting process (public). Errors: not_found. */
export async function getRecord(deps: AppDeps, ocid: string) {
  await sequenceBeforeRead(deps.db);
  const rows = await repo.releasesOf(deps.db, ocid);
  if (rows.length === 0) throw notFound('contracting process', ocid);
  const p = await publisher(deps);
  return recordPackage(p, `${p.baseUrl}/api/v1/ocds/records/${encodeURIComponent(ocid)}`, [record(rows)]);
}

/** Every record, a batch at a time, for the bulk export. */
export async function* allRecords(deps: AppDeps, batch = 200) {
  await sequenceBeforeRead(deps.db);
  let after = 0;
  for (let i = 0; i < 1_000_000; i++) {
    const ocids = await repo.ocidsAfter(deps.db, after, batch);
    if (ocids.length === 0) return;
    for (const o of ocids) yield record(await repo.releasesOf(deps.db, o.ocid));
    after = ocids[ocids.length - 1].first;
  }
}

export { publisher };
