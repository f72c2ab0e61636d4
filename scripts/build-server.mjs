#!/usr/bin/env node
// The production build of the server and CLI: every src/**/*.ts (not tests,
// not test kits) compiled by esbuild to dist/**/*.js, one file per file, so
// that `npm start` in production runs plain JavaScript instead of compiling
// TypeScript at start-up (tsx stays for development and tests).
//
// dist/ sits beside src/ at the same depth, so the paths that modules build
// from import.meta.url (../../migrations, ../../standards, ../../web/dist,
// ../../../data-assets, package.json) resolve to the same files. Relative
// `.ts` import specifiers become `.js`. Type-checking is `npm run typecheck`'s
// job, not this one's.
import fs from 'node:fs';
import path from 'node:path';
import { transform } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SRC = path.join(root, 'src');
const OUT = path.join(root, 'dist');
const SKIP = /(\.test\.ts|\.d\.ts|test-kit\.ts|test-helpers\.ts)$/;

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !SKIP.test(e.name) ? [p] : [];
  });
}

// import … from './x.ts' | export … from '../y.ts' | import('./z.ts') | import './w.ts'
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+?)\.ts\2/g;

/** The newest source mtime (ms), for start.mjs's staleness check. */
export function newestSource() {
  return Math.max(...sources(SRC).map((f) => fs.statSync(f).mtimeMs), fs.statSync(path.join(root, 'package.json')).mtimeMs);
}

export const STAMP = path.join(OUT, '.built');

export async function buildServer() {
  const files = sources(SRC);
  fs.rmSync(OUT, { recursive: true, force: true });
  await Promise.all(
    files.map(async (file) => {
      const code = await fs.promises.readFile(file, 'utf8');
      const rel = path.relative(SRC, file);
      const out = await transform(code, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        supported: { 'import-attributes': true },
        sourcemap: 'inline',
        sourcefile: path.relative(root, file),
      });
      const js = out.code.replace(SPECIFIER, (_m, pre, q, spec) => `${pre}${q}${spec}.js${q}`);
      const dest = path.join(OUT, rel.replace(/\.ts$/, '.js'));
      await fs.promises.mkdir(path.dirname(dest), { recursive: true });
      await fs.promises.writeFile(dest, js);
    }),
  );
  fs.writeFileSync(STAMP, new Date().toISOString() + '\n');
  return files.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = Date.now();
  const n = await buildServer();
  console.log(`[berpa] server built: ${n} files to dist/ in ${Date.now() - t} ms`);
}
