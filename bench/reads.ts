/**
 * `npm run bench -- reads [--seconds 10] [--clients 32]`: public reads of the
 * real server (src/server.ts, a child process, on a fresh PostgreSQL database
 * with the demonstration programme seeded), driven by autocannon on loopback,
 * against a hello-world Fastify measured in the same run (the ceiling):
 *  - the home page's API calls together (web/src/features/home/api.ts), as a
 *    rate and as a ratio to the ceiling (target >= 0.1);
 *  - each public read endpoint alone, its p99 (target < 100 ms).
 * Requests are anonymous, with the Accept-Encoding every browser and HTTP
 * library sends (the answer cache keeps a gzipped copy of larger answers),
 * as the portal sends them (the search goes through the answer cache like
 * the portal's). The rate limits are
 * raised for the run (benchServerEnv); any error or non-2xx answer makes the
 * run INVALID (non-zero exit).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon, { type Result } from 'autocannon';
import { arg, benchDatabase, benchServerEnv, invalidIf, report } from './lib.ts';

const HELLO = `import Fastify from 'fastify';
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: 0 });
console.log('listening ' + app.server.address().port);`;

/** Start a child and resolve with its loopback base URL once it prints it. */
function startChild(args: string[], env: NodeJS.ProcessEnv, urlOf: (line: string) => string | undefined, timeoutMs: number): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (child.kill('SIGTERM'), reject(new Error(`no answer in ${timeoutMs} ms: ${out.slice(-2000)}`))), timeoutMs);
    const onData = (d: Buffer) => {
      out += d;
      for (const line of out.split('\n')) {
        const base = urlOf(line);
        if (base) {
          clearTimeout(t);
          child.stdout!.off('data', onData);
          return resolve({ child, base });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => (clearTimeout(t), reject(new Error(`exited with ${code}: ${out.slice(-2000)}`))));
  });
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
}

const rateOf = (r: Result) => r.requests.total / r.duration;
const summary = (r: Result) => ({ rate: Math.round(rateOf(r)), p50ms: r.latency.p50, p99ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx });

export default async function readsBench(args: string[]) {
  const seconds = arg(args, 'seconds', 10);
  const clients = arg(args, 'clients', 32);
  const bench = await benchDatabase('reads', { poolSize: 4 });
  // The server opens its own pool; the bench's is only for the set-up.
  await bench.database.close();
  let server: ChildProcess | undefined;
  let hello: ChildProcess | undefined;
  try {
    const started = performance.now();
    const s = await startChild(
      ['--import', 'tsx', 'src/server.ts'],
      { ...benchServerEnv(), DATABASE_URL: bench.url, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'silent' },
      (line) => /Berpa is running on [a-z]+: (http:\/\/\S+)/.exec(line)?.[1],
      300_000,
    );
    server = s.child;
    const seedSeconds = (performance.now() - started) / 1000;
    const h = await startChild(
      ['--input-type=module', '-e', HELLO],
      {},
      (line) => (/^listening (\d+)/.exec(line) ? `http://127.0.0.1:${/^listening (\d+)/.exec(line)![1]}` : undefined),
      30_000,
    );
    hello = h.child;

    const get = async <T>(p: string): Promise<T> => {
      const r = await fetch(s.base + p);
      if (!r.ok) throw new Error(`set-up request failed: ${p} → ${r.status}`);
      return (await r.json()) as T;
    };
    const tenders = await get<{ items: { id: string }[] }>('/api/v1/tenders?limit=6');
    const projects = await get<{ items: { id: string }[] }>('/api/v1/projects?limit=5');
    const partners = await get<{ items: { country: string }[] }>('/api/v1/partners');
    const codes = [...new Set(partners.items.map((p) => p.country))].slice(0, 12);
    if (!tenders.items.length || !projects.items.length || !codes.length) throw new Error('the demonstration data has no tenders, projects or partners');
    // The home page: web/src/features/home/api.ts (and the country pages its partner figures read).
    const home = [
      '/api/v1/land/summary',
      '/api/v1/land/series',
      '/api/v1/projects?limit=1&facets=true',
      '/api/v1/tenders?limit=6',
      '/api/v1/stats/procurement',
      '/api/v1/land/releases/geojson?simplify=0.0002',
      '/api/v1/partners',
      ...codes.map((c) => `/api/v1/countries/${c}`),
    ];
    const endpoints: Record<string, string[]> = {
      tendersList: ['/api/v1/tenders', '/api/v1/tenders?limit=6'],
      tenderPage: tenders.items.map((t) => `/api/v1/tenders/${t.id}`),
      projectPage: projects.items.map((p) => `/api/v1/projects/${p.id}`),
      landSummary: ['/api/v1/land/summary'],
      ocdsReleases: ['/api/v1/ocds/releases'],
      oc4ids: ['/api/v1/oc4ids/projects', ...projects.items.slice(0, 2).map((p) => `/api/v1/oc4ids/projects/${p.id}`)],
      countryPage: codes.map((c) => `/api/v1/countries/${c}`),
      stats: ['/api/v1/stats/procurement'],
      search: [
        '/api/v1/projects?q=school',
        '/api/v1/projects?q=m%C9%99kt%C9%99b',
        '/api/v1/projects?q=road&status=implementation',
        '/api/v1/projects?q=%ED%95%99%EA%B5%90',
        '/api/v1/projects?q=shusha',
      ],
    };
    for (const p of [...home, ...Object.values(endpoints).flat()]) await get(p);

    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const cannon = (base: string, paths: string[]) =>
      autocannon({ url: base, connections: clients, duration: seconds, requests: paths.map((path) => ({ method: 'GET', path, headers })) });
    const ceiling = await cannon(h.base, ['/hello']);
    const homeRun = await cannon(s.base, home);
    const per: Record<string, ReturnType<typeof summary> & { meets: boolean }> = {};
    for (const [name, paths] of Object.entries(endpoints)) {
      const r = await cannon(s.base, paths);
      per[name] = { ...summary(r), meets: r.latency.p99 < 100 };
    }
    const ceilingAfter = await cannon(h.base, ['/hello']);
    const ceilingRate = Math.max(rateOf(ceiling), rateOf(ceilingAfter));
    const all = [ceiling, ceilingAfter, homeRun];
    report('reads', {
      clients,
      seconds,
      serverStartWithSeedSeconds: Math.round(seedSeconds * 10) / 10,
      ceiling: { before: summary(ceiling), after: summary(ceilingAfter) },
      home: { requests: home.length, ...summary(homeRun), pageViewsPerSecond: Math.round((rateOf(homeRun) / home.length) * 10) / 10 },
      homeRatio: Math.round((rateOf(homeRun) / ceilingRate) * 1000) / 1000,
      homeTarget: 0.1,
      homeMeets: rateOf(homeRun) / ceilingRate >= 0.1,
      endpoints: per,
      p99TargetMs: 100,
      allEndpointsMeet: Object.values(per).every((e) => e.meets),
      ...invalidIf({
        errors: all.reduce((n, r) => n + r.errors + r.timeouts, 0) + Object.values(per).reduce((n, e) => n + e.errors, 0),
        non2xx: all.reduce((n, r) => n + r.non2xx, 0) + Object.values(per).reduce((n, e) => n + e.non2xx, 0),
      }),
    });
  } finally {
    if (hello) await stopChild(hello);
    if (server) await stopChild(server);
    await bench.drop().catch(() => undefined);
  }
}
