import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';

/**
 * Every route that takes multipart/form-data (the OpenAPI document names it in
 * each such operation's summary: the upload routes declare no JSON body),
 * sent hostile parts by a caller allowed to use it: NUL and broken UTF-8 in
 * text fields and file names, unknown and repeated fields, an empty file, no
 * file, a body cut short. Multipart skips the JSON body's guards, so each
 * route reads its parts itself: no answer may be a 5xx, every refusal must be
 * problem+json.
 */
let env: TestEnv;
let staff: TestUser;
beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  staff = await makeUser(env.deps, { roles: ['admin', 'operator', 'mine_action'] });
});
afterAll(() => env?.close());

type Part = { name: string; value?: Buffer; filename?: Buffer; type?: string };

function body(parts: Part[], { cut = false } = {}) {
  const boundary = `----hostile${crypto.randomBytes(6).toString('hex')}`;
  const out: Buffer[] = [];
  for (const p of parts) {
    const file = p.filename ? Buffer.concat([Buffer.from('; filename="'), p.filename, Buffer.from('"')]) : Buffer.alloc(0);
    out.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`),
      file,
      Buffer.from(p.type ? `\r\nContent-Type: ${p.type}\r\n\r\n` : '\r\n\r\n'),
      p.value ?? Buffer.alloc(0),
      Buffer.from('\r\n'),
    );
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  const payload = Buffer.concat(out);
  return { payload: cut ? payload.subarray(0, Math.floor(payload.length / 2)) : payload, type: `multipart/form-data; boundary=${boundary}` };
}

const NUL = Buffer.from('a\u0000b');
const BAD_UTF8 = Buffer.from([0x61, 0xc3, 0x28, 0xff, 0xfe]);
const FILE = Buffer.from('{"type":"FeatureCollection","features":[]}');
/** The text fields any of the multipart routes reads (a route refuses the ones it does not know). */
const FIELDS = ['title', 'documentType', 'language', 'accessLevel', 'offSiteReason', 'format', 'repair', 'crs', 'encoding', 'dryRun', 'validOnly'];

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/**
 * A valid upload for the route where one is cheap to make (a document), so that a damaged field
 * is read as far as the insert; elsewhere the route refuses the placeholder file before that, and
 * the importers' own property tests carry valid files (src/modules/land/fuzz.test.ts, projects/import-fuzz.test.ts).
 */
function valid(template: string): { fields: Part[]; file: Part } {
  if (template === '/api/v1/documents')
    return {
      fields: [
        { name: 'title', value: Buffer.from('Site plan') },
        { name: 'documentType', value: Buffer.from('technicalSpecifications') },
      ],
      file: { name: 'file', filename: Buffer.from('plan.pdf'), type: 'application/pdf', value: PDF },
    };
  return { fields: [], file: { name: 'file', filename: Buffer.from('f.geojson'), type: 'application/octet-stream', value: FILE } };
}

function cases(template: string): { label: string; parts: Part[]; cut?: boolean }[] {
  const base = valid(template);
  const file = (o: Partial<Part> = {}): Part => ({ ...base.file, ...o });
  // One field damaged, the route's other valid fields kept.
  const withField = (f: string, value: Buffer) => [...base.fields.filter((p) => p.name !== f), { name: f, value }, file()];
  return [
    { label: 'valid', parts: [...base.fields, file()] },
    ...FIELDS.flatMap((f) => [
      { label: `${f} with NUL`, parts: withField(f, NUL) },
      { label: `${f} with broken UTF-8`, parts: withField(f, BAD_UTF8) },
    ]),
    { label: 'file name with NUL', parts: [file({ filename: NUL })] },
    { label: 'file name with broken UTF-8', parts: [file({ filename: BAD_UTF8 })] },
    { label: 'field name with NUL', parts: [{ name: 'x\u0000y', value: Buffer.from('1') }, file()] },
    { label: 'empty file', parts: [file({ value: Buffer.alloc(0) })] },
    { label: 'no file', parts: [{ name: 'title', value: Buffer.from('t') }] },
    { label: 'two files', parts: [file(), file()] },
    { label: 'file under another name', parts: [file({ name: 'upload' })] },
    { label: 'a field repeated', parts: [{ name: 'format', value: Buffer.from('geojson') }, { name: 'format', value: Buffer.from('kml') }, file()] },
    { label: 'body cut short', parts: [{ name: 'title', value: Buffer.from('t') }, file()], cut: true },
  ];
}

describe('hostile multipart on every upload route', () => {
  it('never answers 5xx', async () => {
    const doc = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { summary?: string; description?: string }>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => /multipart/i.test(`${op.summary ?? ''} ${op.description ?? ''}`))
        .map(([method]) => ({ method: method.toUpperCase() as 'POST', template })),
    );
    // Documents, photos, the three importers (land, projects, OCDS) and the project site file at least.
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const failures: string[] = [];
    let calls = 0;
    for (const { method, template } of routes) {
      const urls = template.includes('{kind}') ? ['areas', 'hazards', 'releases'].map((k) => template.replace('{kind}', k)) : [template.replace(/\{[^}]+\}/g, crypto.randomUUID())];
      for (const u of urls) {
        for (const c of cases(template)) {
          const b = body(c.parts, { cut: c.cut });
          const r = await env.app.inject({ method, url: u, headers: { authorization: staff.auth, 'content-type': b.type }, payload: b.payload });
          calls++;
          if (r.statusCode >= 500) failures.push(`${method} ${u} (${c.label}) → ${r.statusCode} ${r.body.slice(0, 160)}`);
          else if (r.statusCode >= 400 && !String(r.headers['content-type']).startsWith('application/problem+json'))
            failures.push(`${method} ${u} (${c.label}) → ${r.statusCode} not problem+json`);
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 300_000);
});
