import fs from 'node:fs';
import path from 'node:path';

/**
 * Which module owns which table, read from each module's `tables.ts`
 * (the keys of its exported `…Tables` interface), and where a module's code
 * names a table it does not own. Used by boundaries.test.ts.
 */
export const MODULES_DIR = path.join(import.meta.dirname, '../../src/modules');

export function moduleNames(): string[] {
  return fs
    .readdirSync(MODULES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function keysOf(mod: string, suffix: 'Tables' | 'Surfaces'): string[] {
  const file = path.join(MODULES_DIR, mod, 'tables.ts');
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const block of text.matchAll(new RegExp(`export interface \\w+${suffix}(?: extends [^{]+)? \\{([\\s\\S]*?)\\n\\}`, 'g'))) {
    for (const m of block[1].matchAll(/^\s{2}([a-z_][a-z0-9_]*)\s*:/gm)) names.push(m[1]);
  }
  return names;
}

/** Table and view names a module owns: the keys of the `…Tables` and `…Surfaces` interfaces of its tables.ts. */
export function declaredTables(mod: string): string[] {
  return [...new Set([...keysOf(mod, 'Tables'), ...keysOf(mod, 'Surfaces')])];
}

/** The views a module publishes for others to read: the keys of its `…Surfaces` interface. */
export function publishedSurfaces(mod: string): string[] {
  return keysOf(mod, 'Surfaces');
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.ts$|test-kit\.ts$|test-helpers\.ts$/.test(e.name) ? [p] : [];
  });
}

const BUILDER = /\.(?:selectFrom|insertInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"]([a-z_][a-z0-9_]*)(?:\s+as\s+\w+)?['"]/g;
const SQL_TEMPLATE = /sql(?:<[^`]*?>)?`((?:[^`\\]|\\.)*)`/g;
const SQL_TABLE = /\b(?:from|join|into|update|table)\s+([a-z_][a-z0-9_]*)\b/gi;

/** Every table a piece of source names in a query builder call or in a sql`…` template. */
export function tablesInSource(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(BUILDER)) out.push(m[1]);
  for (const t of text.matchAll(SQL_TEMPLATE)) for (const m of t[1].matchAll(SQL_TABLE)) out.push(m[1].toLowerCase());
  return out;
}

/** Every table a module's code names, with the file. */
export function tablesNamed(mod: string): { table: string; file: string }[] {
  return files(path.join(MODULES_DIR, mod)).flatMap((f) => {
    const file = path.relative(MODULES_DIR, f);
    return tablesInSource(fs.readFileSync(f, 'utf8')).map((table) => ({ table, file }));
  });
}
