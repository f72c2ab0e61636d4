#!/usr/bin/env node
// Browser tests: build the web app if needed, start the real server on a free
// loopback port with a fresh embedded database (demo data), run the browser
// test files against it with Chromium, stop the server. BERPA_URL=… reuses a
// running server instead. The server sends subscription mail to a loopback
// SMTP port reserved here (BERPA_TEST_SMTP_PORT), where the follow test runs a
// real SMTP server; with BERPA_URL, set BERPA_TEST_SMTP_PORT to the port that
// server's BERPA_SMTP_URL names.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (m) => console.log(`[browser-tests] ${m}`);

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function buildWebIfNeeded() {
  const dist = path.join(root, 'web/dist/index.html');
  const sources = Math.max(
    newestMtime(path.join(root, 'web/src')),
    fs.statSync(path.join(root, 'web/index.html')).mtimeMs,
    fs.statSync(path.join(root, 'web/vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= sources) return;
  log('building the web app…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Start `tsx src/server.ts` on a fresh data directory; resolves once /healthz answers. `smtpPort`: where it sends mail (every second). */
export async function startServer({ timeoutMs = Number(process.env.BERPA_START_TIMEOUT_MS ?? 600_000), smtpPort = null } = {}) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-browser-'));
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', BERPA_DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  // Links in mail point where the tests' browser can follow them.
  env.BERPA_PUBLIC_URL = `http://127.0.0.1:${port}`;
  if (smtpPort) Object.assign(env, { BERPA_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, BERPA_MAIL_EVERY_MS: '1000' });
  delete env.DATABASE_URL;
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {}
      await new Promise((r) => {
        const t = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
          r();
        }, 10_000);
        child.once('exit', () => (clearTimeout(t), r()));
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return { url, stop, output: () => output };
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`server did not answer /healthz within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
}

async function main() {
  buildWebIfNeeded();
  let server = null;
  let url = process.env.BERPA_URL;
  let smtpPort = process.env.BERPA_TEST_SMTP_PORT;
  if (!url) {
    log('starting the server on a fresh embedded database (first start loads the demo data)…');
    const t = Date.now();
    smtpPort = String(await freePort());
    server = await startServer({ smtpPort });
    url = server.url;
    log(`server ready at ${url} after ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
  const onSignal = async () => {
    await server?.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const files = process.argv.slice(2);
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'test/browser/vitest.config.ts', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BERPA_URL: url, ...(smtpPort ? { BERPA_TEST_SMTP_PORT: smtpPort } : {}) },
  });
  if (r.status !== 0 && server) console.log(server.output().slice(-3000));
  await server?.stop();
  process.exit(r.status ?? 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
