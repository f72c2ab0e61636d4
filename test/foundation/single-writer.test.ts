import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataDirBusyError, lockDataDir } from '../../src/db/data-dir-lock.ts';
import { openDatabase } from '../../src/db/index.ts';
import { verifyChain } from '../../src/modules/audit/service.ts';
import { collection, feature, polygon, TERRITORY } from '../fixtures/land/territory.ts';

/**
 * Issue 17: one process owns an embedded data directory. The real server and
 * the real CLI, as separate processes, on one directory while the API takes
 * writes; then stops (graceful and kill -9), restarts, and checks that the
 * database opens, the chain verifies and every acknowledged write is there.
 * Embedded backend only: PostgreSQL is made for many clients.
 */
const embedded = inject('dbTemplate').kind === 'pglite';
const ROOT = path.resolve('.');
const PASSWORD = 'single-writer-test-2026';

function childEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // The writers register many companies from one address: lift that limit (a setting), keep the others.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERPA_DATA_DIR: dir,
    BERPA_PRODUCTION: '1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    BERPA_RATE_LIMIT_REGISTRATION: '100000/3600',
    ...extra,
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  delete env.VITEST;
  return env;
}

interface Server {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

function startServer(dir: string): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], { cwd: ROOT, env: childEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /Berpa is running on pglite: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ proc, url: m[1], output: () => out });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`server exited (${code}) before it started:\n${out}`));
    });
  });
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
}

/** Run `berpa …` as a user would; bounded in time. */
function cli(dir: string, args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'bin/berpa.mjs'), ...args], { cwd: ROOT, env: childEnv(dir, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d) => (stdout += d));
  proc.stderr!.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 120_000);
  return exited(proc).then((code) => {
    clearTimeout(timer);
    return { code, stdout, stderr };
  });
}

/** Anonymous company registrations in a loop (each is a change and its audit event); the ids the API acknowledged with 201. */
function writers(url: string, tag: string, clients = 2) {
  const acked: string[] = [];
  let running = true;
  let n = 0;
  const deadline = Date.now() + 300_000;
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; running && i < 5000 && Date.now() < deadline; i++) {
      const id = `${tag}${String(c).padStart(2, '0')}${String(n++).padStart(8, '0')}`.toUpperCase().padEnd(18, 'X').slice(0, 18) + '42';
      try {
        const r = await fetch(`${url}/api/v1/organisations/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            organisation: { name: `Writer ${id}`, identifier: { scheme: 'XI-LEI', id }, country: 'KR' },
            user: { email: `w-${id.toLowerCase()}@example.test`, name: 'Writer', password: PASSWORD },
          }),
        });
        if (r.status === 201) acked.push(((await r.json()) as { organisation: { id: string } }).organisation.id);
        else await r.body?.cancel();
        // Steady, not flat out: each registration hashes a password, and the commands beside it need the CPU too.
        await new Promise((res) => setTimeout(res, 25));
      } catch {
        // the server went away (kill -9): what it acknowledged before is what counts
        return;
      }
    }
  });
  return {
    acked,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function signIn(url: string, email: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, mode: 'token' }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

/** Open the stopped directory in this process and check what survived. */
async function survived(dir: string, ids: string[]) {
  const database = await openDatabase({ dataDir: dir, owner: { role: 'cli', command: 'test' } });
  try {
    const found = await sql<{ n: number; without_event: number }>`
      select count(*)::int as n,
             count(*) filter (where not exists (select 1 from audit_event e where e.entity_id = o.id::text and e.action = 'organisation.register'))::int as without_event
      from organisation o where o.id = any(${ids}::uuid[])`.execute(database.db);
    const chain = await verifyChain(database.db);
    return { found: found.rows[0].n, withoutEvent: found.rows[0].without_event, chain };
  } finally {
    await database.close();
  }
}

describe('the lock on an embedded data directory', () => {
  it('lets one holder in, names it to the next, and is free again once released', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-lock-'));
    try {
      const first = await lockDataDir(dir, { role: 'server', command: 'start' });
      first.update({ url: 'http://127.0.0.1:1' });
      const refused = await lockDataDir(dir, { role: 'cli', command: 'migrate' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DataDirBusyError);
      expect((refused as Error).message).toBe(`the database in ${dir} is served by the running Berpa (pid ${process.pid}, http://127.0.0.1:1); stop it or use the API`);
      // The same directory under another spelling is the same lock.
      await expect(lockDataDir(`${dir}/./`, { role: 'cli', command: 'x' })).rejects.toBeInstanceOf(DataDirBusyError);
      await first.release();
      const again = await lockDataDir(dir, { role: 'cli', command: 'migrate' });
      await again.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dies with its process: after kill -9 the next opener gets it at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-lock-'));
    try {
      const holder = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('${path.join(ROOT, 'src/db/data-dir-lock.ts')}').then(async (m) => { await m.lockDataDir(${JSON.stringify(dir)}, { role: 'cli', command: 'hold' }); console.log('held'); setInterval(() => {}, 1000); })`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('holder never took the lock')), 30_000);
        holder.stdout!.on('data', (d) => String(d).includes('held') && (clearTimeout(t), resolve()));
      });
      const refused = await lockDataDir(dir, { role: 'server', command: 'start' }).catch((e: unknown) => e);
      expect((refused as Error).message).toBe(`the database in ${dir} is in use by \`berpa hold\` (pid ${holder.pid}); wait for it to finish`);
      holder.kill('SIGKILL');
      await exited(holder);
      const mine = await lockDataDir(dir, { role: 'server', command: 'start' });
      await mine.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('an embedded directory that does not open', () => {
  it('says what happened and what to do, not "Aborted()", and lets the lock go', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-damaged-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.close();
      fs.writeFileSync(path.join(dir, 'pglite/global/pg_control'), Buffer.alloc(8192, 0xab));
      const err = await openDatabase({ dataDir: dir }).catch((e: unknown) => e);
      expect((err as Error).name).toBe('EmbeddedOpenError');
      expect((err as Error).message).toMatch(
        new RegExp(`^the embedded database in ${path.join(dir, 'pglite')} could not be opened \\(.+\\)\\. .*Restore the directory from a backup, or move it aside`),
      );
      const lock = await lockDataDir(dir, { role: 'cli', command: 'check' });
      await lock.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.runIf(embedded)('a server and the CLI on one embedded directory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-single-writer-'));
  const files = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-single-writer-files-'));
  const acked: string[] = [];
  let server: Server | undefined;

  beforeAll(async () => {
    // Before any server: the CLI owns the directory for the length of a command.
    const made = await cli(dir, ['user', 'create', '--email', 'admin@single-writer.test', '--name', 'Admin', '--roles', 'admin,auditor'], { BERPA_PASSWORD: PASSWORD });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    fs.writeFileSync(path.join(files, 'territory.geojson'), JSON.stringify(TERRITORY));
    fs.writeFileSync(
      path.join(files, 'hazards.geojson'),
      JSON.stringify(
        collection([feature({ reference: 'SW1', name: 'Field', classification: 'CHA', hazard_types: 'ap_mines', recorded_on: '2021-03-10' }, polygon(46.1, 39.1, 46.2, 39.2))]),
      ),
    );
    fs.writeFileSync(path.join(files, 'projects.csv'), 'id,title\n');
  }, 180_000);

  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      server.proc.kill('SIGKILL');
      await exited(server.proc);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(files, { recursive: true, force: true });
  });

  it('refuses a second server, and every CLI command either refuses or goes through the API, while writes go on', async () => {
    server = await startServer(dir);
    const pid = server.proc.pid!;
    const busy = `the database in ${dir} is served by the running Berpa (pid ${pid}, ${server.url}); stop it or use the API`;

    const second = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], { cwd: ROOT, env: childEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
    let secondOut = '';
    second.stdout!.on('data', (d) => (secondOut += d));
    second.stderr!.on('data', (d) => (secondOut += d));
    expect(await exited(second)).toBe(1);
    expect(secondOut).toContain(`[berpa] cannot start: ${busy}`);

    const token = await signIn(server.url, 'admin@single-writer.test');
    const w = writers(server.url, 'A');
    try {
      const withToken = { BERPA_API_TOKEN: token };
      const refusals: [string, string[]][] = [
        ['audit verify', ['audit', 'verify']],
        ['import hazards', ['import', 'hazards', path.join(files, 'hazards.geojson')]],
        ['import projects', ['import', 'projects', path.join(files, 'projects.csv')]],
        ['export projects', ['export', 'projects', path.join(files, 'out.csv'), '--format', 'csv']],
        ['export hazards', ['export', 'hazards', path.join(files, 'out.geojson')]],
        ['export ocds', ['export', 'ocds', path.join(files, 'ocds')]],
        ['migrate', ['migrate']],
        ['seed', ['seed', '--force-production']],
        ['user create', ['user', 'create', '--email', 'x@single-writer.test', '--name', 'X', '--roles', 'operator']],
      ];
      for (const [name, args] of refusals) {
        const r = await cli(dir, args, { BERPA_PASSWORD: PASSWORD });
        expect(r.code, `${name}: ${r.stderr}`).toBe(5);
        expect(r.stderr, name).toContain(`berpa: ${busy}`);
        expect(r.stderr, name).not.toMatch(/\n\s+at /); // a message, not a stack trace
      }
      expect(fs.existsSync(path.join(files, 'out.csv'))).toBe(false);

      // With a token, verify and imports are sent to the running server.
      const verified = await cli(dir, ['audit', 'verify', '--json'], withToken);
      expect(verified.code, verified.stderr).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, firstBreak: null });
      const areas = await cli(dir, ['import', 'areas', path.join(files, 'territory.geojson')], withToken);
      expect(areas.code, areas.stderr).toBe(0);
      expect(areas.stdout).toMatch(/^3 areas imported from /);
      const hazards = await cli(dir, ['import', 'hazards', path.join(files, 'hazards.geojson')], withToken);
      expect(hazards.code, hazards.stderr).toBe(0);
      expect(hazards.stdout).toMatch(/^1 hazards imported from /);
      // A refusal by the server reaches the user as the server's message, exit code 3.
      const again = await cli(dir, ['import', 'hazards', path.join(files, 'hazards.geojson')], withToken);
      expect(again.code, again.stderr).toBe(3);
      expect(again.stderr).toMatch(/^berpa: .+/);
    } finally {
      await w.stop();
    }
    acked.push(...w.acked);
    expect(acked.length).toBeGreaterThan(10);

    server.proc.kill('SIGTERM');
    expect(await exited(server.proc)).toBe(0);
    expect(fs.existsSync(path.join(dir, 'berpa-owner.json'))).toBe(false);
  }, 600_000);

  it('after a graceful stop: every acknowledged write is there, the chain verifies, and verify writes nothing', async () => {
    const r = await survived(dir, acked);
    expect(r).toMatchObject({ found: acked.length, withoutEvent: 0, chain: { ok: true, pending: 0 } });
    const v = await cli(dir, ['audit', 'verify']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain(`audit chain intact: ${r.chain.checked} links`);
  }, 120_000);

  it('after kill -9 of a server mid-write: it starts again at once with every acknowledged write', async () => {
    server = await startServer(dir);
    const w = writers(server.url, 'B');
    const t0 = Date.now();
    while (w.acked.length < 20 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
    server.proc.kill('SIGKILL');
    await exited(server.proc);
    await w.stop();
    expect(w.acked.length).toBeGreaterThanOrEqual(20);
    acked.push(...w.acked);

    // The lock died with the process: no stale lock to clear, and the server that starts links what was pending.
    server = await startServer(dir);
    server.proc.kill('SIGTERM');
    expect(await exited(server.proc)).toBe(0);
    const r = await survived(dir, acked);
    expect(r).toMatchObject({ found: acked.length, withoutEvent: 0, chain: { ok: true, pending: 0 } });
  }, 600_000);
});
