/**
 * `npm run bench -- <name> [args…]` runs bench/<name>.ts. Benchmarks need
 * PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'lib.ts'].includes(f) && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [args]`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as { default: (args: string[]) => Promise<void> };
await mod.default(args);
// invalidIf() sets a non-zero exit code for runs with errors.
process.exit(process.exitCode ?? 0);
