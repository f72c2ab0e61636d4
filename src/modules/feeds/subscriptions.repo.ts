import { sql } from 'kysely';
import type { Executor, Tx } from '../../db/index.ts';
import type { SubscriptionFilter, SubscriptionKind } from './tables.ts';

/** Subscriptions and the mail outbox (this module's own tables). */
export async function insert(trx: Tx, s: { user_id: string; email: string; kind: SubscriptionKind; filter: SubscriptionFilter; language: string; unsubscribe_token: string }) {
  return trx
    .insertInto('subscription')
    .values({ ...s, filter: JSON.stringify(s.filter) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function ofUser(ex: Executor, userId: string) {
  return ex.selectFrom('subscription').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').limit(200).execute();
}

export async function byId(ex: Executor, id: string) {
  return ex.selectFrom('subscription').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function byToken(ex: Executor, token: string) {
  return ex.selectFrom('subscription').selectAll().where('unsubscribe_token', '=', token).executeTakeFirst();
}

/** Remove a subscription and the mail of it not yet sent (an unsubscribed reader gets nothing more). */
export async function remove(trx: Tx, id: string) {
  await trx.deleteFrom('mail_outbox').where('subscription_id', '=', id).where('sent_at', 'is', null).execute();
  await trx.deleteFrom('subscription').where('id', '=', id).execute();
}

export async function ofKind(ex: Executor, kind: SubscriptionKind, match?: { key: 'projectId' | 'country'; values: string[] }) {
  let q = ex.selectFrom('subscription').selectAll().where('kind', '=', kind);
  if (match) {
    if (match.values.length === 0) return [];
    q = q.where(sql<boolean>`filter ->> ${match.key} = any(${match.values}::text[])`);
  }
  return q.orderBy('id').limit(10_000).execute();
}

export async function enqueue(trx: Tx, rows: { subscription_id: string; to_address: string; subject: string; body_text: string; unsubscribe_url: string }[]) {
  if (rows.length) await trx.insertInto('mail_outbox').values(rows).execute();
}

/** Claim the oldest unsent mail nobody else is sending (skip locked: two servers never send one mail side by side). */
export async function claimNext(trx: Tx, maxAttempts: number) {
  return trx
    .selectFrom('mail_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('attempts', '<', maxAttempts)
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markSent(trx: Tx, id: number) {
  await trx.updateTable('mail_outbox').set({ sent_at: sql`now()`, attempts: sql`attempts + 1`, last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(trx: Tx, id: number, error: string) {
  await trx
    .updateTable('mail_outbox')
    .set({ attempts: sql`attempts + 1`, last_error: error.slice(0, 2000) })
    .where('id', '=', id)
    .execute();
}

/** The signed-in user's address (the Users module's organisation_member view). */
export async function userEmail(ex: Executor, userId: string) {
  return (await ex.selectFrom('organisation_member').select('email').where('id', '=', userId).executeTakeFirst())?.email;
}
