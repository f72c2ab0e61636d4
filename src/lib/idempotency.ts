import crypto from 'node:crypto';
import type { Tx } from '../db/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { AppError, Errors } from './errors.ts';

/**
 * Idempotent mutations (the `Idempotency-Key` header). Call inside the
 * transaction that makes the change: the key is claimed with an insert, so a
 * concurrent retry with the same key waits on the row until the first commits
 * and then gets the stored answer; if the first rolls back (an error), the key
 * is free again. A key reused with a different request is refused.
 */
export function requestHash(body: unknown): string {
  return crypto
    .createHash('sha256')
    .update(canonicalJson(body ?? null))
    .digest('hex');
}

export async function idempotent<T>(trx: Tx, scope: string, key: string | undefined, body: unknown, run: () => Promise<T>): Promise<{ value: T; replayed: boolean }> {
  if (!key) return { value: await run(), replayed: false };
  const hash = requestHash(body);
  const claimed = await trx
    .insertInto('idempotency_record')
    .values({ scope, key, request_hash: hash, status: null, body: null })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const prior = await trx.selectFrom('idempotency_record').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
    if (prior.request_hash !== hash) throw new AppError(Errors.idempotencyMismatch, 'this Idempotency-Key was used for a different request');
    return { value: prior.body as T, replayed: true };
  }
  const value = await run();
  await trx
    .updateTable('idempotency_record')
    .set({ status: 200, body: JSON.stringify(value) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
  return { value, replayed: false };
}

/** Header value check: printable, bounded; anything else is a client error naming the header. */
export function idempotencyKeyOf(headers: Record<string, unknown>): string | undefined {
  const v = headers['idempotency-key'];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[\x21-\x7e]{8,200}$/.test(v)) {
    throw new AppError(Errors.validation, 'Idempotency-Key must be 8–200 printable ASCII characters', { errors: [{ field: '/headers/idempotency-key', message: 'invalid' }] });
  }
  return v;
}
