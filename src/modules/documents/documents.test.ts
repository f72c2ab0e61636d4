import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { makeUser } from '../../../test/helpers/factories.ts';
import { BlobStore } from './blob-store.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv({ uploadMaxBytes: 64 * 1024 });
});
afterAll(() => env?.close());

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) {
  const boundary = '----berpa' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('documents', () => {
  it('stores an upload by its SHA-256 and serves it back', async () => {
    const u = await makeUser(env.deps, { roles: ['operator'] });
    const m = multipart({ title: 'Site plan', documentType: 'technicalSpecifications' }, { name: 'plan.pdf', type: 'application/pdf', data: PDF });
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...m.headers, authorization: u.auth }, payload: m.payload });
    expect(r.statusCode).toBe(201);
    expect(r.json().sha256).toBe(BlobStore.sha256(PDF));
    const c = await env.app.inject({ method: 'GET', url: r.json().url });
    expect(c.statusCode).toBe(200);
    expect(c.rawPayload.equals(PDF)).toBe(true);
    expect(c.headers['x-content-sha256']).toBe(BlobStore.sha256(PDF));
  });

  it('refuses a file whose content is not its declared type, and types not accepted', async () => {
    const u = await makeUser(env.deps, { roles: ['company'] });
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]);
    const disguised = multipart({ title: 'Offer', documentType: 'tenderNotice' }, { name: 'offer.pdf', type: 'application/pdf', data: exe });
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...disguised.headers, authorization: u.auth }, payload: disguised.payload });
    expect(r.statusCode).toBe(415);
    const html = multipart({ title: 'x', documentType: 'other' }, { name: 'x.html', type: 'text/html', data: Buffer.from('<script>') });
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...html.headers, authorization: u.auth }, payload: html.payload })).statusCode).toBe(415);
  });

  it('refuses a NUL in a text field naming the field, and writes nothing (multipart skips the JSON body guard)', async () => {
    const u = await makeUser(env.deps, { roles: ['operator'] });
    const count = async () =>
      Number(
        (
          await env.deps.db
            .selectFrom('document')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const m = multipart({ title: 'Site\u0000plan', documentType: 'technicalSpecifications' }, { name: 'plan.pdf', type: 'application/pdf', data: PDF });
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...m.headers, authorization: u.auth }, payload: m.payload });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().errors).toContainEqual({ field: '/body/title', message: 'contains a NUL character' });
    expect(await count()).toBe(before);
  });

  it('refuses an oversized file with 413 and writes nothing', async () => {
    const u = await makeUser(env.deps, { roles: ['company'] });
    const before = await env.deps.db
      .selectFrom('document')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const big = Buffer.concat([PDF, Buffer.alloc(70 * 1024, 32)]);
    const m = multipart({ title: 'Big', documentType: 'other' }, { name: 'big.pdf', type: 'application/pdf', data: big });
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...m.headers, authorization: u.auth }, payload: m.payload });
    expect(r.statusCode).toBe(413);
    const after = await env.deps.db
      .selectFrom('document')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('names missing and unknown fields; anonymous and observers may not upload', async () => {
    const u = await makeUser(env.deps, { roles: ['company'] });
    const m = multipart({ documentType: 'other', colour: 'red' }, { name: 'a.pdf', type: 'application/pdf', data: PDF });
    const r = await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...m.headers, authorization: u.auth }, payload: m.payload });
    expect(r.statusCode).toBe(400);
    expect(
      r
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['/body/colour', '/body/title']);
    const anon = multipart({ title: 'a', documentType: 'other' }, { name: 'a.pdf', type: 'application/pdf', data: PDF });
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: anon.headers, payload: anon.payload })).statusCode).toBe(401);
    const obs = await makeUser(env.deps, { roles: ['observer'] });
    expect((await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...anon.headers, authorization: obs.auth }, payload: anon.payload })).statusCode).toBe(403);
  });

  it('a restricted document is visible to its organisation and auditors, not to other companies', async () => {
    const owner = await makeUser(env.deps, { roles: ['company'] });
    const m = multipart({ title: 'Bank guarantee', documentType: 'other', accessLevel: 'restricted' }, { name: 'g.pdf', type: 'application/pdf', data: PDF });
    const doc = (await env.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...m.headers, authorization: owner.auth }, payload: m.payload })).json();
    const other = await makeUser(env.deps, { roles: ['company'] });
    const auditor = await makeUser(env.deps, { roles: ['auditor'] });
    expect((await env.app.inject({ method: 'GET', url: doc.url, headers: { authorization: other.auth } })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: doc.url })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: doc.url, headers: { authorization: owner.auth } })).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: doc.url, headers: { authorization: auditor.auth } })).statusCode).toBe(200);
  });
});
