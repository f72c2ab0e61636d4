/**
 * The deadline rush: many companies submit sealed bids in the last seconds
 * before a tender's deadline. Each bid is sealed as a real client would
 * (X25519 + HKDF + AES-256-GCM), before the rush and timed apart (bidders seal
 * on their own machines), and submitted through
 * the service layer (authorisation, database-clock deadline, eligibility,
 * envelope check, signed receipt, audit event, one transaction). Clients
 * keep going past the deadline: every late attempt must be refused.
 * Compared with pgbench running the very statements the service sends for
 * a bid (captured from one real submission) in the same run. Afterwards: none lost (every accepted answer has
 * its row), none accepted late (received_at <= deadline), every receipt
 * verifies with the platform key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { observeQueries } from '../src/db/index.ts';
import { TRIGGER_SETTLE_MS } from '../src/db/sequencer.ts';
import type { Ctx } from '../src/lib/context.ts';
import { encodeBidPayload, encryptShare, generateX25519KeyPair, sealBid, shareSha256, splitKey, verifyReceipt } from '../src/lib/sealing/index.ts';
import { BlobStore } from '../src/modules/documents/blob-store.ts';
import * as programmeRepo from '../src/modules/programme/repo.ts';
import { publicKey } from '../src/modules/receipts/service.ts';
import { bids, tenders } from '../src/modules/tenders/service.ts';
import { DEMO_PROGRAMME } from '../src/seed/core-demo.ts';
import { benchDatabase, invalidIf, pgbench, report } from './lib.ts';
import { literal } from './projects.ts';
import type { WorkerInput, WorkerOutput } from './tenders-worker.ts';

const COMPANIES = 20_000;
/** Application processes (worker threads, each with its own pool), like app servers behind a load balancer. */
const WORKERS = 4;

/** Start a worker; resolves once it is warmed up, with a `go` that starts its clients and yields its result. */
function startWorker(input: WorkerInput): Promise<{ go(durationMs: number): Promise<WorkerOutput> }> {
  const url = new URL('./tenders-worker.ts', import.meta.url).href;
  // Workers load TypeScript through tsx's loader, like the parent process.
  const w = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData: input });
  return new Promise((resolve, reject) => {
    w.once('error', reject);
    w.once('message', (m: { ready?: boolean; error?: string }) => {
      if (!m.ready) return reject(new Error(m.error ?? 'worker failed'));
      resolve({
        go: (durationMs) =>
          new Promise<WorkerOutput>((res, rej) => {
            w.once('message', (r: WorkerOutput | { error: string }) => ('error' in r ? rej(new Error(r.error)) : res(r)));
            w.postMessage({ durationMs });
          }).finally(() => w.terminate()),
      });
    });
  });
}

export default async function tendersBench(args: string[]) {
  const seconds = Number(args[0] ?? 15);
  const clients = Number(args[1] ?? 64);
  const bench = await benchDatabase('tenders', { poolSize: clients + 4 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-bench-tenders-'));
  try {
    const { db } = bench.database;
    const base: Omit<Ctx, 'actor'> = { db, dbKind: 'postgres', config: { ...loadConfig(), dataDir }, blobs: new BlobStore(path.join(dataDir, 'blobs')), requestId: 'bench' };
    const as = (userId: string | null, orgId: string | null, roles: Ctx['actor']['roles']): Ctx => ({ ...base, actor: { kind: 'user', userId, orgId, roles, label: 'bench' } });
    await programmeRepo.insert(db, { ...DEMO_PROGRAMME, isDemo: false });
    // Companies and their users, made in bulk: app and raw runs each use their own half.
    await sql`insert into organisation (name, identifier_scheme, identifier_id, country, roles, verification_status, verified_at)
      select 'Bench company ' || n, 'XI-BENCH', 'C' || n, 'KR', '{tenderer}', 'verified', now() from generate_series(1, ${COMPANIES}) n`.execute(db);
    await sql`insert into app_user (email, name, password_hash, organisation_id, roles)
      select 'bench' || o.identifier_id || '@bench.test', 'Bench', 'x', o.id, '{company}' from organisation o where o.identifier_scheme = 'XI-BENCH'`.execute(db);
    const users = (
      await sql<{
        user_id: string;
        org_id: string;
      }>`select u.id as user_id, o.id as org_id from app_user u join organisation o on o.id = u.organisation_id where o.identifier_scheme = 'XI-BENCH' order by o.identifier_id`.execute(
        db,
      )
    ).rows;
    const members = [];
    for (let i = 0; i < 3; i++) {
      const r = await sql<{
        id: string;
      }>`insert into app_user (email, name, password_hash, roles) values (${`member${i}@bench.test`}, 'Member', 'x', '{committee}') returning id`.execute(db);
      const keys = await generateX25519KeyPair();
      await tenders.registerMemberKey(as(r.rows[0].id, null, ['committee']), keys.publicKey);
      members.push({ id: r.rows[0].id, keys });
    }
    const opUser = (await sql<{ id: string }>`insert into app_user (email, name, password_hash, roles) values ('op@bench.test', 'Op', 'x', '{operator}') returning id`.execute(db))
      .rows[0].id;
    const operator = as(opUser, null, ['operator']);
    const now = Date.now();
    const t = await tenders.create(operator, {
      title: { en: 'Deadline rush' },
      projectIds: [],
      method: 'open',
      eligibility: 'all',
      awardCriteria: 'priceOnly',
      lots: [{ title: { en: 'Lot 1' }, value: { amount: 1e6, currency: 'AZN' } }],
      enquiryPeriod: { startDate: new Date(now - 3600_000).toISOString(), endDate: new Date(now + 3600_000).toISOString() },
      tenderPeriod: { startDate: new Date(now - 3600_000).toISOString(), endDate: new Date(now + 3600_000).toISOString() },
      openingDate: new Date(now + 7200_000).toISOString(),
      committee: { memberUserIds: members.map((m) => m.id), k: 2 },
    });
    const opening = await generateX25519KeyPair();
    const shares = await splitKey(opening.privateKey, 3, 2);
    await tenders.setupOpeningKey(as(members[0].id, null, ['committee']), t.id, {
      openingPublicKey: opening.publicKey,
      k: 2,
      n: 3,
      shares: await Promise.all(
        members.map(async (m, i) => ({
          memberUserId: m.id,
          encryptedShare: await encryptShare(m.keys.publicKey, shares[i], { tenderId: t.id, memberUserId: m.id }),
          shareSha256: await shareSha256(shares[i]),
        })),
      ),
    });
    await tenders.publish(operator, t.id);
    const lotId = t.lots[0].id;
    const seal = (orgId: string, amount: number) =>
      sealBid(
        opening.publicKey,
        encodeBidPayload({
          lots: [{ lotId, price: { amount, currency: 'AZN' } }],
          technicalProposal: { documents: [{ title: 'Method statement', sha256: 'ab'.repeat(32) }] },
          declarations: { noCollusion: true },
        }),
        { tenderId: t.id, bidderOrgId: orgId },
      );

    // The limit: pgbench running the very statements the service sends for
    // one bid (captured from a real submission), each transaction as another
    // company of the raw half: BEGIN, the shared tender lock, the admission
    // read, the bid + audit event insert, COMMIT.
    await publicKey(base as Ctx); // creates the platform signing key before the workers share it
    const sampleUser = users[COMPANIES / 2];
    // Let the sequencer runs the publication triggered finish, so that only the bid's statements are captured.
    await new Promise((r) => setTimeout(r, TRIGGER_SETTLE_MS + 500));
    const captured: { sql: string; parameters: readonly unknown[] }[] = [];
    const stopObserving = observeQueries((text, _ms, parameters) => captured.push({ sql: text, parameters }));
    const sampleBid = await bids.submit(as(sampleUser.user_id, sampleUser.org_id, ['company']), t.id, { lotIds: [lotId], envelope: await seal(sampleUser.org_id, 1) });
    stopObserving();
    await sql`create sequence bench_raw_seq start ${sql.lit(COMPANIES / 2 + 2)}`.execute(db);
    // This transaction's company, looked up once with the lock (\gset below) and used as a literal.
    const orgOfTx = ':org';
    let seenBidId = false;
    // Only the bid's transaction (a background run may have sent statements meanwhile).
    const begin = captured.findIndex((c) => /^begin/i.test(c.sql));
    const commit = captured.findIndex((c, i) => i > begin && /^commit/i.test(c.sql));
    const statements = captured.slice(begin, commit + 1).map((c, i) => {
      let text = c.sql;
      for (let k = c.parameters.length; k >= 1; k--) {
        const p = c.parameters[k - 1];
        const firstBidId = p === sampleBid.id && c.parameters.indexOf(p) === k - 1;
        const v = p === sampleUser.org_id ? orgOfTx : p === sampleBid.id ? (firstBidId ? 'gen_random_uuid()' : 'change.id::text') : literal(p);
        if (p === sampleBid.id) seenBidId = true;
        text = text.split(`$${k}`).join(v);
      }
      text = text.replace(/\s+/g, ' ').trim();
      // The first statement after BEGIN also picks this transaction's company.
      return i === 1
        ? text.replace(
            /^select /i,
            "select (select quote_literal(id) from organisation where identifier_scheme = 'XI-BENCH' and identifier_id = (select 'C' || nextval('bench_raw_seq'))) as org, ",
          ) + ' \\gset'
        : text;
    });
    if (!seenBidId || !/^begin/i.test(statements[0] ?? '') || !/pg_advisory_xact_lock_shared/.test(statements[1] ?? '')) {
      throw new Error(`the bid statements changed shape: update the benchmark (${statements.map((x) => x.slice(0, 40)).join(' | ')})`);
    }
    const raw = await pgbench({ url: bench.url, clients, seconds, script: statements.map((x) => (x.endsWith('\\gset') ? x : `${x};`)).join('\n') + '\n' });
    // The rush starts on an empty tender.
    await sql`delete from bid where tender_id = ${t.id}`.execute(db);

    const perWorker = Math.ceil(clients / WORKERS);
    const half = users.slice(0, COMPANIES / 2);
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, (_, w) =>
        startWorker({
          url: bench.url,
          dataDir,
          tenderId: t.id,
          lotId,
          publicKey: opening.publicKey,
          users: half.filter((_, i) => i % WORKERS === w),
          clients: perWorker,
          durationMs: 0,
        }),
      ),
    );
    // The rush: the deadline falls `seconds` from now; clients run 2 s past it.
    await sql`update tender set enquiry_end = now(), tender_end = now() + make_interval(secs => ${seconds}) where id = ${t.id}`.execute(db);
    const deadline = (await db.selectFrom('tender').select('tender_end').where('id', '=', t.id).executeTakeFirstOrThrow()).tender_end;
    const results = await Promise.all(workers.map((w) => w.go(seconds * 1000 + 2000)));
    const accepted = results.flatMap((r) => r.accepted);
    const late = results.reduce((n, r) => n + r.late, 0);
    const otherErrors = results.reduce((n, r) => n + r.otherErrors, 0);
    const firstError = results.find((r) => r.firstError)?.firstError;
    const lat = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const q = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : 0);
    const result = { p50ms: q(0.5), p99ms: q(0.99) };
    const rows = await sql<{
      n: number;
      late: number;
    }>`select count(*)::int as n, count(*) filter (where received_at > ${deadline})::int as late from bid where tender_id = ${t.id}`.execute(db);
    const key = (await publicKey(base as Ctx)).publicKey;
    let verified = 0;
    for (const a of accepted) if (await verifyReceipt(key, a.receipt)) verified++;
    const acceptedBeforeDeadline = accepted.length;
    // Rate while the window was open: accepted bids over the seconds before the deadline.
    const appRate = acceptedBeforeDeadline / seconds;
    report('tenders', {
      clients,
      seconds,
      raw: { tps: raw.tps, avgLatencyMs: raw.avgLatencyMs, statementsPerBid: statements.length, statements: statements.map((x) => x.slice(0, 120)) },
      appWorkers: WORKERS,
      sealingOnTheClient: { msPerBid: Math.round((results.reduce((n, r) => n + r.sealMsPerBid, 0) / results.length) * 100) / 100, note: 'sealed before the rush, not in the rate' },
      app: { acceptedPerSecond: appRate, accepted: accepted.length, refusedLate: late, otherErrors, firstError, p50ms: result.p50ms, p99ms: result.p99ms },
      ratio: appRate / raw.tps,
      target: 0.5,
      meets: appRate / raw.tps >= 0.5,
      checks: {
        rowsStored: rows.rows[0].n,
        lost: accepted.length - rows.rows[0].n,
        acceptedLate: rows.rows[0].late,
        receiptsVerified: verified,
        receiptsFailed: accepted.length - verified,
      },
      ...invalidIf({ otherErrors, lost: Math.abs(accepted.length - rows.rows[0].n), acceptedLate: rows.rows[0].late, receiptsFailed: accepted.length - verified }),
    });
  } finally {
    await bench.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
