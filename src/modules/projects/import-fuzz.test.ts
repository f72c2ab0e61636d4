import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import { STANDARDS_DIR } from '../../lib/standards.ts';
import { readPackage } from './external-ocds.service.ts';
import { readProjectFile } from './import-file.ts';
import { fromOc4ids } from './oc4ids.ts';
import { ALL_COLUMNS, parseRow } from './tabular.ts';
import { makeArea, uploadFile } from './test-helpers.ts';

/**
 * Property-based: malformed CSV, .xlsx, OC4IDS and OCDS documents never
 * reach an internal error. Through the API each is a 4xx problem+json whose
 * every error names a field (or the file was good and imported: 200); the
 * pure readers throw nothing but AppError; the CLI prints the message
 * without a stack trace. Run counts are kept small for a shared 2-core
 * machine (the pure properties run more).
 */
let env: TestEnv;
let op: TestUser;
let seq = 0;

type Inject = Awaited<ReturnType<typeof uploadFile>>;
function expectProblemOrOk(r: Inject) {
  expect(r.statusCode, r.body).toBeLessThan(500);
  if (r.statusCode === 200) return;
  expect(r.statusCode).toBeGreaterThanOrEqual(400);
  expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
  const body = r.json() as { errors?: { field: string; message: string }[]; detail?: string };
  expect(body.errors?.length, r.body).toBeGreaterThan(0);
  for (const e of body.errors!) {
    expect(typeof e.field === 'string' && e.field.length > 0, r.body).toBe(true);
    expect(typeof e.message === 'string' && e.message.length > 0, r.body).toBe(true);
  }
}

const validRow = (code: string): Record<string, string> => ({
  code,
  title_en: 'Fuzzed road',
  sector: 'transport',
  type: 'construction',
  status: 'identification',
  budget_amount: '1000',
  budget_currency: 'AZN',
  longitude: '47.1',
  latitude: '39.6',
});
const csvOf = (rows: Record<string, string>[], sep = ',') => [ALL_COLUMNS.join(sep), ...rows.map((r) => ALL_COLUMNS.map((c) => r[c] ?? '').join(sep))].join('\n');

/** Every path (as key lists) inside a JSON value. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}
function setAt(doc: unknown, p: (string | number)[], value: unknown, remove: boolean): unknown {
  if (p.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  const last = p[p.length - 1];
  if (remove && !Array.isArray(cur)) delete cur[last];
  else cur[last] = value;
  return copy;
}
/** A document with one to three random places replaced by random JSON (or removed). */
const mutated = (doc: unknown) =>
  fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean()), { minLength: 1, maxLength: 3 }).map((edits) =>
    edits.reduce((d, [i, v, rm]) => {
      const ps = paths(d);
      return setAt(d, ps[i % ps.length], v, rm);
    }, doc as unknown),
  );

const oc4idsPackage = () => ({
  uri: 'https://x.example/p.json',
  publishedDate: '2025-01-01T00:00:00Z',
  publisher: { name: 'x' },
  version: '0.9',
  projects: [
    {
      id: `oc4ids-fuzz00-${++seq}`,
      title: 'Fuzzed bridge',
      status: 'preparation',
      type: 'construction',
      sector: ['transport'],
      locations: [{ id: 'location', geometry: { type: 'Point', coordinates: [47.1, 39.6] } }],
      budget: { amount: { amount: 5, currency: 'AZN' } },
      period: { startDate: '2025-01-01T00:00:00Z' },
      parties: [{ id: 'p', name: 'P', roles: ['funder'] }],
      budgetBreakdowns: [],
      forecasts: [{ id: 'homes', observations: [{ id: 'h', measure: 5, unit: { name: 'units' } }] }],
    },
  ],
});
const example = JSON.parse(fs.readFileSync(path.join(STANDARDS_DIR, 'ocds/examples/record-embedded-releases.json'), 'utf8'));
const releasePackage = () => ({
  uri: 'https://x.example/r.json',
  publishedDate: '2014-02-02T13:02:00Z',
  publisher: { name: 'x' },
  version: '1.1',
  releases: structuredClone(example.records[0].releases.slice(0, 3)),
});

beforeAll(async () => {
  // Hundreds of uploads from one address in a minute: lift the upload limit (a setting); the rest stay as shipped.
  const shipped = loadConfig({ NODE_ENV: 'test' }).rateLimits;
  env = await testEnv({ rateLimits: { ...shipped, upload: { max: 1_000_000, windowSeconds: 60 } } });
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  await makeArea(env.deps, 'FZ-COUNTRY', [44, 38, 51, 42], 'country');
});
afterAll(() => env?.close());

describe('malformed input never reaches an internal error', () => {
  it('pure readers: random bytes as CSV/XLSX/JSON and random OC4IDS projects throw only AppError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.constantFrom('a.csv', 'a.xlsx', 'a.json', 'a.tsv'), async (bytes, name) => {
        try {
          const f = await readProjectFile(bytes, name);
          if (f.kind === 'table') for (const r of f.rows) parseRow(f.header, r.cells, r.row, []);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (p) => {
        fromOc4ids(p, 'oc4ids-brpdem');
      }),
      { numRuns: 500 },
    );
    await fc.assert(
      fc.asyncProperty(mutated(oc4idsPackage().projects[0]), async (p) => {
        fromOc4ids(p, 'oc4ids-brpdem');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(mutated(releasePackage()), (doc) => {
        try {
          readPackage(Buffer.from(JSON.stringify(doc)));
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('a NUL in any text cell is refused naming its column (found by the CSV property: purpose_ru, then public_authority = U+0000 were 500s)', async () => {
    for (const c of ['purpose_ru', 'title_en', 'description_az', 'public_authority', 'district']) {
      const row = validRow(`FZ-NUL-${++seq}`);
      row[c] = 'a\u0000b';
      const r = await uploadFile(env.app, '/api/v1/projects/import', 'nul.csv', Buffer.from(csvOf([row], ',')), op.auth);
      expectProblemOrOk(r);
      expect(r.statusCode).toBe(422);
      expect(JSON.stringify(r.json())).toContain(c);
    }
  });

  it('CSV: broken quoting, separators, cells and bytes → 4xx naming the field, or a clean import', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('"', '""x', ';', '\t', '1,5', '1 000,5', '31.02.2024', '-1', 'NaN', '1e400', '\u0000', '\uFFFD', 'ə', 'Дорога'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t'),
        fc.array(fc.tuple(fc.constantFrom(...ALL_COLUMNS), cell), { maxLength: 4 }),
        fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })), { nil: undefined }),
        async (sep, edits, bytes) => {
          const row = validRow(`FZ-CSV-${++seq}`);
          for (const [c, v] of edits) row[c] = v;
          let data = Buffer.from(csvOf([row], sep));
          if (bytes) {
            const at = bytes[0] % data.length;
            data = Buffer.concat([data.subarray(0, at), Buffer.from(bytes[1]), data.subarray(at)]);
          }
          expectProblemOrOk(await uploadFile(env.app, '/api/v1/projects/import', 'fuzz.csv', data, op.auth));
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);

  it('XLSX: random cell values and types, extra sheets, corrupted bytes → 4xx naming the field, or a clean import', async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
      fc.constant(null),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...ALL_COLUMNS), value), { maxLength: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.option(fc.nat(), { nil: undefined }),
        async (edits, titleRows, instructions, corruptAt) => {
          const wb = new ExcelJS.Workbook();
          if (instructions) wb.addWorksheet('Instructions').addRow(['Fill in the next sheet', 'code']);
          const ws = wb.addWorksheet('data');
          for (let i = 0; i < titleRows; i++) ws.addRow([`title ${i}`]);
          const row: Record<string, unknown> = validRow(`FZ-XL-${++seq}`);
          for (const [c, v] of edits) row[c] = v;
          ws.addRow([...ALL_COLUMNS]);
          ws.addRow(ALL_COLUMNS.map((c) => (row[c] ?? null) as ExcelJS.CellValue));
          let data = Buffer.from(await wb.xlsx.writeBuffer());
          if (corruptAt !== undefined) {
            data = Buffer.from(data);
            data[corruptAt % data.length] ^= 0xff;
          }
          expectProblemOrOk(await uploadFile(env.app, '/api/v1/projects/import', 'fuzz.xlsx', data, op.auth));
        },
      ),
      { numRuns: 20 },
    );
  }, 240_000);

  it('OC4IDS: any field replaced by any JSON → 4xx naming the JSON pointer, or a clean import', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(oc4idsPackage()), async (doc) => {
        const r = await uploadFile(env.app, '/api/v1/projects/import', 'fuzz.json', Buffer.from(JSON.stringify(doc)), op.auth);
        expectProblemOrOk(r);
        if (r.statusCode === 422) for (const e of r.json().errors) expect(e.field).toMatch(/^\/projects(\/|$)/);
      }),
      { numRuns: 60 },
    );
  }, 240_000);

  it('OCDS: any field of a release package replaced by any JSON → 4xx naming the JSON pointer, or a clean import', async () => {
    const project = await env.app.inject({
      method: 'POST',
      url: '/api/v1/projects',
      payload: {
        code: 'FZ-OCDS-1',
        title: { en: 'x' },
        sector: ['transport'],
        type: 'construction',
        location: { type: 'Point', coordinates: [47.1, 39.6] },
        budget: { amount: 1, currency: 'AZN' },
      },
      headers: { authorization: op.auth },
    });
    expect(project.statusCode, project.body).toBe(201);
    await fc.assert(
      fc.asyncProperty(mutated(releasePackage()), async (doc) => {
        expectProblemOrOk(await uploadFile(env.app, '/api/v1/projects/import/ocds?project=FZ-OCDS-1', 'fuzz.json', Buffer.from(JSON.stringify(doc)), op.auth));
      }),
      { numRuns: 40 },
    );
  }, 240_000);

  it('the CLI prints the same messages, without a stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-cli-fuzz-'));
    try {
      const csv = path.join(dir, 'ragged.csv');
      fs.writeFileSync(csv, `${ALL_COLUMNS.join(';')}\nA;B\n`);
      const ocds = path.join(dir, 'bad-ocds.json');
      fs.writeFileSync(ocds, JSON.stringify({ ...releasePackage(), releases: [{ ocid: 7 }] }));
      const { DATABASE_URL: _pg, ...rest } = process.env;
      const run = (args: string[]) =>
        new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
          execFile(process.execPath, ['bin/berpa.mjs', ...args], { env: { ...rest, BERPA_DATA_DIR: path.join(dir, 'data'), NODE_ENV: 'test' }, timeout: 240_000 }, (e, out, err) =>
            resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
          );
        });
      const a = await run(['import', 'projects', csv]);
      expect(a.err, a.err + a.out).toMatch(/row 2 has 2 cells but the header \(row 1\) has \d+, separated by ";"/);
      const b = await run(['import', 'ocds', ocds, '--project', 'X']);
      expect(b.err, b.err + b.out).toMatch(/\/releases\/0\/ocid: must be string/);
      for (const r of [a, b]) {
        expect(r.code).toBe(3);
        expect(r.err).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
