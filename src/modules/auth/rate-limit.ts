import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import * as repo from './rate-limit.repo.ts';

/**
 * Failed sign-ins per key (email, client address), counted in the database
 * (table rate_limit_counter) so that every app server sees the same count and
 * a restart does not wipe a lockout. A fixed window: after `maxAttempts`
 * failures the key is locked until the window runs out; a success clears the
 * per-account count.
 */
export class AttemptLimiter {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly name: string,
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  private key(k: string) {
    return `signin-fail:${this.name}:${k}`.slice(0, 300);
  }

  /** Seconds to wait if the key is locked, otherwise 0. */
  async retryAfter(key: string): Promise<number> {
    const h = await repo.peek(this.db, this.key(key));
    return h.hits >= this.maxAttempts ? Math.max(1, Math.ceil(h.ttlMs / 1000)) : 0;
  }

  async fail(key: string): Promise<void> {
    await repo.hit(this.db, this.key(key), this.windowMs);
  }

  async succeed(key: string): Promise<void> {
    await repo.clear(this.db, this.key(key));
  }
}
