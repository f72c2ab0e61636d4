import type { Executor } from '../../db/index.ts';

/** The account row with its password hash, for sign-in (auth/service.ts): the one read of the hash outside this module. */
export async function credentialsByEmail(ex: Executor, email: string) {
  return ex
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function userView(ex: Executor, id: string) {
  const u = await ex
    .selectFrom('app_user as u')
    .leftJoin('organisation_party as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.email',
      'u.name',
      'u.roles',
      'u.locale',
      'u.active',
      'u.organisation_id as organisationId',
      'o.name as organisationName',
      'o.country as organisationCountry',
      'o.verification_status as organisationStatus',
    ])
    .where('u.id', '=', id)
    .executeTakeFirstOrThrow();
  return u;
}

export type UserView = Awaited<ReturnType<typeof userView>>;

export async function insertUser(
  ex: Executor,
  u: { email: string; name: string; passwordHash: string; organisationId: string | null; roles: string[]; isDemo?: boolean; locale?: string | null },
) {
  return ex
    .insertInto('app_user')
    .values({
      email: u.email,
      name: u.name,
      password_hash: u.passwordHash,
      organisation_id: u.organisationId,
      roles: u.roles,
      is_demo: u.isDemo ?? false,
      locale: u.locale ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function emailTaken(ex: Executor, email: string) {
  const r = await ex
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return !!r;
}

export async function listUsers(ex: Executor, opts: { organisationId?: string; afterEmail?: string; limit: number }) {
  let q = ex
    .selectFrom('app_user')
    .select(['id', 'email', 'name', 'roles', 'organisation_id as organisationId', 'active', 'created_at as createdAt'])
    .orderBy('email')
    .limit(opts.limit + 1);
  if (opts.organisationId) q = q.where('organisation_id', '=', opts.organisationId);
  if (opts.afterEmail) q = q.where('email', '>', opts.afterEmail);
  return q.execute();
}

export async function userRow(ex: Executor, id: string) {
  return ex.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateUser(ex: Executor, id: string, patch: { roles?: string[]; active?: boolean; name?: string }) {
  await ex
    .updateTable('app_user')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}
