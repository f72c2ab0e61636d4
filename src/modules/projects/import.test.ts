import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { ALL_COLUMNS } from './tabular.ts';
import { makeArea } from './test-helpers.ts';

let env: TestEnv;
let op: TestUser;
let company: TestUser;
let authorityKey: string;

const HEADER = ALL_COLUMNS.join(',');
function csvRow(o: Record<string, string>) {
  const base: Record<string, string> = {
    title_en: 'Imported road',
    title_az: 'İdxal olunmuş yol',
    sector: 'transport;transport.road',
    type: 'construction',
    status: 'preparation',
    budget_amount: '2500000.50',
    budget_currency: 'AZN',
    longitude: '47.1',
    latitude: '39.6',
    district: 'I-FUZ',
    public_authority: authorityKey,
    planned_start: '2024-03-01',
    planned_end: '2025-12-31',
    funding: 'government AZ 2000000 AZN; partner_country KR 500000 AZN',
    outputs: 'roadKm km 14.5 3',
    ...o,
  };
  return ALL_COLUMNS.map((c) => {
    const v = base[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

function upload(filename: string, data: Buffer, user: TestUser | undefined, qs = '') {
  const boundary = `----berpa${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/projects/import${qs}`,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(user ? { authorization: user.auth } : {}) },
  });
}

const count = async (prefix: string) => Number((await sql<{ n: string }>`select count(*) as n from project where code like ${prefix + '%'}`.execute(env.database.db)).rows[0].n);

async function xlsx(rows: (string | number | Date)[][], merge?: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('projects');
  for (const r of rows) ws.addRow(r);
  if (merge) ws.mergeCells(merge);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  company = await makeUser(env.deps, { roles: ['company'] });
  const agency = await makeOrg(env.deps, { country: 'AZ', roles: ['publicAuthority'] });
  authorityKey = `${agency.identifier_scheme}-${agency.identifier_id}`;
  await makeArea(env.deps, 'I-FUZ', [46.9, 39.4, 47.4, 39.8]);
});
afterAll(() => env?.close());

describe('importing projects', () => {
  it('imports a CSV, resolving districts and organisations, and re-imports as updates', async () => {
    const csv = [
      HEADER,
      csvRow({ code: 'CSV-1' }),
      csvRow({
        code: 'CSV-2',
        title_ko: '수입 도로',
        longitude: '',
        latitude: '',
        location_geojson: JSON.stringify({
          type: 'LineString',
          coordinates: [
            [47, 39.5],
            [47.1, 39.6],
          ],
        }),
      }),
    ].join('\r\n');
    const r = await upload('projects.csv', Buffer.from(csv), op);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ imported: 2, created: 2, updated: 0, skipped: 0, errors: [] });
    const found = (await env.app.inject({ method: 'GET', url: '/api/v1/projects?q=' + encodeURIComponent('수입') })).json().items;
    expect(found.map((i: { code: string }) => i.code)).toEqual(['CSV-2']);
    expect(found[0].districtId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await upload('projects.csv', Buffer.from(csv.replace('2500000.50', '2600000')), op);
    expect(again.json()).toMatchObject({ imported: 2, created: 0, updated: 2 });
  });

  it('reports every bad row and column and imports nothing, unless asked for the valid rows only', async () => {
    const csv = [
      HEADER,
      csvRow({ code: 'BAD-1' }),
      csvRow({ code: 'BAD-2', sector: 'roads', budget_currency: 'ABC' }),
      csvRow({ code: 'BAD-3', planned_start: '2025-01-01', planned_end: '2024-01-01', budget_amount: '1,000' }),
      csvRow({ code: 'BAD-4', district: 'NOWHERE', status: 'finished' }),
      csvRow({ code: 'BAD-1' }),
    ].join('\n');
    const r = await upload('bad.csv', Buffer.from(csv), op);
    expect(r.statusCode).toBe(422);
    expect(r.json().code).toBe('project_import_rejected');
    const rows = r.json().rows as { row: number; column: string }[];
    const cells = rows.map((e) => `${e.row}:${e.column}`);
    expect(cells).toEqual(expect.arrayContaining(['3:sector', '3:budget_currency', '4:planned_end', '4:budget_amount', '5:district', '5:status', '6:code']));
    expect(cells.some((c) => c.startsWith('2:'))).toBe(false);
    expect(await count('BAD-')).toBe(0);
    const partial = await upload('bad.csv', Buffer.from(csv), op, '?validOnly=true');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ imported: 1, skipped: 4 });
    expect(partial.json().errors.length).toBeGreaterThan(5);
    expect(await count('BAD-')).toBe(1);
  });

  it('refuses a CSV whose encoding cannot be told, a missing column, and a broken CSV, naming the problem', async () => {
    // Half Latin-between-ASCII, half Cyrillic-run bytes: neither UTF-8 nor clearly Windows-1251 or -1254 (decoded ones: import-tables.test.ts).
    const [before, after] = csvRow({ code: 'ENC-1', title_ru: 'XXXX' }).split('XXXX');
    const mixed = Buffer.concat([Buffer.from(HEADER + '\n' + before), Buffer.from([0x41, 0x62, 0xe7, 0x64, 0x20, 0xc4, 0xee, 0xf0]), Buffer.from(after)]);
    const enc = await upload('legacy.csv', mixed, op);
    expect(enc.statusCode).toBe(400);
    expect(enc.json().code).toBe('project_bad_file');
    expect(enc.json().detail).toMatch(/UTF-8/);
    const missing = await upload('missing.csv', Buffer.from(HEADER.replace('budget_currency,', '') + '\n'), op);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().rows).toEqual([{ row: 1, column: 'budget_currency', message: 'required column is missing' }]);
    const ragged = await upload('ragged.csv', Buffer.from(`${HEADER}\nA,B\n`), op);
    expect(ragged.statusCode).toBe(400);
    expect(ragged.json().rows[0].row).toBe(2);
    // (.txt is tab-separated text, as Excel's "Unicode text" saves it: see import-tables.test.ts.)
    expect((await upload('notes.pdf', Buffer.from('hello'), op)).statusCode).toBe(400);
    expect(await count('ENC-')).toBe(0);
  });

  it('imports .xlsx, refusing merged header cells and missing columns', async () => {
    const header = [...ALL_COLUMNS];
    const row = (code: string) =>
      header.map(
        (c) =>
          (
            ({
              code,
              title_en: 'Excel school',
              sector: 'education',
              type: 'construction',
              status: 'identification',
              budget_amount: 750000,
              budget_currency: 'AZN',
              longitude: 46.9,
              latitude: 39.3,
              planned_start: new Date('2025-02-01T00:00:00Z'),
            }) as Record<string, string | number | Date>
          )[c] ?? '',
      );
    const ok = await upload('p.xlsx', await xlsx([header, row('XL-1'), row('XL-2')]), op);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().created).toBe(2);
    const merged = await upload('m.xlsx', await xlsx([header, row('XL-3')], 'A1:B1'), op);
    expect(merged.statusCode).toBe(400);
    expect(merged.json().detail).toMatch(/merged/);
    const short = header.filter((c) => c !== 'type');
    const missing = await upload('s.xlsx', await xlsx([short, short.map(() => 'x')]), op);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().rows).toContainEqual({ row: 1, column: 'type', message: 'required column is missing' });
    expect(await count('XL-3')).toBe(0);
  });

  it('lets only operators import', async () => {
    const csv = Buffer.from([HEADER, csvRow({ code: 'PERM-1' })].join('\n'));
    expect((await upload('p.csv', csv, undefined)).statusCode).toBe(401);
    expect((await upload('p.csv', csv, company)).statusCode).toBe(403);
    expect(await count('PERM-')).toBe(0);
  });

  it('exports CSV that imports back unchanged, and GeoJSON', async () => {
    const exported = await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=csv' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/text\/csv/);
    const r = await upload('export.csv', exported.rawPayload, op);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().created).toBe(0);
    const again = await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=csv' });
    expect(again.body).toBe(exported.body);
    const geo = (await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=geojson' })).json();
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.length).toBe(await count(''));
  });
});
