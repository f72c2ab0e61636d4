import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, forbidden, notFound } from '../../lib/errors.ts';
import { idempotent } from '../../lib/idempotency.ts';
import { decodeCursor, pageOf } from '../../lib/pagination.ts';
import { recordAudit } from '../audit/service.ts';
import { assertAcceptablePassword } from '../auth/password-policy.ts';
import { assertCan, assertSignedIn, can, type Role } from '../auth/permissions.ts';
import { hashPassword } from '../auth/tokens.ts';
import * as orgs from '../organisations/repo.ts';
import { UserPerms } from './permissions.ts';
import * as repo from './repo.ts';

export interface UserCreateInput {
  email: string;
  name: string;
  password: string;
  roles: Role[];
  organisationId?: string | null;
  isDemo?: boolean;
}

/**
 * Admins create any user; a company user may add a colleague with role
 * `company` to its own organisation only.
 * Errors: forbidden, duplicate (email), validation_failed (organisation, weak password).
 */
export async function createUser(ctx: Ctx, input: UserCreateInput, key?: string) {
  // The command line (`berpa user create`) acts as the system, with the machine owner's authority;
  // over HTTP only a signed-in user may create accounts.
  if (ctx.actor.kind !== 'system') assertSignedIn(ctx.actor);
  const admin = can(ctx.actor, UserPerms.manage);
  if (!admin) {
    assertCan(ctx.actor, UserPerms.inviteColleague);
    const sameOrg = input.organisationId === ctx.actor.orgId;
    if (!sameOrg || input.roles.some((r) => r !== 'company')) throw forbidden('company users may only add company users to their own organisation');
  }
  if (input.roles.includes('company') && !input.organisationId) {
    throw new AppError(Errors.validation, 'a company user belongs to an organisation', {
      errors: [{ field: '/body/organisationId', message: 'is required for role company', code: 'required' }],
    });
  }
  assertAcceptablePassword(input.password, input.email, '/body/password');
  const passwordHash = await hashPassword(input.password);
  // A retry with the same Idempotency-Key returns the first account; the kept request hash leaves the password out.
  const fingerprint = { ...input, password: undefined };
  return ctx.db.transaction().execute(
    async (trx) =>
      (
        await idempotent(trx, `user.create:${ctx.actor.userId}`, key, fingerprint, async () => {
          if (input.organisationId && !(await orgs.byId(trx, input.organisationId))) {
            throw new AppError(Errors.validation, 'no such organisation', {
              errors: [{ field: '/body/organisationId', message: 'unknown organisation', code: 'unknown_reference' }],
            });
          }
          if (await repo.emailTaken(trx, input.email)) {
            throw new AppError(Errors.duplicate, 'this email already has an account', { errors: [{ field: '/body/email', message: 'already registered', code: 'already_used' }] });
          }
          const { id } = await repo.insertUser(trx, { ...input, passwordHash, organisationId: input.organisationId ?? null });
          await recordAudit(trx, ctx, {
            action: 'user.create',
            entityType: 'user',
            entityId: id,
            after: { email: input.email, roles: input.roles, organisationId: input.organisationId ?? null },
          });
          return repo.userView(trx, id);
        })
      ).value,
  );
}

/** Errors: forbidden, not_found. */
export async function updateUser(ctx: Ctx, id: string, patch: { name?: string; roles?: Role[]; active?: boolean }) {
  assertCan(ctx.actor, UserPerms.manage);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.userRow(trx, id);
    if (!before) throw notFound('user', id);
    await repo.updateUser(trx, id, patch);
    await recordAudit(trx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: { name: before.name, roles: before.roles, active: before.active },
      after: patch,
    });
    return repo.userView(trx, id);
  });
}

/** Admins and auditors see everyone; a company user sees its own organisation. */
export async function listUsers(ctx: Ctx, q: { organisationId?: string; cursor?: string; limit?: number }) {
  assertSignedIn(ctx.actor);
  let organisationId = q.organisationId;
  if (!can(ctx.actor, UserPerms.list)) {
    assertCan(ctx.actor, UserPerms.inviteColleague);
    if (organisationId && organisationId !== ctx.actor.orgId) throw forbidden('you may list only your own organisation');
    organisationId = ctx.actor.orgId ?? undefined;
  }
  const limit = q.limit ?? 50;
  const [afterEmail] = (decodeCursor(q.cursor, 1) as [string] | undefined) ?? [];
  const rows = await repo.listUsers(ctx.db, { organisationId, afterEmail, limit });
  return pageOf(rows, limit, (r) => [r.email]);
}
