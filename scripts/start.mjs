#!/usr/bin/env node
// `npm start`: build the web app and the server (scripts/build-server.mjs,
// TypeScript → dist/) when their sources are newer than the last build, then
// run the compiled server — plain JavaScript, nothing compiled at start-up.
// `npm run dev` runs src/server.ts through tsx instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildServer, newestSource, STAMP } from './build-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'web/dist/index.html');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (fs.existsSync(path.join(root, 'web/index.html'))) {
  const stale = !fs.existsSync(built) || newest(path.join(root, 'web/src')) > fs.statSync(built).mtimeMs;
  if (stale) {
    console.log('[berpa] building the web app…');
    const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

if (!fs.existsSync(STAMP) || newestSource() > fs.statSync(STAMP).mtimeMs) {
  console.log('[berpa] building the server…');
  await buildServer();
}

const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, 'dist/server.js')], { cwd: process.cwd(), stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
