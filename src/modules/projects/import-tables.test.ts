import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { ensureProgramme, makeOrg, makeUser, type TestUser } from '../../../test/helpers/factories.ts';
import { REQUIRED_COLUMNS } from './tabular.ts';
import { makeArea, uploadFile } from './test-helpers.ts';

/** Tables as people save them: separators, encodings, sheets, title rows, localised numbers and dates; territory; dry runs. */
let env: TestEnv;
let op: TestUser;
let authorityKey: string;

const COLS = [...REQUIRED_COLUMNS, 'district', 'public_authority', 'planned_start', 'planned_end', 'funding', 'location_geojson'];
const base = (o: Record<string, string>): Record<string, string> => ({
  title_en: 'Road',
  title_az: 'Yol',
  title_ko: '도로',
  title_ru: 'Дорога',
  sector: 'transport;transport.road',
  type: 'construction',
  status: 'preparation',
  budget_amount: '1000',
  budget_currency: 'AZN',
  longitude: '47.1',
  latitude: '39.6',
  district: 'I-TAB',
  public_authority: authorityKey,
  planned_start: '',
  planned_end: '',
  funding: '',
  ...o,
});
function table(rows: Record<string, string>[], sep: string, titleRows: string[] = []) {
  const q = (v: string) => (v.includes(sep) || v.includes('"') || v.includes('\n') ? `"${v.replace(/"/g, '""')}"` : v);
  return [...titleRows, COLS.join(sep), ...rows.map((r) => COLS.map((c) => q(base(r)[c] ?? '')).join(sep))].join('\r\n') + '\r\n';
}
const upload = (name: string, data: Buffer, qs = '') => uploadFile(env.app, `/api/v1/projects/import${qs}`, name, data, op.auth);
const project = async (code: string) =>
  (
    await sql<{
      title: Record<string, string>;
      budget_amount: number;
      planned_start: string | null;
      planned_end: string | null;
    }>`select title, budget_amount::float8 as budget_amount, planned_start::text, planned_end::text from project where code = ${code}`.execute(env.database.db)
  ).rows[0];

beforeAll(async () => {
  env = await testEnv();
  await ensureProgramme(env.deps);
  op = await makeUser(env.deps, { roles: ['operator'] });
  const agency = await makeOrg(env.deps, { country: 'AZ', roles: ['publicAuthority'] });
  authorityKey = `${agency.identifier_scheme}-${agency.identifier_id}`;
  await makeArea(env.deps, 'I-TAB', [46.9, 39.4, 47.4, 39.8]);
  await makeArea(env.deps, 'TAB-COUNTRY', [44, 38, 51, 42], 'country');
});
afterAll(() => env?.close());

describe('tables as people save them', () => {
  it('reads a semicolon CSV in Windows-1251 with title rows above the header, Russian numbers and day.month.year dates', async () => {
    const text = table(
      [{ code: 'TAB-RU-1', title_ko: '', title_ru: 'Дорога Физули — Шуша', budget_amount: '1 234 567,50', planned_start: '01.03.2024', planned_end: '31.12.2025' }],
      ';',
      ['Реестр проектов;;', 'Выгрузка 2024;;'],
    );
    const r = await upload('реестр.csv', iconv.encode(text, 'windows-1251'));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().file).toMatchObject({ separator: ';', encoding: 'windows-1251', headerRow: 3, numbers: '1 234,56' });
    const p = await project('TAB-RU-1');
    expect(p.title.ru).toBe('Дорога Физули — Шуша');
    expect(p.budget_amount).toBe(1234567.5);
    expect([p.planned_start, p.planned_end]).toEqual(['2024-03-01', '2025-12-31']);
  });

  it('reads Windows-1254 (Latin Azerbaijani), UTF-8 with a BOM, UTF-16 tab-separated text, and az numbers when the language is declared', async () => {
    const az = table([{ code: 'TAB-AZ-1', title_az: 'Ağdam şehri yolu', title_ko: '', title_ru: '', budget_amount: '2.500.000,75' }], ',');
    const r1254 = await upload('az.csv', iconv.encode(az, 'windows-1254'), '?language=az');
    expect(r1254.statusCode, r1254.body).toBe(200);
    expect(r1254.json().file.encoding).toBe('windows-1254');
    expect((await project('TAB-AZ-1')).title.az).toBe('Ağdam şehri yolu');
    expect((await project('TAB-AZ-1')).budget_amount).toBe(2500000.75);
    const bom = await upload('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table([{ code: 'TAB-BOM-1', title_az: 'Şuşa' }], ','))]));
    expect(bom.statusCode, bom.body).toBe(200);
    expect(bom.json().file).toMatchObject({ separator: ',', encoding: 'utf-8' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(table([{ code: 'TAB-U16-1', title_ko: '수입 도로', budget_amount: '1,234.5' }], '\t'), 'utf-16le')]);
    const u = await upload('unicode.txt', utf16, '?language=en');
    expect(u.statusCode, u.body).toBe(200);
    expect(u.json().file).toMatchObject({ separator: 'tab', encoding: 'utf-16le' });
    expect((await project('TAB-U16-1')).budget_amount).toBe(1234.5);
  });

  it('refuses, naming row, column and what was expected: ambiguous thousands, month-first dates, impossible days, codelists with their values', async () => {
    const csv = table(
      [
        { code: 'TAB-BAD-1', budget_amount: '1,000' },
        { code: 'TAB-BAD-2', planned_start: '12/31/2024' },
        { code: 'TAB-BAD-3', planned_start: '31.02.2024', type: 'building', status: 'done' },
      ],
      ',',
      ['Projects export'],
    );
    const r = await upload('bad.csv', Buffer.from(csv));
    expect(r.statusCode).toBe(422);
    const rows = r.json().rows as { row: number; column: string; message: string }[];
    const at = (row: number, column: string) => rows.find((e) => e.row === row && e.column === column)?.message;
    expect(at(3, 'budget_amount')).toMatch(/"1,000" is not a number: expected digits with "\." for decimals.*language=/);
    expect(at(4, 'planned_start')).toMatch(/"12\/31\/2024" is not a date: expected a date written YYYY-MM-DD or DD\.MM\.YYYY/);
    expect(at(5, 'planned_start')).toMatch(/calendar date/);
    expect(at(5, 'type')).toMatch(/allowed: .*construction/);
    expect(at(5, 'status')).toBe('must be one of: identification, preparation, implementation, completion, cancelled');
    expect(r.json().errors.map((e: { field: string }) => e.field)).toContain('rows/3/budget_amount');
    const sc = await upload('sc.csv', Buffer.from(table([{ code: 'TAB-BAD-4', budget_amount: '1.000' }], ';')));
    expect(sc.json().rows[0]).toMatchObject({ row: 2, column: 'budget_amount', message: expect.stringMatching(/1 234,56/) });
    expect(Number((await sql<{ n: string }>`select count(*) as n from project where code like 'TAB-BAD-%'`.execute(env.database.db)).rows[0].n)).toBe(0);
  });

  it('chooses the data sheet of a workbook with an instructions sheet, skips title rows, and names rows as the sheet numbers them', async () => {
    const wb = new ExcelJS.Workbook();
    const help = wb.addWorksheet('Instructions');
    help.addRow(['How to fill in this workbook']);
    help.addRow(['code', 'a unique code']);
    const ws = wb.addWorksheet('Layihələr');
    ws.getRow(1).getCell(1).value = 'Layihələrin reyestri';
    const values = (o: Record<string, string | number | Date>) => COLS.map((c) => o[c] ?? base({})[c] ?? '');
    ws.getRow(3).values = COLS;
    ws.getRow(4).values = values({ code: 'TAB-XL-1', budget_amount: 750000, planned_start: new Date('2025-02-01T00:00:00Z'), planned_end: 46022 });
    ws.getRow(5).values = values({ code: 'TAB-XL-2', budget_amount: '1 234,5' });
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const refused = await upload('book.xlsx', data);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().rows).toEqual([{ row: 5, column: 'budget_amount', message: expect.stringMatching(/declare the file's language/) }]);
    const ok = await upload('book.xlsx', data, '?language=az');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().file).toMatchObject({ sheet: 'Layihələr', headerRow: 3 });
    expect(await project('TAB-XL-1')).toMatchObject({ budget_amount: 750000, planned_start: '2025-02-01', planned_end: '2025-12-31' });
    expect((await project('TAB-XL-2')).budget_amount).toBe(1234.5);
  });

  it('refuses a project outside the programme territory and flags one that leaves it', async () => {
    const line = JSON.stringify({
      type: 'LineString',
      coordinates: [
        [50.5, 40],
        [51.5, 40],
      ],
    });
    const r = await upload(
      't.csv',
      Buffer.from(
        table(
          [
            { code: 'TAB-OUT-1', longitude: '10', latitude: '50' },
            { code: 'TAB-EDGE-1', longitude: '', latitude: '', location_geojson: line },
          ],
          ',',
        ),
      ),
      '?validOnly=true',
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().errors).toEqual([{ row: 2, column: 'longitude', message: expect.stringMatching(/outside the programme territory/) }]);
    expect(r.json().rows).toEqual([
      { row: 2, code: 'TAB-OUT-1', action: 'refuse' },
      { row: 3, code: 'TAB-EDGE-1', action: 'create', flags: ['the location extends outside the programme territory'] },
    ]);
  });
});

describe('dry runs of table imports', () => {
  it('reports per row what would be created, updated or refused, and writes nothing until confirmed', async () => {
    const csv = Buffer.from(table([{ code: 'TAB-DRY-1' }, { code: 'TAB-RU-1', title_en: 'Renamed road', budget_amount: '5000' }, { code: 'TAB-DRY-2', sector: 'roads' }], ';'));
    const audits = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_event`.execute(env.database.db)).rows[0].n);
    const before = await audits();
    const dry = await upload('dry.csv', csv, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, wouldImport: false, imported: 0, created: 0, updated: 0, skipped: 1 });
    expect(dry.json().rows).toEqual([
      { row: 2, code: 'TAB-DRY-1', action: 'create' },
      { row: 3, code: 'TAB-RU-1', action: 'update' },
      { row: 4, code: 'TAB-DRY-2', action: 'refuse' },
    ]);
    expect(dry.json().errors[0]).toMatchObject({ row: 4, column: 'sector' });
    const partial = await upload('dry.csv', csv, '?dryRun=true&validOnly=true');
    expect(partial.json()).toMatchObject({ wouldImport: true, created: 1, updated: 1 });
    expect(await project('TAB-DRY-1')).toBeUndefined();
    expect((await project('TAB-RU-1')).title.en).toBe('Road');
    expect(await audits()).toBe(before);
    const done = await upload('dry.csv', csv, '?validOnly=true');
    expect(done.json()).toMatchObject({ dryRun: false, imported: 2, created: 1, updated: 1 });
    expect((await project('TAB-RU-1')).title.en).toBe('Renamed road');
  });
});
