/**
 * Fixed-window counter of failed sign-ins per key (email and client address).
 * In memory: one process per deployment today; behind a load balancer each
 * process counts on its own, which still bounds guessing per process.
 */
export class AttemptLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait if the key is over the limit, otherwise 0. */
  retryAfter(key: string): number {
    const h = this.hits.get(key);
    if (!h) return 0;
    const now = this.now();
    if (now >= h.resetAt) {
      this.hits.delete(key);
      return 0;
    }
    return h.count >= this.maxAttempts ? Math.ceil((h.resetAt - now) / 1000) : 0;
  }

  fail(key: string) {
    const now = this.now();
    const h = this.hits.get(key);
    if (!h || now >= h.resetAt) this.hits.set(key, { count: 1, resetAt: now + this.windowMs });
    else h.count += 1;
    if (this.hits.size > 100_000) this.prune(now);
  }

  succeed(key: string) {
    this.hits.delete(key);
  }

  private prune(now: number) {
    for (const [k, h] of this.hits) if (now >= h.resetAt) this.hits.delete(k);
  }
}
