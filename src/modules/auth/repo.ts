import type { Executor } from '../../db/index.ts';

export async function userByEmail(ex: Executor, email: string) {
  return ex
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function insertSession(
  ex: Executor,
  s: { userId: string; kind: 'cookie' | 'token'; tokenHash: string; csrfToken: string | null; name: string | null; expiresAt: Date },
) {
  return ex
    .insertInto('auth_session')
    .values({ user_id: s.userId, kind: s.kind, token_hash: s.tokenHash, csrf_token: s.csrfToken, name: s.name, expires_at: s.expiresAt })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The live session for a token hash, with its user, or nothing. */
export async function sessionByTokenHash(ex: Executor, tokenHash: string) {
  return ex
    .selectFrom('auth_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.id', 's.kind', 's.csrf_token', 's.expires_at', 'u.id as user_id', 'u.email', 'u.roles', 'u.organisation_id', 'u.active'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function revokeSession(ex: Executor, id: string) {
  await ex.updateTable('auth_session').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
