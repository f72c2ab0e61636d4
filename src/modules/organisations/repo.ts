import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { OrganisationTable } from './tables.ts';

export async function insertOrganisation(ex: Executor, o: Insertable<OrganisationTable>) {
  return ex.insertInto('organisation').values(o).returningAll().executeTakeFirstOrThrow();
}

/** The insert, not run: the service sends it together with its audit event (audit changeWithAudit). */
export function insertOrganisationQuery(ex: Executor, o: Insertable<OrganisationTable>) {
  return ex.insertInto('organisation').values(o).returningAll();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function byIdForUpdate(ex: Executor, id: string) {
  return ex.selectFrom('organisation').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function byIdentifier(ex: Executor, scheme: string, id: string) {
  return ex.selectFrom('organisation').selectAll().where('identifier_scheme', '=', scheme).where('identifier_id', '=', id).executeTakeFirst();
}

export async function setVerification(ex: Executor, id: string, status: 'verified' | 'rejected', note: string) {
  return ex
    .updateTable('organisation')
    .set({ verification_status: status, verification_note: note, verified_at: status === 'verified' ? sql`now()` : null, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function update(ex: Executor, id: string, patch: { name?: string; name_i18n?: string; address?: string; contact_point?: string }) {
  return ex
    .updateTable('organisation')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface OrgFilter {
  country?: string;
  status?: string;
  role?: string;
  q?: string;
  afterName?: [string, string];
  limit: number;
}

export async function list(ex: Executor, f: OrgFilter) {
  let q = ex
    .selectFrom('organisation')
    .selectAll()
    .orderBy('name')
    .orderBy('id')
    .limit(f.limit + 1);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.status) q = q.where('verification_status', '=', f.status as 'verified');
  if (f.role) q = q.where(sql<boolean>`${f.role} = any(roles)`);
  if (f.q) q = q.where('name', 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  if (f.afterName) q = q.where(sql<boolean>`(name, id) > (${f.afterName[0]}, ${f.afterName[1]}::uuid)`);
  return q.execute();
}
