import type { Kysely } from 'kysely';
import type { DB, Executor, Tx } from './index.ts';
import { type LockKey, tryXactLock, xactLock } from './locks.ts';

/**
 * THE sequencer: gives committed rows their place in an ordered log after
 * the fact, so that writers never wait on one another for a number. The audit
 * chain (seq + hash links) and the OCDS feed (position + date) are two
 * configurations of it; each says how to find its pending rows, where its
 * log ends, how to number a batch (pure) and how to write the numbers.
 *
 * One run = rounds of: take the lock (transaction-scoped, from the one
 * registry), read a batch of committed pending rows in their order, number
 * them after the head, write, commit. A row committed while a round runs is
 * simply in the next round (or the next run): never skipped, never numbered
 * twice, always after what was numbered before it.
 *
 * Ways in (one each):
 * - `run(db, spec, 'wait')` — maintenance and write paths (CLI, seed,
 *   shutdown): waits its turn and returns when everything committed before
 *   it is numbered.
 * - `run(db, spec, 'try')` and `trigger(db, spec)` — background: skip at
 *   once when another process is sequencing (its work or the next run
 *   covers ours). `trigger` is what a writer calls after writing a row.
 * - `catchUp(db, spec)` — read paths. Never waits on a database lock: when
 *   nothing is pending (the normal case) it takes no lock at all; otherwise
 *   it try-locks and numbers, and if another sequencer holds the lock it
 *   sleeps briefly (holding no connection or transaction) until the rows
 *   that were pending when the read began are numbered. So whoever wrote a
 *   row before reading sees it (read-your-writes), without readers queueing
 *   behind one another. See docs/decisions/0010-one-sequencer.md.
 */
export interface SequencerSpec<Row extends { id: string | number }, Head, Link> {
  /** For logs and the registry of triggers. */
  name: string;
  lock: () => LockKey;
  /** Committed rows without a number, in log order (oldest first). */
  pending(ex: Executor, limit: number): Promise<Row[]>;
  /** Of `ids`, those still without a number. */
  stillPending(ex: Executor, ids: Row['id'][]): Promise<number>;
  /** The end of the log as this transaction sees it (plus anything `link` needs, e.g. the clock). */
  head(trx: Tx): Promise<Head>;
  /** Pure: number `rows` after `head`. */
  link(rows: Row[], head: Head): Link[];
  write(trx: Tx, links: Link[]): Promise<void>;
  batch: number;
}

type AnySpec = SequencerSpec<any, any, any>;

const MAX_ROUNDS = 10_000;

/**
 * Number everything pending. 'wait' queues for the lock; 'try' returns -1 at
 * once when it is busy. Returns how many rows were numbered.
 */
export async function run(db: Kysely<DB>, spec: AnySpec, mode: 'wait' | 'try'): Promise<number> {
  let total = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const n = await db.transaction().execute(async (trx) => {
      if (mode === 'wait') await xactLock(trx, spec.lock());
      else if (!(await tryXactLock(trx, spec.lock()))) return -1;
      const rows = await spec.pending(trx, spec.batch);
      if (rows.length === 0) return 0;
      await spec.write(trx, spec.link(rows, await spec.head(trx)));
      return rows.length;
    });
    if (n < 0) return round === 0 ? -1 : total;
    total += n;
    if (n < spec.batch) break;
  }
  return total;
}

const CATCH_UP_PROBE = 10_000;

/**
 * Before a read: make sure what was committed before it is numbered, without
 * waiting on a lock (see above). Bounded by `timeoutMs`; past it the answer
 * is only a moment behind (never wrong: unnumbered rows are not shown, and
 * appear later in order). Errors are the caller's to ignore.
 */
export async function catchUp(db: Kysely<DB>, spec: AnySpec, opts: { timeoutMs?: number } = {}): Promise<void> {
  const ids = (await spec.pending(db, CATCH_UP_PROBE)).map((r: { id: string | number }) => r.id);
  if (ids.length === 0) return;
  const deadline = Date.now() + (opts.timeoutMs ?? 2000);
  for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
    if ((await run(db, spec, 'try')) >= 0) return;
    if ((await spec.stillPending(db, ids)) === 0) return;
    if (Date.now() >= deadline) return;
    await new Promise((ok) => setTimeout(ok, wait));
  }
}

const TRIGGER_DELAYS_MS = [50, 1000];
/** After this long, every run a trigger scheduled has started (tests wait for background work to settle). */
export const TRIGGER_SETTLE_MS = Math.max(...TRIGGER_DELAYS_MS);
const triggered = new WeakMap<object, Set<string>>();

/**
 * A writer wrote a pending row: sequence it shortly, so that its number (and
 * the feed date) stays close to when it was written. The writer's
 * transaction may not have committed at the first try, hence a second one.
 * Debounced per database and sequencer; errors are ignored (the next run or
 * reader retries).
 */
export function trigger(db: Kysely<DB>, spec: AnySpec, onError: (err: unknown) => void = () => undefined): void {
  let names = triggered.get(db);
  if (!names) triggered.set(db, (names = new Set()));
  if (names.has(spec.name)) return;
  names.add(spec.name);
  TRIGGER_DELAYS_MS.forEach((ms, i) => {
    setTimeout(() => {
      if (i === 0) names.delete(spec.name);
      run(db, spec, 'try').catch(onError);
    }, ms).unref();
  });
}

/**
 * The server's background loop: every `everyMs`, a 'try' run of each
 * sequencer (one at a time per process). Returns a stop function that waits
 * for a run in progress.
 */
export function startBackground(db: Kysely<DB>, specs: AnySpec[], everyMs: number, onError: (spec: AnySpec, err: unknown) => void): () => Promise<void> {
  let current: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = (async () => {
      for (const spec of specs) await run(db, spec, 'try').catch((err) => onError(spec, err));
    })().finally(() => {
      current = null;
    });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
