/**
 * `npm run bench -- search`: the portal's search under load, on PostgreSQL.
 * Generates N projects (`--count`, default 100,000; the targets are p99 <
 * 50 ms at 100,000 and < 200 ms at 1,000,000) with titles in az/en/ko/ru,
 * then runs the portal's query mix — single words in the four languages,
 * names typed without special letters (susa for Şuşa), filters, bbox,
 * second pages — with `--clients` (32) connections for `--seconds` (10):
 *  - autocannon against the real server on loopback, each request sent with
 *    `Cache-Control: no-cache` so the answer cache is bypassed and the search
 *    SQL runs every time (and once more without it, the portal's real case);
 *  - pgbench running the very same statements straight on PostgreSQL.
 * Prints p99, rates, their ratio and the load average.
 */
import autocannon, { type Result } from 'autocannon';
import type { SearchQueryT } from '../src/modules/projects/schema.ts';
import { searchPageQuery } from '../src/modules/projects/search.repo.ts';
import { planSearch } from '../src/modules/projects/search.service.ts';
import { arg, benchDatabase, invalidIf, pgbench, report } from './lib.ts';
import { literal, queryString, searchServer, workload } from './projects.ts';

export default async function searchBench(args: string[]) {
  const count = arg(args, 'count', 100_000);
  const seconds = arg(args, 'seconds', 10);
  const clients = arg(args, 'clients', 32);
  const bench = await benchDatabase('search', { poolSize: clients });
  try {
    const { deps, gen, app, base } = await searchServer(bench, count);
    const first = workload(gen.districts, 7);
    const queries: SearchQueryT[] = [...first];
    for (const q of first.filter((x) => x.q).slice(0, 8)) {
      const r = (await (await fetch(`${base}/api/v1/projects?${queryString(q)}`)).json()) as { nextCursor: string | null };
      if (r.nextCursor) queries.push({ ...q, cursor: r.nextCursor });
    }
    const paths = queries.map((q) => `/api/v1/projects?${queryString(q)}`);
    for (const p of paths) if (!(await fetch(base + p)).ok) throw new Error(`warm-up request failed: ${p}`);
    const statements = queries.map((q) => {
      const { f, sort, after, limit } = planSearch(q);
      const c = searchPageQuery(f, sort, after, limit).compile(deps.db);
      let text = c.sql;
      for (let k = c.parameters.length; k >= 1; k--) text = text.split(`$${k}`).join(literal(c.parameters[k - 1]));
      return text.replace(/\s+/g, ' ').trim();
    });
    const script = [`\\set k random(0, ${statements.length - 1})`, ...statements.map((s, k) => `${k === 0 ? '\\if' : '\\elif'} :k = ${k}\n${s};`), '\\endif', ''].join('\n');

    const cannon = (headers: Record<string, string>) =>
      autocannon({ url: base, connections: clients, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path, headers })) });
    const direct = await pgbench({ url: bench.url, script, clients, seconds });
    const uncached = await cannon({ 'cache-control': 'no-cache' });
    const cached = await cannon({});
    await app.close();
    const limitMs = count >= 1_000_000 ? 200 : 50;
    const rate = (r: Result) => r.requests.total / r.duration;
    report('search', {
      projects: count,
      generationSeconds: gen.seconds,
      clients,
      seconds,
      distinctRequests: paths.length,
      httpSearchSql: { rate: rate(uncached), p50ms: uncached.latency.p50, p99ms: uncached.latency.p99, errors: uncached.errors, non2xx: uncached.non2xx },
      httpFromAnswerCache: { rate: rate(cached), p50ms: cached.latency.p50, p99ms: cached.latency.p99, errors: cached.errors, non2xx: cached.non2xx },
      directSql: { tps: direct.tps, avgLatencyMs: direct.avgLatencyMs },
      ratioHttpToDirect: Math.round((rate(uncached) / direct.tps) * 1000) / 1000,
      target: { p99MsBelow: limitMs, meets: uncached.latency.p99 < limitMs },
      ...invalidIf({ errors: uncached.errors + cached.errors + uncached.timeouts + cached.timeouts, non2xx: uncached.non2xx + cached.non2xx }),
    });
  } finally {
    await bench.drop();
  }
}
