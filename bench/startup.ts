/**
 * `npm run bench -- startup [--runs 3]`: start-up on the embedded database
 * (no PostgreSQL needed), against the targets of issue 16:
 *  - PGlite's own opening time on an existing data directory (a bare
 *    process: import PGlite + PostGIS, open, `select 1`), the limit;
 *  - a second start of the server until /healthz answers, compiled (dist/,
 *    built first with `npm run build:server`) and through tsx: target within
 *    3 s of PGlite's opening;
 *  - a fresh start (migrations + the demonstration programme): target < 15 s;
 *  - the land demo step alone (from the server's own step log): target < 2 s.
 * Medians of `--runs` for the second starts. Each child runs alone.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { arg, invalidIf, report } from './lib.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

const PGLITE_OPEN = `import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
const t = performance.now();
const db = new PGlite({ dataDir: process.argv[1], extensions: { postgis } });
await db.waitReady;
await db.query('select 1');
const ms = performance.now() - t;
await db.close();
console.log('opened ' + ms);`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The server's environment: embedded (no DATABASE_URL), development (the demo seeds an empty directory). */
function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BERPA_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  return env;
}

/** Spawn the server, time until /healthz answers 200, keep its log, stop it gracefully. */
async function timedStart(how: 'compiled' | 'tsx', dataDir: string, timeoutMs: number): Promise<{ ms: number; log: string }> {
  const port = await freePort();
  const args = how === 'tsx' ? ['--import', 'tsx', path.join(ROOT, 'src/server.ts')] : ['--enable-source-maps', path.join(ROOT, 'dist/server.js')];
  const t = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: serverEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    for (let i = 0; performance.now() - t < timeoutMs && i < 100_000; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited: ${log.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { ms: performance.now() - t, log };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no answer from /healthz within ${timeoutMs} ms: ${log.slice(-2000)}`);
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
}

async function pgliteOpen(dataDir: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PGLITE_OPEN, dataDir], { cwd: ROOT });
  const ms = Number(/opened ([\d.]+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(ms)) throw new Error(`PGlite did not open: ${stdout}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms: number) => Math.round(ms);

export default async function startupBench(args: string[]) {
  const runs = arg(args, 'runs', 3);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-bench-startup-'));
  try {
    const build = performance.now();
    await run('npm', ['run', '-s', 'build:server'], { cwd: ROOT, maxBuffer: 16 << 20 });
    const buildMs = performance.now() - build;

    // Fresh: migrations and the demonstration programme, compiled (what `npm start` runs).
    const fresh = await timedStart('compiled', path.join(dataDir, 'data'), 300_000);
    const steps = Object.fromEntries([...fresh.log.matchAll(/^\[berpa\] {2,}(.+) \((\d+) ms\)$/gm)].map((m) => [m[1], Number(m[2])]));
    const landStep = Object.entries(steps).find(([name]) => name.startsWith('land'))?.[1];

    const open: number[] = [];
    const compiled: number[] = [];
    const tsx: number[] = [];
    for (let i = 0; i < runs; i++) {
      open.push(await pgliteOpen(path.join(dataDir, 'data')));
      compiled.push((await timedStart('compiled', path.join(dataDir, 'data'), 120_000)).ms);
      tsx.push((await timedStart('tsx', path.join(dataDir, 'data'), 120_000)).ms);
    }
    const o = median(open);
    const c = median(compiled);
    const x = median(tsx);
    report('startup', {
      runs,
      buildServerMs: round(buildMs),
      pgliteOpenMs: { median: round(o), all: open.map(round) },
      secondStartCompiledMs: { median: round(c), all: compiled.map(round), overPgliteMs: round(c - o), meets: c - o <= 3000 },
      secondStartTsxMs: { median: round(x), all: tsx.map(round), overPgliteMs: round(x - o), meets: x - o <= 3000 },
      freshStartMs: { ms: round(fresh.ms), target: 15_000, meets: fresh.ms < 15_000, ratioToTarget: Math.round((fresh.ms / 15_000) * 100) / 100 },
      landDemoStepMs: {
        ms: landStep ?? null,
        target: 2000,
        meets: landStep !== undefined && landStep < 2000,
        ratioToTarget: landStep === undefined ? null : Math.round((landStep / 2000) * 100) / 100,
      },
      demoStepsMs: steps,
      ...invalidIf({ landStepNotLogged: landStep === undefined ? 1 : 0 }),
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
