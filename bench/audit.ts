/**
 * Audited writes per second: a small record and its audit event through the
 * service layer (validation, authorisation, transaction, audit event, with
 * the chain sequencer running as it does in production), against the same
 * inserts straight into PostgreSQL by pgbench without the application and
 * without the chain. 16 concurrent clients, durable commits (synchronous_commit on).
 */
import crypto from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import type { Ctx } from '../src/lib/context.ts';
import { sequencePending, verifyChain } from '../src/modules/audit/service.ts';
import { BlobStore } from '../src/modules/documents/blob-store.ts';
import { create } from '../src/modules/organisations/service.ts';
import { benchDatabase, pgbench, report, runClients } from './lib.ts';

export default async function audit(args: string[]) {
  const seconds = Number(args[0] ?? 15);
  const clients = 16;
  const bench = await benchDatabase('audit', { poolSize: clients + 2 });
  try {
    const { db } = bench.database;
    const ctx: Ctx = {
      db,
      dbKind: 'postgres',
      config: loadConfig(),
      blobs: new BlobStore('/tmp/berpa-bench-blobs'),
      actor: { kind: 'user', userId: null, orgId: null, roles: ['operator'], label: 'bench' },
      requestId: 'bench',
    };
    const lei = () => crypto.randomBytes(9).toString('hex').toUpperCase() + String(crypto.randomInt(10, 99));

    // The raw limit: the same row, inserted directly, no audit event, no chain.
    const raw = await pgbench({
      url: bench.url,
      clients,
      seconds,
      script: `insert into organisation (name, identifier_scheme, identifier_id, country, roles, verification_status)
               values ('Bench raw', 'XI-LEI', md5(random()::text), 'AZ', '{funder}', 'unverified');\n`,
    });

    // The application, with the sequencer linking events every 500 ms as the server does.
    let sequenced = 0;
    let stop = false;
    const sequencer = (async () => {
      for (let i = 0; i < 100_000 && !stop; i++) {
        sequenced += await sequencePending(db);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const app = await runClients({
      clients,
      durationMs: seconds * 1000,
      maxOps: 10_000_000,
      op: async () => {
        await create(ctx, { name: 'Bench app', identifier: { scheme: 'XI-LEI', id: lei() }, country: 'AZ', roles: ['funder'] });
      },
    });
    stop = true;
    await sequencer;
    sequenced += await sequencePending(db);
    const v = await verifyChain(db);
    report('audit', {
      clients,
      seconds,
      rawInsertsPerSecond: Math.round(raw.tps),
      auditedWritesPerSecond: Math.round(app.rate),
      ratio: Number((app.rate / raw.tps).toFixed(3)),
      target: 0.5,
      appLatencyMs: { p50: Number(app.p50ms.toFixed(2)), p99: Number(app.p99ms.toFixed(2)) },
      errors: app.errors,
      firstError: app.firstError,
      eventsLinked: sequenced,
      chainVerified: v.ok,
      chainLength: v.checked,
    });
  } finally {
    await bench.drop();
  }
}
