#!/usr/bin/env node
// Start-up time on an existing data directory: spawn the server the given way,
// poll /healthz until it answers 200, print the milliseconds, stop the server.
//   node scripts/measure-start.mjs <dataDir> <port> compiled|tsx [runs]
import { spawn } from 'node:child_process';
import path from 'node:path';

const [dataDir, port, how = 'compiled', runs = '3'] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = how === 'tsx' ? ['--import', 'tsx', path.join(root, 'src/server.ts')] : ['--enable-source-maps', path.join(root, 'dist/server.js')];

async function once() {
  const t = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, BERPA_DATA_DIR: path.resolve(dataDir), PORT: port, LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 2400; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return performance.now() - t;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('no answer from /healthz within 60 s');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const times = [];
for (let i = 0; i < Number(runs); i++) times.push(Math.round(await once()));
const load = (await import('node:os'))
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
console.log(`${how}: ${times.join(', ')} ms (median ${times.sort((a, b) => a - b)[Math.floor(times.length / 2)]} ms); load average ${load}`);
