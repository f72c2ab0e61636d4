import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, notFound, validationError } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { afterWithRowTime, changeWithAuditStatement, recordAudit } from '../audit/service.ts';
import { assertAcceptablePassword } from '../auth/password-policy.ts';
import { assertCan, can } from '../auth/permissions.ts';
import { hashPassword } from '../auth/tokens.ts';
import * as users from '../users/repo.ts';
import { checkIdentifier } from './identifiers.ts';
import { OrgPerms } from './permissions.ts';
import * as repo from './repo.ts';
import type { OrganisationInputT, RegistrationInputT } from './schema.ts';
import type { OrganisationTable } from './tables.ts';

export function present(o: Selectable<OrganisationTable>) {
  return {
    id: o.id,
    name: o.name,
    nameI18n: (o.name_i18n ?? {}) as unknown as Record<string, string>,
    identifier: { scheme: o.identifier_scheme, id: o.identifier_id },
    country: o.country,
    roles: o.roles,
    verificationStatus: o.verification_status,
    verifiedAt: o.verified_at ? new Date(o.verified_at).toISOString() : null,
    address: (o.address ?? null) as Record<string, string> | null,
    contactPoint: (o.contact_point ?? null) as Record<string, string> | null,
    isDemo: o.is_demo,
    createdAt: new Date(o.created_at).toISOString(),
  };
}
export type OrganisationView = ReturnType<typeof present>;

function checkedIdentifier(input: OrganisationInputT, base = '/body') {
  const c = checkIdentifier(input.identifier.scheme, input.identifier.id, input.country);
  if (!c.ok) {
    const field = c.field === 'country' ? `${base}/country` : `${base}/identifier/${c.field}`;
    throw validationError([{ field, message: c.message }]);
  }
  return c.id;
}

/**
 * A company registers itself and its first user. The organisation starts
 * unverified and may not bid until an operator verifies it.
 * Errors: validation_failed (identifier, weak password), duplicate (identifier or email taken).
 */
export async function register(ctx: Ctx, input: RegistrationInputT, key?: string) {
  const id = checkedIdentifier(input.organisation, '/body/organisation');
  assertAcceptablePassword(input.user.password, input.user.email, '/body/user/password');
  const passwordHash = await hashPassword(input.user.password);
  // A retry with the same Idempotency-Key (double click, lost answer) returns the first registration.
  // The request hash kept for the key leaves the password out: no digest of a password is stored.
  const fingerprint = { ...input, user: { email: input.user.email, name: input.user.name } };
  return ctx.db.transaction().execute(
    async (trx) =>
      (
        await idempotent(trx, 'organisation.register', key, fingerprint, async () => {
          if (await repo.byIdentifier(trx, input.organisation.identifier.scheme, id)) {
            throw new AppError(Errors.duplicate, `an organisation with ${input.organisation.identifier.scheme} ${id} is already registered`, {
              errors: [{ field: '/body/organisation/identifier/id', message: 'already registered', code: 'already_used' }],
            });
          }
          if (await users.emailTaken(trx, input.user.email)) {
            throw new AppError(Errors.duplicate, 'this email already has an account', {
              errors: [{ field: '/body/user/email', message: 'already registered', code: 'already_used' }],
            });
          }
          const org = await repo.insertOrganisation(trx, {
            name: input.organisation.name,
            name_i18n: JSON.stringify(input.organisation.nameI18n ?? {}),
            identifier_scheme: input.organisation.identifier.scheme,
            identifier_id: id,
            country: input.organisation.country,
            roles: ['tenderer'],
            address: input.organisation.address ? JSON.stringify(input.organisation.address) : null,
            contact_point: input.organisation.contactPoint ? JSON.stringify(input.organisation.contactPoint) : null,
            verified_at: null,
            verification_note: null,
          });
          const user = await users.insertUser(trx, {
            email: input.user.email,
            name: input.user.name,
            passwordHash,
            organisationId: org.id,
            roles: ['company'],
          });
          const view = present(org);
          await recordAudit(trx, ctx, { action: 'organisation.register', entityType: 'organisation', entityId: org.id, after: view });
          await recordAudit(trx, ctx, {
            action: 'user.create',
            entityType: 'user',
            entityId: user.id,
            after: { email: input.user.email, roles: ['company'], organisationId: org.id },
          });
          return { organisation: view, userId: user.id };
        })
      ).value,
  );
}

/** Operators create organisations directly (agencies, funders, review bodies). Errors: forbidden, duplicate. */
export async function create(ctx: Ctx, input: OrganisationInputT & { roles: string[]; verified?: boolean }) {
  const [org] = (await createStatement(ctx, input).execute(ctx.db)).rows;
  return present(org);
}

/**
 * The row and its audit event as one statement (one round trip, atomic by
 * itself). The id is made here so that the event's `after` is known before
 * the insert; the unique constraint on (scheme, id) refuses duplicates, no
 * look-up first. Errors: forbidden, validation_failed.
 */
export function createStatement(ctx: Ctx, input: OrganisationInputT & { roles: string[]; verified?: boolean }) {
  assertCan(ctx.actor, OrgPerms.create);
  const id = checkedIdentifier(input);
  const values = {
    id: crypto.randomUUID(),
    name: input.name,
    name_i18n: JSON.stringify(input.nameI18n ?? {}),
    identifier_scheme: input.identifier.scheme,
    identifier_id: id,
    country: input.country,
    roles: input.roles,
    verification_status: input.verified ? 'verified' : 'unverified',
    verified_at: input.verified ? new Date() : null,
    verification_note: null,
  } as const;
  const prospective = present({
    ...values,
    name_i18n: input.nameI18n ?? {},
    address: null,
    contact_point: null,
    is_demo: false,
    created_at: new Date(0),
  } as unknown as Selectable<OrganisationTable>);
  return changeWithAuditStatement<Selectable<OrganisationTable>>(ctx, repo.insertOrganisationQuery(ctx.db, values), {
    action: 'organisation.create',
    entityType: 'organisation',
    entityId: values.id,
    // createdAt is the database's clock, known only in the statement.
    afterSql: afterWithRowTime(prospective, 'createdAt', 'created_at'),
  });
}

/** Errors: forbidden, not_found, invalid_state (already in that status). */
export async function verify(ctx: Ctx, id: string, input: { status: 'verified' | 'rejected'; note: string }) {
  assertCan(ctx.actor, OrgPerms.verify);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.byIdForUpdate(trx, id);
    if (!before) throw notFound('organisation', id);
    if (before.verification_status === input.status) throw new AppError(Errors.invalidState, `the organisation is already ${input.status}`);
    const after = await repo.setVerification(trx, id, input.status, input.note);
    await recordAudit(trx, ctx, {
      action: `organisation.${input.status === 'verified' ? 'verify' : 'reject'}`,
      entityType: 'organisation',
      entityId: id,
      before: { verificationStatus: before.verification_status },
      after: { verificationStatus: after.verification_status },
      reason: input.note,
    });
    return present(after);
  });
}

/** Company users edit their own organisation; operators any. Errors: forbidden, not_found. */
export async function update(ctx: Ctx, id: string, patch: { name?: string; nameI18n?: Record<string, string>; address?: object; contactPoint?: object }) {
  const own = ctx.actor.orgId === id && can(ctx.actor, OrgPerms.editOwn);
  if (!own) assertCan(ctx.actor, OrgPerms.editAny);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.byIdForUpdate(trx, id);
    if (!before) throw notFound('organisation', id);
    const after = await repo.update(trx, id, {
      name: patch.name,
      name_i18n: patch.nameI18n ? JSON.stringify(patch.nameI18n) : undefined,
      address: patch.address ? JSON.stringify(patch.address) : undefined,
      contact_point: patch.contactPoint ? JSON.stringify(patch.contactPoint) : undefined,
    });
    await recordAudit(trx, ctx, { action: 'organisation.update', entityType: 'organisation', entityId: id, before: present(before), after: present(after) });
    return present(after);
  });
}

/** Verified organisations are public (OCDS parties); the rest only to operators, auditors and their own members. */
export async function get(ctx: Ctx, id: string) {
  const o = await repo.byId(ctx.db, id);
  if (!o || (o.verification_status !== 'verified' && !can(ctx.actor, OrgPerms.listUnverified) && ctx.actor.orgId !== id)) throw notFound('organisation', id);
  return present(o);
}

export async function list(ctx: Ctx, q: { country?: string; status?: string; role?: string; q?: string; cursor?: string; limit?: number }) {
  const limit = q.limit ?? 50;
  const status = can(ctx.actor, OrgPerms.listUnverified) ? q.status : 'verified';
  if (q.status && q.status !== status) return { items: [], nextCursor: null };
  const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
  const rows = await repo.list(ctx.db, { ...q, status, afterName: after, limit });
  const page = pageOf(rows, limit, (r) => [r.name, r.id]);
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}
