import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { buildApp } from '../src/http/app.ts';
import type { AppDeps } from '../src/lib/context.ts';
import { BlobStore } from '../src/modules/documents/blob-store.ts';
import * as programmeRepo from '../src/modules/programme/repo.ts';
import { searchLexemes } from '../src/modules/projects/fold.ts';
import type { SearchQueryT } from '../src/modules/projects/schema.ts';
import { searchPageQuery } from '../src/modules/projects/search.repo.ts';
import { planSearch } from '../src/modules/projects/search.service.ts';
import { DEMO_PROGRAMME } from '../src/seed/core-demo.ts';
import { arg, benchDatabase, benchServerEnv, invalidIf, pgbench, report, runClients } from './lib.ts';

/**
 * Public project search under load. A seeded generator makes N projects
 * (default 1,000,000; `--count N`), then 32 clients run a mixed workload (text,
 * filters, bbox, second pages) through the HTTP API, and pgbench runs the very
 * same SQL (compiled from the same repository function, parameters inlined)
 * with 32 clients. Reports both rates, their ratio and the HTTP p99.
 * Args: --count N --seconds S --clients C.
 */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = [
  ['Füzuli', 'Fuzuli', '푸줄리', 'Физули'],
  ['Şuşa', 'Shusha', '슈샤', 'Шуша'],
  ['Ağdam', 'Aghdam', '아그담', 'Агдам'],
  ['Cəbrayıl', 'Jabrayil', '제브라일', 'Джебраил'],
  ['Zəngilan', 'Zangilan', '장길란', 'Зангилан'],
  ['Laçın', 'Lachin', '라친', 'Лачин'],
  ['Kəlbəcər', 'Kalbajar', '켈바자르', 'Кельбаджар'],
  ['Qubadlı', 'Gubadli', '구바들리', 'Губадлы'],
  ['Xocavənd', 'Khojavend', '호자벤드', 'Ходжавенд'],
  ['Xocalı', 'Khojaly', '호잘리', 'Ходжалы'],
  ['Tərtər', 'Tartar', '테르테르', 'Тертер'],
];
const KINDS: { words: string[]; sector: string[] }[] = [
  { words: ['məktəbi', 'school', '학교', 'школа'], sector: ['education'] },
  { words: ['xəstəxanası', 'hospital', '병원', 'больница'], sector: ['health'] },
  { words: ['avtomobil yolu', 'highway', '고속도로', 'автодорога'], sector: ['transport', 'transport.road'] },
  { words: ['su təchizatı', 'water supply', '상수도', 'водоснабжение'], sector: ['waterAndWaste'] },
  { words: ['günəş stansiyası', 'solar plant', '태양광 발전소', 'солнечная станция'], sector: ['energy', 'energy.solar'] },
  { words: ['yaşayış massivi', 'housing', '주거 단지', 'жилой массив'], sector: ['socialHousing'] },
  { words: ['körpüsü', 'bridge', '교량', 'мост'], sector: ['transport', 'transport.road'] },
  { words: ['ağıllı kənd', 'smart village', '스마트 빌리지', 'умное село'], sector: ['socialHousing', 'energy'] },
];
const STATUSES = ['identification', 'preparation', 'implementation', 'completion', 'cancelled'];
const PARTNERS = ['KR', 'TR', 'IT', 'JP', 'DE', 'GB'];
const TYPES = ['construction', 'rehabilitation', 'expansion'];

export async function generate(deps: AppDeps, count: number, seed: number) {
  const rnd = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const districts: string[] = [];
  for (let i = 0; i < PLACES.length; i++) {
    const lon = 45.8 + (i % 4) * 0.45;
    const lat = 38.9 + Math.floor(i / 4) * 0.45;
    const r = await sql<{ id: string }>`insert into area (code, level, name, geom) values (${'B-' + i}, 'district', ${JSON.stringify({ en: PLACES[i][1] })}::jsonb,
      ST_Multi(ST_MakeEnvelope(${lon}, ${lat}, ${lon + 0.45}, ${lat + 0.45}, 4326))) returning id`.execute(deps.db);
    districts.push(r.rows[0].id);
  }
  const batch = 5000;
  const t0 = Date.now();
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    const cols: Record<string, unknown[]> = {
      code: [],
      title: [],
      sector: [],
      type: [],
      status: [],
      district: [],
      lon: [],
      lat: [],
      budget: [],
      start: [],
      end: [],
      funding: [],
      lexemes: [],
    };
    for (let k = 0; k < n; k++) {
      const i = done + k;
      const d = Math.floor(rnd() * PLACES.length);
      const kind = pick(KINDS);
      const title = {
        az: `${PLACES[d][0]} ${kind.words[0]} №${i}`,
        en: `${PLACES[d][1]} ${kind.words[1]} ${i}`,
        ko: `${PLACES[d][2]} ${kind.words[2]} ${i}`,
        ru: `${PLACES[d][3]}: ${kind.words[3]} ${i}`,
      };
      const start = new Date(Date.UTC(2021, 0, 1) + Math.floor(rnd() * 8 * 365) * 86400_000).toISOString().slice(0, 10);
      cols.code.push(`B${i}`);
      cols.title.push(JSON.stringify(title));
      cols.sector.push(`{${kind.sector.join(',')}}`);
      cols.type.push(pick(TYPES));
      cols.status.push(pick(STATUSES));
      cols.district.push(districts[d]);
      cols.lon.push(45.8 + (d % 4) * 0.45 + rnd() * 0.45);
      cols.lat.push(38.9 + Math.floor(d / 4) * 0.45 + rnd() * 0.45);
      cols.budget.push(Math.round(Math.exp(11 + rnd() * 9)));
      cols.start.push(start);
      cols.end.push(new Date(Date.parse(start) + (180 + Math.floor(rnd() * 1500)) * 86400_000).toISOString().slice(0, 10));
      cols.funding.push(rnd() < 0.3 ? `{${pick(PARTNERS)}}` : '{}');
      cols.lexemes.push(searchLexemes(Object.values(title)).join(' '));
    }
    await sql`
      insert into project (code, oc4ids_id, title, sector, type, status, district_id, location, centroid, budget_amount, budget_currency,
                           planned_start, planned_end, sort_date, funding_countries, search_vec)
      select c, 'oc4ids-brpdem-' || c, t::jsonb, s::text[], ty, st, dis, ST_SetSRID(ST_MakePoint(lo, la), 4326), ST_SetSRID(ST_MakePoint(lo, la), 4326),
             b, 'AZN', ps, pe, ps, fc::text[], array_to_tsvector(string_to_array(lx, ' '))
      from unnest(${cols.code}::text[], ${cols.title}::text[], ${cols.sector}::text[], ${cols.type}::text[], ${cols.status}::text[], ${cols.district}::uuid[],
                  ${cols.lon}::float8[], ${cols.lat}::float8[], ${cols.budget}::numeric[], ${cols.start}::date[], ${cols.end}::date[], ${cols.funding}::text[], ${cols.lexemes}::text[])
        as x(c, t, s, ty, st, dis, lo, la, b, ps, pe, fc, lx)`.execute(deps.db);
    if ((done / batch) % 20 === 0) process.stderr.write(`generated ${done + n}/${count} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
  }
  // Vacuum as autovacuum would on a live table: the search walks index-only, which needs the visibility map.
  await sql`vacuum analyze project`.execute(deps.db);
  return { districts, seconds: (Date.now() - t0) / 1000 };
}

/** The mixed public workload: K concrete requests, the same list for HTTP and pgbench. */
export function workload(districts: string[], seed: number): SearchQueryT[] {
  const rnd = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const words = ['fuzuli', 'şuşa', 'susa', 'ağdam', 'school', 'hospital', '학교', '고속도로', 'больница', 'solar', 'smart village', 'laçın məktəbi', '병원', 'bridge'];
  const out: SearchQueryT[] = [];
  for (let i = 0; i < 64; i++) {
    const lon = 45.8 + rnd() * 1.6;
    const lat = 38.9 + rnd() * 1.2;
    const bbox = `${lon.toFixed(3)},${lat.toFixed(3)},${(lon + 0.2).toFixed(3)},${(lat + 0.15).toFixed(3)}`;
    const shape = i % 6;
    if (shape === 0) out.push({ q: pick(words), limit: 20 });
    else if (shape === 1) out.push({ q: pick(words), status: [pick(STATUSES) as 'implementation'], limit: 20 });
    else if (shape === 2) out.push({ bbox, sector: [pick(KINDS).sector[0]], limit: 20 });
    else if (shape === 3) out.push({ partnerCountry: [pick(PARTNERS)], budgetMin: 1_000_000, budgetMax: 50_000_000, sort: 'budget', limit: 20 });
    else if (shape === 4) out.push({ q: pick(words), bbox, limit: 20 });
    else out.push({ districtId: [pick(districts)], status: [pick(STATUSES) as 'completion'], from: '2024-01-01', to: '2025-12-31', sort: 'date', limit: 20 });
  }
  return out;
}

export function queryString(q: SearchQueryT) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, String(x));
  return p.toString();
}

/** A literal for pgbench: the compiled statement with its parameters inlined. */
export function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return literal(`{${v.map((x) => `"${String(x).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`);
  return `'${String(v).replace(/'/g, "''")}'`;
}

/** The search benchmarks' stage: the programme, `count` generated projects, and the real app listening on loopback. */
export async function searchServer(bench: Awaited<ReturnType<typeof benchDatabase>>, count: number) {
  const config = { ...loadConfig({ NODE_ENV: 'production', ...benchServerEnv() }), logLevel: 'silent', databaseUrl: bench.url };
  const deps: AppDeps = { db: bench.database.db, dbKind: 'postgres', config, blobs: new BlobStore('/tmp/berpa-bench-blobs') };
  await programmeRepo.insert(deps.db, { ...DEMO_PROGRAMME, isDemo: true });
  const gen = await generate(deps, count, 4242);
  const app = await buildApp(deps, { logger: false, serveWeb: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { deps, gen, app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

export default async function (args: string[]) {
  const count = arg(args, 'count', 1_000_000);
  const seconds = arg(args, 'seconds', 20);
  const clients = arg(args, 'clients', 32);
  const bench = await benchDatabase('projects', { poolSize: clients });
  try {
    const { deps, gen, app, base } = await searchServer(bench, count);
    const first = workload(gen.districts, 7);
    // Second pages: the cursor of each text+bbox first page, as a portal user paging on would send.
    const queries = [...first];
    for (const q of first.filter((_, i) => i % 6 === 4).slice(0, 8)) {
      const r = (await (await fetch(`${base}/api/v1/projects?${queryString(q)}`)).json()) as { nextCursor: string | null };
      if (r.nextCursor) queries.push({ ...q, cursor: r.nextCursor });
    }
    const statements = queries.map((q) => {
      const { f, sort, after, limit } = planSearch(q);
      const c = searchPageQuery(f, sort, after, limit).compile(deps.db);
      let text = c.sql;
      for (let k = c.parameters.length; k >= 1; k--) text = text.split(`$${k}`).join(literal(c.parameters[k - 1]));
      return text.replace(/\s+/g, ' ').trim();
    });
    if (args.includes('--explain')) {
      // Where the time goes: each request's plan and execution time, slowest first.
      const timed = [];
      for (const [k, s] of statements.entries()) {
        const r = await sql.raw<{ 'QUERY PLAN': string }>(`explain (analyze, format text) ${s}`).execute(deps.db);
        const plan = r.rows.map((x) => x['QUERY PLAN']);
        timed.push({ ms: Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1]), query: queryString(queries[k]), plan: plan.slice(0, 12) });
      }
      timed.sort((a, b) => b.ms - a.ms);
      await app.close();
      report('projects-explain', { projects: count, slowest: timed.slice(0, 8), medianMs: timed[Math.floor(timed.length / 2)].ms });
      return;
    }
    const urls = queries.map((q) => `${base}/api/v1/projects?${queryString(q)}`);
    const script = [`\\set k random(0, ${statements.length - 1})`, ...statements.map((s, k) => `${k === 0 ? '\\if' : '\\elif'} :k = ${k}\n${s};`), '\\endif', ''].join('\n');
    // Direct SQL before and after the HTTP run, so that cache warmth and the machine's other load do not favour one side.
    const directBefore = await pgbench({ url: bench.url, script, clients, seconds });
    for (const u of urls) if (!(await fetch(u)).ok) throw new Error(`warm-up request failed: ${u}`);
    const http = await runClients({
      clients,
      durationMs: seconds * 1000,
      maxOps: 5_000_000,
      op: async (c, i) => {
        const r = await fetch(urls[(c * 7 + i) % urls.length]);
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        await r.arrayBuffer();
      },
    });
    await app.close();
    const directAfter = await pgbench({ url: bench.url, script, clients, seconds });
    const direct = { tps: (directBefore.tps + directAfter.tps) / 2, before: directBefore.tps, after: directAfter.tps, avgLatencyMs: directAfter.avgLatencyMs };
    report('projects', {
      projects: count,
      generationSeconds: gen.seconds,
      clients,
      seconds,
      distinctRequests: queries.length,
      http: { rate: http.rate, p50ms: http.p50ms, p99ms: http.p99ms, ops: http.ops, errors: http.errors, firstError: http.firstError },
      directSql: direct,
      ratio: http.rate / direct.tps,
      targets: { ratioAtLeast: 0.6, p99MsBelow: 50 },
      ...invalidIf({ errors: http.errors }),
    });
  } finally {
    await bench.drop();
  }
}
