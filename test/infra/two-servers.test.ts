import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import type { AppDeps } from '../../src/lib/context.ts';
import { verifyReceipt } from '../../src/lib/sealing/index.ts';
import { hashPassword } from '../../src/modules/auth/tokens.ts';
import { BlobStore } from '../../src/modules/documents/blob-store.ts';
import { bidder, createPublished, makeCommittee, partner, sealFor } from '../../src/modules/tenders/test-kit.ts';
import { testDatabase } from '../helpers/db.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';
import { type Proc, startNginx, startServer } from './cluster.ts';
import { httpEnv, send } from './http-env.ts';

/**
 * Two app servers on one PostgreSQL behind nginx (round robin): nothing a
 * request needs may live in one server's memory or on its disk (issue 14).
 * Each server has its own empty data directory.
 */
const URL_ = process.env.DATABASE_URL;
if (!URL_) throw new Error('test/infra needs DATABASE_URL (a PostgreSQL the test may create databases on)');

let database: Database & { url?: string };
let deps: AppDeps;
let a: Proc, b: Proc, proxy: Proc;
beforeAll(async () => {
  database = await testDatabase();
  deps = { db: database.db, dbKind: 'postgres' } as AppDeps;
  await ensureProgramme(deps);
  [a, b] = await Promise.all([startServer({ DATABASE_URL: database.url!, DATABASE_READ_URL: '' }), startServer({ DATABASE_URL: database.url!, DATABASE_READ_URL: '' })]);
  proxy = await startNginx([a.url, b.url]);
});
afterAll(async () => {
  await proxy?.stop();
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.close();
});

const PDF = (n: number, seed: number) => {
  const body = Buffer.alloc(n);
  for (let i = 0; i < n; i++) body[i] = (i * 7 + seed) & 0xff;
  return Buffer.concat([Buffer.from('%PDF-1.4\n'), body, Buffer.from('\n%%EOF\n')]);
};

function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }) {
  const boundary = '----berpa' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(base: string, headers: Record<string, string>, data: Buffer, title = 'Site survey') {
  const m = multipart({ title, documentType: 'technicalSpecifications' }, { name: 'survey.pdf', type: 'application/pdf', data });
  return send(base, { method: 'POST', url: '/api/v1/documents', headers: { ...m.headers, ...headers }, payload: m.payload });
}

describe('two app servers behind nginx on one PostgreSQL', () => {
  it('nginx sends requests to both servers in turn', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await send(proxy.url, { method: 'GET', url: '/healthz' });
      expect(r.statusCode).toBe(200);
      seen.add(r.headers['x-upstream']);
    }
    expect([...seen].sort()).toEqual([new URL(a.url).host, new URL(b.url).host].sort());
  });

  it('a web session signed in on one server works on the other, and signing out there ends it on both', async () => {
    const password = 'correct horse battery staple 42';
    const u = await makeUser(deps, { roles: ['company'], passwordHash: await hashPassword(password) });
    const si = await send(a.url, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: u.email, password, mode: 'cookie' } });
    expect(si.statusCode).toBe(200);
    const cookie = `berpa_session=${si.cookies.berpa_session}`;
    const csrf = si.json().csrfToken as string;
    const me = await send(b.url, { method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().user?.id).toBe(u.id);
    // A cookie write on the other server: its CSRF token is the session's, not the process's.
    const up = await upload(b.url, { cookie, 'x-csrf-token': csrf }, PDF(1000, 1));
    expect(up.statusCode).toBe(201);
    expect((await upload(b.url, { cookie, 'x-csrf-token': 'wrong' }, PDF(1000, 2))).statusCode).toBe(403);
    expect((await send(b.url, { method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
    expect((await send(a.url, { method: 'GET', url: '/api/v1/me', headers: { cookie } })).json().user).toBeNull();
  });

  it('a document uploaded on one server downloads, byte for byte, from the other', async () => {
    const u = await makeUser(deps, { roles: ['operator'] });
    const data = PDF(2 * 1024 * 1024 + 333, 5); // three chunks in the database
    const up = await upload(a.url, { authorization: u.auth }, data, 'Bridge drawings');
    expect(up.statusCode).toBe(201);
    expect(up.json().sha256).toBe(BlobStore.sha256(data));
    const down = await send(b.url, { method: 'GET', url: up.json().url });
    expect(down.statusCode).toBe(200);
    expect(down.headers['x-content-sha256']).toBe(BlobStore.sha256(data));
    expect(BlobStore.sha256(down.rawPayload)).toBe(BlobStore.sha256(data));
  });

  it('a bid submitted through one server has a receipt that verifies through the other', async () => {
    const envA = httpEnv(a.url, deps);
    const envB = httpEnv(b.url, deps);
    const members = await makeCommittee(envA, 3);
    await partner(envA, 'KR');
    const operator = await makeUser(deps, { roles: ['operator'] });
    const tender = await createPublished(envB, operator, members);
    const korean = await bidder(envA, 'KR');
    const lotId = tender.lots[0].id;
    const bid = await send(a.url, {
      method: 'POST',
      url: `/api/v1/tenders/${tender.id}/bids`,
      headers: { authorization: korean.auth },
      payload: { lotIds: [lotId], envelope: await sealFor(tender, korean.orgId!, [{ lotId, amount: 765432.1 }]) },
    });
    expect(bid.statusCode).toBe(201);
    const receipt = bid.json().receipt;
    const verified = await send(b.url, { method: 'POST', url: '/api/v1/receipts/verify', payload: receipt });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().valid).toBe(true);
    const keyA = (await send(a.url, { method: 'GET', url: '/api/v1/receipts/public-key' })).json();
    const keyB = (await send(b.url, { method: 'GET', url: '/api/v1/receipts/public-key' })).json();
    expect(keyB.publicKey).toBe(keyA.publicKey);
    expect(await verifyReceipt(keyB.publicKey, receipt)).toBe(true);
  });

  it('writes through both servers at once: the audit chain and the OCDS feed are numbered once each, and the chain verifies on both', async () => {
    const users: TestUser[] = await Promise.all([makeUser(deps, { roles: ['operator'] }), makeUser(deps, { roles: ['operator'] })]);
    const members = await makeCommittee(httpEnv(proxy.url, deps), 3);
    // Uploads (one audit event each) through the proxy from two clients, and two more tenders (OCDS releases).
    const clients = users.map(async (u, c) => {
      for (let i = 0; i < 12; i++) expect((await upload(proxy.url, { authorization: u.auth }, PDF(500, 100 * c + i), `Load ${c}-${i}`)).statusCode).toBe(201);
    });
    const tenders = [createPublished(httpEnv(a.url, deps), users[0], members), createPublished(httpEnv(b.url, deps), users[1], members)];
    await Promise.all([...clients, ...tenders]);

    // Each server's background sequencer runs every 500 ms; both try, one numbers.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await sql<{
        audit: string;
        ocds: string;
      }>`select (select count(*) from audit_event where seq is null) as audit, (select count(*) from ocds_release where position is null) as ocds`.execute(database.db);
      if (Number(r.rows[0].audit) === 0 && Number(r.rows[0].ocds) === 0) break;
      if (Date.now() > deadline) throw new Error(`still pending after 30 s: ${JSON.stringify(r.rows[0])}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const audit = await sql<{
      n: string;
      distinct_seq: string;
      max_seq: string;
    }>`select count(*) as n, count(distinct seq) as distinct_seq, max(seq) as max_seq from audit_event`.execute(database.db);
    expect(Number(audit.rows[0].n)).toBeGreaterThan(30);
    expect(Number(audit.rows[0].distinct_seq)).toBe(Number(audit.rows[0].n));
    expect(Number(audit.rows[0].max_seq)).toBe(Number(audit.rows[0].n));
    const ocds = await sql<{
      n: string;
      distinct_pos: string;
      max_pos: string;
    }>`select count(*) as n, count(distinct position) as distinct_pos, max(position) as max_pos from ocds_release`.execute(database.db);
    expect(Number(ocds.rows[0].n)).toBeGreaterThanOrEqual(3);
    expect(Number(ocds.rows[0].distinct_pos)).toBe(Number(ocds.rows[0].n));
    expect(Number(ocds.rows[0].max_pos)).toBe(Number(ocds.rows[0].n));

    const auditor = await makeUser(deps, { roles: ['auditor'] });
    const head = (await send(proxy.url, { method: 'GET', url: '/api/v1/audit/head' })).json();
    for (const base of [a.url, b.url]) {
      const v = await send(base, { method: 'GET', url: `/api/v1/audit/verify?expectHead=${head.seq}:${head.hash}`, headers: { authorization: auditor.auth } });
      expect(v.statusCode).toBe(200);
      expect(v.json()).toMatchObject({ ok: true, firstBreak: null });
    }
  });
});
