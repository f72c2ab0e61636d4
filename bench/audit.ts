/**
 * Audited writes per second: a small record and its audit event through the
 * service layer (validation, authorisation, the change and its event in one
 * statement, with the chain sequencer running as it does in production),
 * against pgbench running the very same statement (the same transaction
 * shape: the change + its audit event, one round trip) straight on
 * PostgreSQL, without the application and without the chain; and, beside
 * it, against a single raw insert of the record alone. 16 concurrent
 * clients, durable commits (synchronous_commit on).
 * `npm run bench -- audit [seconds]` (default 15).
 */
import crypto from 'node:crypto';
import { loadConfig } from '../src/config.ts';
import type { Ctx } from '../src/lib/context.ts';
import { sequencePending, verifyChain } from '../src/modules/audit/service.ts';
import { BlobStore } from '../src/modules/documents/blob-store.ts';
import { create, createStatement } from '../src/modules/organisations/service.ts';
import { benchDatabase, invalidIf, pgbench, report, runClients } from './lib.ts';
import { literal } from './projects.ts';

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

    // The same transaction shape: the statement the service sends, its values
    // made unique per transaction in SQL (a fresh id, entity id = that id).
    const sample = createStatement(ctx, { name: 'Bench app', identifier: { scheme: 'XI-LEI', id: lei() }, country: 'AZ', roles: ['funder'] }).compile(db);
    const idParam = sample.parameters.findIndex((p) => typeof p === 'string' && /^[0-9a-f-]{36}$/.test(p));
    const lastIdParam = sample.parameters.findLastIndex((p) => p === sample.parameters[idParam]);
    const identParam = sample.parameters.findIndex((p) => typeof p === 'string' && /^[0-9A-F]{20}$/.test(p));
    if (idParam < 0 || lastIdParam === idParam || identParam < 0) throw new Error('the audited statement changed shape: update the benchmark');
    let text = sample.sql;
    for (let k = sample.parameters.length; k >= 1; k--) {
      const v =
        k - 1 === idParam ? 'gen_random_uuid()' : k - 1 === lastIdParam ? 'change.id::text' : k - 1 === identParam ? 'md5(random()::text)' : literal(sample.parameters[k - 1]);
      text = text.split(`$${k}`).join(v);
    }
    const sameShape = await pgbench({ url: bench.url, clients, seconds, script: `${text.replace(/\s+/g, ' ').trim()};\n` });

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
      pgbenchSameShapePerSecond: Math.round(sameShape.tps),
      rawInsertsPerSecond: Math.round(raw.tps),
      auditedWritesPerSecond: Math.round(app.rate),
      ratio: Number((app.rate / sameShape.tps).toFixed(3)),
      target: 0.7,
      meets: app.rate / sameShape.tps >= 0.7,
      singleInsertRatio: Number((app.rate / raw.tps).toFixed(3)),
      roundTripsPerWrite: 1,
      appLatencyMs: { p50: Number(app.p50ms.toFixed(2)), p99: Number(app.p99ms.toFixed(2)) },
      errors: app.errors,
      firstError: app.firstError,
      eventsLinked: sequenced,
      chainVerified: v.ok,
      chainLength: v.checked,
      ...invalidIf({ errors: app.errors, chainBroken: v.ok ? 0 : 1, unlinked: v.pending }),
    });
  } finally {
    await bench.drop();
  }
}
