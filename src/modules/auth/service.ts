import crypto from 'node:crypto';
import type { AppDeps, Ctx } from '../../lib/context.ts';
import { AppError, Errors } from '../../lib/errors.ts';
import { recordAudit } from '../audit/service.ts';
import * as users from '../users/repo.ts';
import { type Actor, ANONYMOUS, assertSignedIn, permissionsOf, type Role } from './permissions.ts';
import { AttemptLimiter } from './rate-limit.ts';
import * as repo from './repo.ts';
import { dummyPasswordHash, hashSecret, newSecret, verifyPassword } from './tokens.ts';

export interface SignInInput {
  email: string;
  password: string;
  mode: 'cookie' | 'token';
  clientIp: string;
}

export interface SignInResult {
  token: string;
  csrfToken: string | null;
  expiresAt: Date;
  user: Awaited<ReturnType<typeof users.userView>>;
  permissions: string[];
}

/**
 * Errors: rate_limited (too many failures for this email or address),
 * invalid_credentials (unknown email, wrong password or inactive user — the
 * same answer for all three).
 */
export interface SignInLimiters {
  /** Failures per account: stops guessing one password. */
  byEmail: AttemptLimiter;
  /** Failures per client address, with a higher bar: stops spraying many accounts. */
  byAddress: AttemptLimiter;
}

export async function signIn(deps: AppDeps & { limiters: SignInLimiters; requestId: string }, input: SignInInput): Promise<SignInResult> {
  const checks: [AttemptLimiter, string][] = [
    [deps.limiters.byEmail, input.email.toLowerCase()],
    [deps.limiters.byAddress, input.clientIp],
  ];
  const wait = Math.max(...(await Promise.all(checks.map(([l, k]) => l.retryAfter(k)))));
  if (wait > 0) throw new AppError(Errors.rateLimited, `too many failed sign-ins; try again in ${wait} s`, { extra: { retryAfter: wait } });

  const user = await users.credentialsByEmail(deps.db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok || !user.active || (deps.config.production && user.is_demo)) {
    await Promise.all(checks.map(([l, k]) => l.fail(k)));
    throw new AppError(Errors.invalidCredentials);
  }
  await deps.limiters.byEmail.succeed(input.email.toLowerCase());

  const token = newSecret(input.mode === 'cookie' ? 'bps' : 'bpt');
  const csrfToken = input.mode === 'cookie' ? crypto.randomBytes(24).toString('base64url') : null;
  const ttlHours = input.mode === 'cookie' ? deps.config.sessionTtlHours : 24 * 30;
  const actor = actorOf(user);
  const session = await deps.db.transaction().execute(async (trx) => {
    const s = await repo.insertSession(trx, {
      userId: user.id,
      kind: input.mode,
      tokenHash: hashSecret(token),
      csrfToken,
      name: null,
      expiresAt: new Date(Date.now() + ttlHours * 3600_000),
    });
    await recordAudit(trx, { actor, requestId: deps.requestId }, { action: 'auth.sign_in', entityType: 'session', entityId: s.id, after: { kind: input.mode } });
    return s;
  });
  return {
    token,
    csrfToken,
    expiresAt: session.expires_at,
    user: await users.userView(deps.db, user.id),
    permissions: permissionsOf(actor),
  };
}

export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  kind: 'cookie' | 'token';
  csrfToken: string | null;
}

/** Look up a presented secret; nothing if it is unknown, expired or revoked. */
export async function resolveSecret(deps: AppDeps, secret: string): Promise<ResolvedSession | null> {
  if (!/^bp[st]_[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  const s = await repo.sessionByTokenHash(deps.db, hashSecret(secret));
  if (!s || !s.active) return null;
  // Web sessions end after an idle spell as well as at their absolute expiry.
  const lastUse = (s.last_used_at ?? s.created_at).getTime();
  const idleMs = deps.config.sessionIdleMinutes * 60_000;
  if (s.kind === 'cookie' && deps.config.sessionIdleMinutes > 0 && Date.now() - lastUse > idleMs) {
    await repo.touchSession(deps.db, s.id, deps.config.sessionIdleMinutes);
    return null;
  }
  if (Date.now() - lastUse > 60_000 && !(await repo.touchSession(deps.db, s.id, s.kind === 'cookie' && deps.config.sessionIdleMinutes > 0 ? deps.config.sessionIdleMinutes : null)))
    return null;
  return {
    actor: { kind: 'user', userId: s.user_id, orgId: s.organisation_id, roles: s.roles as Role[], label: s.email },
    sessionId: s.id,
    kind: s.kind,
    csrfToken: s.csrf_token,
  };
}

export async function signOut(ctx: Ctx, sessionId: string | null) {
  assertSignedIn(ctx.actor);
  if (!sessionId) return;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, sessionId);
    await recordAudit(trx, ctx, { action: 'auth.sign_out', entityType: 'session', entityId: sessionId });
  });
}

/** Revoke every session and token of the caller, this one included. Errors: unauthenticated. */
export async function signOutEverywhere(ctx: Ctx): Promise<number> {
  assertSignedIn(ctx.actor);
  const userId = ctx.actor.userId!;
  return ctx.db.transaction().execute(async (trx) => {
    const n = await repo.revokeAllSessions(trx, userId);
    await recordAudit(trx, ctx, { action: 'auth.sign_out_everywhere', entityType: 'user', entityId: userId, after: { revoked: n } });
    return n;
  });
}

export function actorOf(u: { id: string; email: string; roles: string[]; organisation_id: string | null }): Actor {
  return { kind: 'user', userId: u.id, orgId: u.organisation_id, roles: u.roles as Role[], label: u.email };
}

export async function me(ctx: Ctx) {
  if (ctx.actor.kind !== 'user' || !ctx.actor.userId) return { user: null, permissions: permissionsOf(ANONYMOUS) };
  return { user: await users.userView(ctx.db, ctx.actor.userId), permissions: permissionsOf(ctx.actor) };
}
