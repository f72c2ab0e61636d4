import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';

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

/** The live session for a token hash, with its user (the Users module's organisation_member view), or nothing. */
export async function sessionByTokenHash(ex: Executor, tokenHash: string) {
  return ex
    .selectFrom('auth_session as s')
    .innerJoin('organisation_member as u', 'u.id', 's.user_id')
    .select(['s.id', 's.kind', 's.csrf_token', 's.expires_at', 's.created_at', 's.last_used_at', 'u.id as user_id', 'u.email', 'u.roles', 'u.organisation_id', 'u.active'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function revokeSession(ex: Executor, id: string) {
  await ex.updateTable('auth_session').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/**
 * Mark a session used, at most once a minute (a write per request would be
 * wasted), and only if it is still within its idle limit: one statement, so
 * two servers cannot revive a session that one of them found idle.
 * Returns false when the session is idle (it is then revoked).
 */
export async function touchSession(ex: Executor, id: string, idleMinutes: number | null): Promise<boolean> {
  const r = await sql<{ alive: boolean }>`
    with s as (
      select id, ${idleMinutes}::int is not null and coalesce(last_used_at, created_at) < now() - ${idleMinutes ?? 0} * interval '1 minute' as idle
      from auth_session where id = ${id} for update
    )
    update auth_session a set
      last_used_at = case when not s.idle and coalesce(a.last_used_at, a.created_at) < now() - interval '1 minute' then now() else a.last_used_at end,
      revoked_at = case when s.idle then coalesce(a.revoked_at, now()) else a.revoked_at end
    from s where a.id = s.id
    returning (a.revoked_at is null) as alive`.execute(ex);
  return r.rows[0]?.alive === true;
}

/** Every live session and token of a user; returns how many were revoked. */
export async function revokeAllSessions(ex: Executor, userId: string): Promise<number> {
  const r = await ex.updateTable('auth_session').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
