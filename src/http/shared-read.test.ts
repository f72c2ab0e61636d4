import { describe, expect, it } from 'vitest';
import { SharedRead } from './shared-read.ts';

/** A read whose answers the test releases by hand: each read returns the number of reads started before it. */
function manual() {
  const started: ((v: number) => void)[] = [];
  const fails: ((e: Error) => void)[] = [];
  const read = () => new Promise<number>((resolve, reject) => (started.push(resolve), fails.push(reject)));
  return { read, started, fails };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SharedRead', () => {
  it('shares one read among callers that arrive together, and never gives a caller a read begun before it came', async () => {
    const m = manual();
    const r = new SharedRead(m.read);
    const a = r.get();
    expect(m.started).toHaveLength(1);
    // b and c arrive while read 1 runs: they wait for read 2, which starts only when read 1 ends.
    const b = r.get();
    const c = r.get();
    expect(m.started).toHaveLength(1);
    m.started[0](1);
    expect(await a).toBe(1);
    await tick();
    expect(m.started).toHaveLength(2);
    // d arrives while read 2 runs: it must not get read 2's value.
    const d = r.get();
    m.started[1](2);
    expect([await b, await c]).toEqual([2, 2]);
    await tick();
    expect(m.started).toHaveLength(3);
    m.started[2](3);
    expect(await d).toBe(3);
    // Idle again: the next caller starts a read of its own at once.
    const e = r.get();
    expect(m.started).toHaveLength(4);
    m.started[3](4);
    expect(await e).toBe(4);
  });

  it('gives a failed read to its callers only, and the next caller reads again', async () => {
    const m = manual();
    const r = new SharedRead(m.read);
    const a = r.get();
    const b = r.get();
    m.fails[0](new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await tick();
    m.started[1](7);
    expect(await b).toBe(7);
    const c = r.get();
    m.started[2](8);
    expect(await c).toBe(8);
  });

  it('under a burst of callers sends far fewer reads than callers, each answer from a read started after its caller came', async () => {
    let reads = 0;
    const r = new SharedRead(async () => {
      const n = ++reads;
      await tick();
      return n;
    });
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await new Promise((res) => setTimeout(res, i % 10));
        const before = reads;
        const got = await r.get();
        return { before, got };
      }),
    );
    for (const { before, got } of answers) expect(got).toBeGreaterThan(before);
    expect(reads).toBeLessThan(100);
  });
});
