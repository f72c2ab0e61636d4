/**
 * One application process of the tenders benchmark (a worker thread with its
 * own database pool, as stateless app processes behind a load balancer
 * would be), driving its share of the bidding clients. The bids are sealed
 * before the rush (a real client seals on its own machine), timed apart.
 */

import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/index.ts';
import type { Ctx } from '../src/lib/context.ts';
import { encodeBidPayload, sealBid } from '../src/lib/sealing/index.ts';
import { BlobStore } from '../src/modules/documents/blob-store.ts';
import { bids } from '../src/modules/tenders/service.ts';

export interface WorkerInput {
  url: string;
  dataDir: string;
  tenderId: string;
  lotId: string;
  publicKey: string;
  users: { user_id: string; org_id: string }[];
  clients: number;
  durationMs: number;
}
export interface WorkerOutput {
  accepted: { id: string; receipt: unknown }[];
  late: number;
  otherErrors: number;
  firstError?: string;
  latencies: number[];
  sealMsPerBid: number;
}

async function main(w: WorkerInput): Promise<WorkerOutput> {
  const database = await openDatabase({ databaseUrl: w.url, poolSize: w.clients + 1 });
  // Warm up (connections, modules), then wait for the parent's signal: the rush starts for all workers at once.
  await Promise.all(Array.from({ length: w.clients }, () => database.db.selectFrom('tender').select('id').where('id', '=', w.tenderId).execute()));
  // Sealing happens on each bidder's own machine: done here before the rush and timed on its own.
  const sealStart = performance.now();
  const envelopes: Awaited<ReturnType<typeof sealBid>>[] = [];
  for (const [i, u] of w.users.entries()) {
    const payload = encodeBidPayload({
      lots: [{ lotId: w.lotId, price: { amount: 1000 + i, currency: 'AZN' } }],
      technicalProposal: { documents: [{ title: 'Method statement', sha256: 'ab'.repeat(32) }] },
      declarations: { noCollusion: true },
    });
    envelopes.push(await sealBid(w.publicKey, payload, { tenderId: w.tenderId, bidderOrgId: u.org_id }));
  }
  const sealMsPerBid = w.users.length ? (performance.now() - sealStart) / w.users.length : 0;
  const go = new Promise<number>((resolve) => parentPort!.once('message', (m: { durationMs: number }) => resolve(m.durationMs)));
  parentPort!.postMessage({ ready: true });
  w.durationMs = await go;
  const base = { db: database.db, dbKind: 'postgres' as const, config: { ...loadConfig(), dataDir: w.dataDir }, blobs: new BlobStore(`${w.dataDir}/blobs`), requestId: 'bench' };
  const out: WorkerOutput = { accepted: [], late: 0, otherErrors: 0, latencies: [], sealMsPerBid };
  let next = 0;
  const end = performance.now() + w.durationMs;
  await Promise.all(
    Array.from({ length: w.clients }, async () => {
      while (performance.now() < end && next < w.users.length) {
        const i = next++;
        const u = w.users[i];
        const s = performance.now();
        const envelope = envelopes[i];
        const ctx: Ctx = { ...base, actor: { kind: 'user', userId: u.user_id, orgId: u.org_id, roles: ['company'], label: 'bench' } };
        try {
          const b = await bids.submit(ctx, w.tenderId, { lotIds: [w.lotId], envelope });
          out.accepted.push({ id: b.id, receipt: b.receipt });
          out.latencies.push(performance.now() - s);
        } catch (e) {
          if ((e as { code?: string }).code === 'bid_deadline_passed') out.late++;
          else out.otherErrors++, (out.firstError ??= (e as Error).message);
        }
      }
    }),
  );
  await database.close();
  return out;
}

main(workerData as WorkerInput).then(
  (r) => parentPort!.postMessage(r),
  (e) => parentPort!.postMessage({ error: String(e) }),
);
