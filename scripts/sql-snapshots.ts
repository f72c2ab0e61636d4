/**
 * Committed SQL snapshots: the SQL that each repository function sends,
 * written to sql/<module>.sql so that a change to a query shows in review.
 *
 *   npm run sql:snapshots   — run the fixed scenario, (re)write sql/
 *   npm run sql:check       — run it, fail (exit 1) if sql/ would change
 *
 * The scenario: migrate a fresh embedded database, load the demonstration
 * programme (which goes through the services of every module: writes, the
 * tender workflow, imports, sequencers) and read every public list and
 * detail endpoint once. Each query is captured by a Kysely plugin as it is
 * compiled; the calling function is the first stack frame inside
 * src/modules/ or src/lib/. Placeholders are normalised ($n → ?) and value
 * lists of variable length collapsed, so the files depend on the queries,
 * not on the data. A repository function the scenario does not reach is not
 * in the files: extend the scenario when adding one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PostgresQueryCompiler,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { openDeps } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import { seedDemo } from '../src/seed/demo.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'sql');
const SRC = path.join(ROOT, 'src') + path.sep;

const captured = new Map<string, Set<string>>();
const compiler = new PostgresQueryCompiler();

// A placeholder with an optional cast, e.g. `?` or `?::bigint[]`.
const P = String.raw`\?(?:::\w+(?:\[\])?)?`;
const LIST = new RegExp(String.raw`\(\s*${P}(?:\s*,\s*${P})*\s*\)`, 'g');

/** Placeholders → ?, and every list of placeholders (IN lists, VALUES rows) of whatever length → one shape. */
function normalise(text: string): string {
  return text
    .replace(/\$\d+/g, '?')
    .replace(/\s+/g, ' ')
    .replace(LIST, '(?, …)')
    .replace(/\(\?, …\)(?:\s*,\s*\(\?, …\))+/g, '(?, …), …')
    .replace(/\bvalues \(\?, …\)(?!, …)/gi, 'values (?, …), …')
    .trim();
}

function caller(): string | null {
  const stack = new Error().stack?.split('\n') ?? [];
  for (const line of stack) {
    const m = /at (?:async )?(?:(\S+) )?\(?(\/[^():]+\.ts):\d+:\d+\)?/.exec(line);
    if (!m || !m[2].startsWith(SRC) || m[2].includes(`${path.sep}db${path.sep}`)) continue;
    const rel = path.relative(SRC, m[2]);
    if (!rel.startsWith('modules') && !rel.startsWith('lib')) continue;
    return `${rel}: ${(m[1] ?? '<anonymous>').replace(/^Object\./, '')}`;
  }
  return null;
}

const capture: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const where = caller();
    if (where) {
      const text = normalise(compiler.compileQuery(args.node, args.queryId).sql);
      if (!captured.has(where)) captured.set(where, new Set());
      captured.get(where)!.add(text);
    }
    return args.node;
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  },
};

async function scenario() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-sql-'));
  const config = { ...loadConfig({ NODE_ENV: 'development' }), dataDir, logLevel: 'silent' };
  const { deps, database } = await openDeps(config);
  deps.db = deps.db.withPlugin(capture);
  try {
    await seedDemo(deps);
    const app = await buildApp(deps, { logger: false, serveWeb: false });
    await app.ready();
    // The Atom feeds answer XML: read, not parsed.
    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url });
      return (String(r.headers['content-type']).includes('json') ? r.json() : {}) as Record<string, unknown>;
    };
    const spec = (await get('/api/openapi.json')) as { paths: Record<string, { get?: unknown }> };
    const lists = Object.keys(spec.paths).filter((p) => spec.paths[p].get && !p.includes('{'));
    for (const p of lists.sort()) await get(p);
    // One detail page of each kind, from the lists.
    const firstId = async (url: string, key = 'items') => {
      const body = await get(url);
      const items = (body[key] ?? body.features ?? body.projects ?? body.releases ?? []) as { id?: string; ocid?: string; code?: string }[];
      return items[0];
    };
    const tender = await firstId('/api/v1/tenders');
    if (tender?.id) await get(`/api/v1/tenders/${tender.id}`);
    // The demo's tender under standstill: its amendments, complaints (one pending) and outcome, as its page reads them.
    const standstill = await firstId('/api/v1/tenders?status=standstill');
    for (const sub of ['amendments', 'complaints', 'outcome']) if (standstill?.id) await get(`/api/v1/tenders/${standstill.id}/${sub}`);
    const project = await firstId('/api/v1/projects');
    if (project?.id) await get(`/api/v1/projects/${project.id}`);
    if (project?.id) await get(`/api/v1/feeds/projects/${project.id}.atom`);
    await get('/api/v1/feeds/tenders.atom?sector=transport&district=AZ-AGM&eligibility=KR');
    await get('/api/v1/feeds/countries/KR.atom');
    const release = await firstId('/api/v1/ocds/releases', 'releases');
    if (release?.ocid) await get(`/api/v1/ocds/records/${release.ocid}`);
    await get('/api/v1/countries/KR');
    await app.close();
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function render(): Map<string, string> {
  const files = new Map<string, string[]>();
  for (const where of [...captured.keys()].sort()) {
    const rel = where.split(':')[0];
    const file = rel.startsWith('modules') ? `${rel.split(path.sep)[1]}.sql` : 'lib.sql';
    if (!files.has(file)) files.set(file, [`-- Generated by scripts/sql-snapshots.ts (npm run sql:snapshots). Do not edit.\n`]);
    for (const q of [...captured.get(where)!].sort()) files.get(file)!.push(`-- ${where}\n${q};\n`);
  }
  return new Map([...files].map(([f, parts]) => [f, parts.join('\n')]));
}

await scenario();
const files = render();
const check = process.argv.includes('--check');
const existing = fs.existsSync(OUT) ? fs.readdirSync(OUT).filter((f) => f.endsWith('.sql')) : [];
const changed = [...new Set([...existing, ...files.keys()])].filter((f) => {
  const now = files.get(f);
  const before = fs.existsSync(path.join(OUT, f)) ? fs.readFileSync(path.join(OUT, f), 'utf8') : undefined;
  return now !== before;
});
if (check) {
  if (changed.length) {
    console.error(`SQL snapshots are stale: ${changed.join(', ')}. Run \`npm run sql:snapshots\` and commit sql/.`);
    process.exit(1);
  }
  console.log(`SQL snapshots up to date (${files.size} files, ${[...captured.values()].reduce((n, s) => n + s.size, 0)} queries)`);
} else {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of existing) if (!files.has(f)) fs.rmSync(path.join(OUT, f));
  for (const [f, text] of files) fs.writeFileSync(path.join(OUT, f), text);
  console.log(`wrote ${files.size} files to sql/ (${changed.length} changed)`);
}
process.exit(0);
