import type { Insertable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { DocumentTable } from './tables.ts';

export async function insert(ex: Executor, d: Insertable<DocumentTable>) {
  return ex.insertInto('document').values(d).returningAll().executeTakeFirstOrThrow();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('document').selectAll().where('id', '=', id).executeTakeFirst();
}
