/**
 * One read shared by the requests that wait for it, never one that began
 * before a request arrived. Under load, dozens of public requests want the
 * same change counters at the same moment (src/http/public-cache.ts); each
 * sending its own statement makes the database round trip the cost of a
 * cached answer. Here a request arriving while no read runs starts one; a
 * request arriving while one runs waits for the *next*, which starts when
 * the running one ends and serves everyone who queued meanwhile. So every
 * caller gets a value read after it arrived: a write committed before the
 * request was made is always seen, exactly as with a statement of its own.
 */
export class SharedRead<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;
  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const after = this.running.then(noop, noop).then(() => {
      this.queued = undefined;
      return this.start();
    });
    this.queued = after;
    return after;
  }

  private start(): Promise<T> {
    const p = this.read();
    this.running = p;
    const clear = () => {
      if (this.running === p) this.running = undefined;
    };
    p.then(clear, clear);
    return p;
  }
}

const noop = () => undefined;
