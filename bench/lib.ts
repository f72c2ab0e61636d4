import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';

/**
 * Shared benchmark tools. Benchmarks compare the application against the same
 * work done straight on the database in the same run, so that the ratio, not
 * the machine, is the result.
 */
const run = promisify(execFile);
export const PG_BIN = '/usr/lib/postgresql/15/bin';

export function benchUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('benchmarks run on PostgreSQL: set BENCH_DATABASE_URL or DATABASE_URL (e.g. postgres://berpa@127.0.0.1:54329/postgres)');
  return url;
}

function withDb(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database for one benchmark, dropped afterwards. */
export async function benchDatabase(label: string, opts: { poolSize?: number } = {}): Promise<{ url: string; database: Database; drop(): Promise<void> }> {
  const base = benchUrl();
  const name = `berpa_bench_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${crypto.randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDb(base, name);
  const database = await openDatabase({ databaseUrl: url, poolSize: opts.poolSize ?? 40 });
  await migrate(database.db);
  return {
    url,
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface ClientsResult {
  ops: number;
  seconds: number;
  rate: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  firstError?: string;
}

/**
 * `clients` concurrent loops calling `op` until `durationMs` passes or
 * `maxOps` operations have started, whichever comes first.
 */
export async function runClients(o: { clients: number; durationMs: number; maxOps: number; op: (client: number, i: number) => Promise<void> }): Promise<ClientsResult> {
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + o.durationMs;
  await Promise.all(
    Array.from({ length: o.clients }, async (_, client) => {
      while (performance.now() < deadline && started < o.maxOps) {
        const i = started++;
        const s = performance.now();
        try {
          await o.op(client, i);
          latencies.push(performance.now() - s);
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0);
  return { ops: latencies.length, seconds, rate: latencies.length / seconds, p50ms: q(0.5), p99ms: q(0.99), errors, firstError };
}

/**
 * pgbench with a custom script: the limit the application is compared against.
 * `defines` become `-D name=value`. Returns transactions per second and, from
 * the per-statement latency report, the average latency.
 */
export async function pgbench(o: {
  url: string;
  script: string;
  clients: number;
  seconds: number;
  defines?: Record<string, string | number>;
}): Promise<{ tps: number; avgLatencyMs?: number; raw: string }> {
  const file = path.join(os.tmpdir(), `berpa-pgbench-${crypto.randomBytes(4).toString('hex')}.sql`);
  fs.writeFileSync(file, o.script);
  const u = new URL(o.url);
  const args = [
    '-n',
    '-f',
    file,
    '-c',
    String(o.clients),
    '-j',
    String(Math.min(o.clients, 4)),
    '-T',
    String(o.seconds),
    '-h',
    u.hostname,
    '-p',
    u.port || '5432',
    '-U',
    decodeURIComponent(u.username || 'postgres'),
    ...Object.entries(o.defines ?? {}).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    u.pathname.slice(1),
  ];
  try {
    const { stdout } = await run(path.join(PG_BIN, 'pgbench'), args, { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, maxBuffer: 16 << 20 });
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
    const lat = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
    return { tps, avgLatencyMs: lat ? Number(lat) : undefined, raw: stdout };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Print a benchmark's result as one JSON document (and keep a copy under bench/results/). */
export function report(name: string, obj: Record<string, unknown>) {
  const doc = {
    benchmark: name,
    at: new Date().toISOString(),
    host: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    ...obj,
  };
  const text = JSON.stringify(doc, null, 2);
  console.log(text);
  const dir = path.resolve('bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.json`), text + '\n');
}

/**
 * Environment for a server under a benchmark: the abuse limits raised far
 * above any benchmark's rate, so that a run measures the answers, not 429s
 * (the limiter itself still runs: one counter upsert per limited request).
 */
export function benchServerEnv(): Record<string, string> {
  const high = '100000000/60';
  return {
    BERPA_RATE_LIMIT_SIGN_IN: high,
    BERPA_RATE_LIMIT_REGISTRATION: high,
    BERPA_RATE_LIMIT_UPLOAD: high,
    BERPA_RATE_LIMIT_SEARCH: high,
    BERPA_RATE_LIMIT_EXPORT: high,
  };
}

/**
 * A run with failures measured something else than it claims: say so in the
 * report (`valid: false`, "INVALID: …") and make the process exit non-zero.
 * Spread the result into report().
 */
export function invalidIf(failures: Record<string, number>): { valid: boolean; invalid?: string } {
  const bad = Object.entries(failures).filter(([, n]) => n > 0);
  if (bad.length === 0) return { valid: true };
  process.exitCode = 1;
  const invalid = `INVALID: ${bad.map(([k, n]) => `${k}=${n}`).join(', ')}`;
  console.error(invalid);
  return { valid: false, invalid };
}

/** `--name N` from a benchmark's arguments, or the default. */
export function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}
