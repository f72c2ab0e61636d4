import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound, validationError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { assertSignedIn } from '../auth/permissions.ts';
import { countryOf } from '../partners/countries.ts';
import { get as getProject } from '../projects/service.ts';
import { resolveTenderFilter } from '../tenders/filter.ts';
import type { SubscriptionInputT } from './schema.ts';
import * as subs from './subscriptions.repo.ts';
import type { SubscriptionFilter, SubscriptionTable } from './tables.ts';

type Row = Selectable<SubscriptionTable>;
const present = (s: Row) => ({ id: s.id, kind: s.kind, filter: s.filter, language: s.language, email: s.email, createdAt: new Date(s.created_at).toISOString() });

/** The filter checked as the feeds check theirs (same fields named). Errors: validation_failed, not_found (project, country). */
async function checkFilter(ctx: Ctx, input: SubscriptionInputT): Promise<SubscriptionFilter> {
  if (input.kind === 'tenders') {
    await resolveTenderFilter(ctx.db, input, '/body');
    const f = { sector: input.sector, district: input.district, eligibility: input.eligibility?.toUpperCase() };
    return Object.fromEntries(Object.entries(f).filter(([, v]) => v)) as SubscriptionFilter;
  }
  if (input.kind === 'project') {
    if (!input.projectId) throw validationError([{ field: '/body/projectId', message: 'required for a project subscription', code: 'required' }]);
    await getProject(ctx, input.projectId);
    return { projectId: input.projectId };
  }
  const code = input.country?.toUpperCase();
  if (!code || !countryOf(code)) throw validationError([{ field: '/body/country', message: 'an ISO 3166-1 alpha-2 country code is required', code: 'unknown_country' }]);
  return { country: code };
}

/** Subscribe the signed-in user by email. Errors: unauthenticated, validation_failed, not_found. */
export async function create(ctx: Ctx, input: SubscriptionInputT) {
  assertSignedIn(ctx.actor);
  const userId = ctx.actor.userId;
  const filter = await checkFilter(ctx, input);
  return ctx.db.transaction().execute(async (trx) => {
    const email = await subs.userEmail(trx, userId);
    if (!email) throw new AppError(Errors.invalidState, 'the account has no email address');
    const row = await subs.insert(trx, {
      user_id: userId,
      email,
      kind: input.kind,
      filter,
      language: input.language ?? 'en',
      unsubscribe_token: crypto.randomBytes(32).toString('base64url'),
    });
    await recordAudit(trx, ctx, { action: 'subscription.create', entityType: 'subscription', entityId: row.id, after: { kind: row.kind, filter, language: row.language } });
    return present(row);
  });
}

/** Errors: unauthenticated. */
export async function list(ctx: Ctx) {
  assertSignedIn(ctx.actor);
  return { items: (await subs.ofUser(ctx.db, ctx.actor.userId)).map(present) };
}

/** Errors: unauthenticated, not_found (not one of the user's). */
export async function remove(ctx: Ctx, id: string) {
  assertSignedIn(ctx.actor);
  const userId = ctx.actor.userId;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await subs.byId(trx, id);
    if (!row || row.user_id !== userId) throw notFound('subscription', id);
    await subs.remove(trx, id);
    await recordAudit(trx, ctx, { action: 'subscription.delete', entityType: 'subscription', entityId: id, before: { kind: row.kind, filter: row.filter } });
    return { id, removed: true };
  });
}

/**
 * One-click unsubscribe (RFC 8058): whoever holds the mail's token. An
 * unknown token (already unsubscribed, or mistyped) answers the same, so the
 * link can be followed twice. Errors: none.
 */
export async function unsubscribe(ctx: Ctx, token: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await subs.byToken(trx, token);
    if (!row) return { removed: false };
    await subs.remove(trx, row.id);
    await recordAudit(trx, ctx, { action: 'subscription.unsubscribe', entityType: 'subscription', entityId: row.id, before: { kind: row.kind, filter: row.filter } });
    return { removed: true };
  });
}
