import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defuseCell, restoreCell } from '../../src/lib/cell-safety.ts';
import { ALL_COLUMNS } from '../../src/modules/projects/tabular.ts';
import { makeArea } from '../../src/modules/projects/test-helpers.ts';
import { type TestEnv, testEnv } from '../helpers/app.ts';
import { ensureProgramme, makeUser, type TestUser } from '../helpers/factories.ts';

const HOSTILE = ['=HYPERLINK("http://127.0.0.1/?"&A1,"x")', '+1+2', '-2+3', '@SUM(A1:A9)', '\tlooks indented', '\r=1', "'=already quoted"];

describe('defuseCell (pure)', () => {
  it('quotes every trigger, leaves plain numbers and ordinary text', () => {
    for (const h of HOSTILE) expect(defuseCell(h)).toBe(`'${h}`);
    for (const ok of ['-12.5', '+3', '47.1', '1e-5', 'Road to Fuzuli', 'Şuşa', '', "it's", '- '.slice(1)]) expect(defuseCell(ok)).toBe(ok);
    expect(defuseCell('-')).toBe("'-");
  });
  it('restoreCell is its exact inverse', () => {
    for (const v of [...HOSTILE, '-12.5', 'x', "'", "''=x", "'plain"]) expect(restoreCell(defuseCell(v))).toBe(v);
  });
});

describe('project exports', () => {
  let env: TestEnv;
  let op: TestUser;
  beforeAll(async () => {
    env = await testEnv();
    await ensureProgramme(env.deps);
    op = await makeUser(env.deps, { roles: ['operator'] });
    await makeArea(env.deps, 'I-FUZ', [46.9, 39.4, 47.4, 39.8]);
    for (const [i, title] of HOSTILE.entries()) {
      const r = await env.app.inject({
        method: 'POST',
        url: '/api/v1/projects',
        headers: { authorization: op.auth },
        payload: {
          code: `INJ-${i}`,
          title: { en: title, az: title, ko: title, ru: title },
          sector: ['transport'],
          type: 'construction',
          status: 'preparation',
          budget: { amount: 1000, currency: 'AZN' },
          location: { type: 'Point', coordinates: [47.1, 39.6] },
        },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(() => env?.close());

  it('CSV: every hostile title is quoted, and the file imports back unchanged', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=csv' });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(HOSTILE.length);
    for (const r of rows) {
      for (const c of ALL_COLUMNS) expect(r[c], `${r.code} ${c}`).not.toMatch(/^[=+@\t\r]|^-(?![\d.]+$)/);
      const i = Number(r.code.split('-')[1]);
      expect(r.title_en).toBe(`'${HOSTILE[i]}`);
    }
    const boundary = '----berpasec';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      res.rawPayload,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const imp = await env.app.inject({
      method: 'POST',
      url: '/api/v1/projects/import',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: op.auth },
    });
    expect(imp.statusCode, imp.body).toBe(200);
    const list = await env.deps.db.selectFrom('project').select(['code', 'title']).where('code', 'like', 'INJ-%').execute();
    for (const p of list) expect((p.title as Record<string, string>).en).toBe(HOSTILE[Number(p.code.split('-')[1])]);
  });

  it('.xlsx: string cells only, no formula, every hostile title quoted', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/v1/projects/export?format=xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const titleCol = header.indexOf('title_en') + 1;
    expect(ws.rowCount).toBe(HOSTILE.length + 1);
    for (let r = 2; r <= ws.rowCount; r++) {
      ws.getRow(r).eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(typeof cell.value === 'string' || cell.value === null).toBe(true);
      });
      const v = String(ws.getRow(r).getCell(titleCol).value);
      expect(v.startsWith("'")).toBe(true);
      // XML itself turns a stored CR into LF on reading; the quote in front is what matters.
      expect(HOSTILE.map((h) => h.replace(/\r/g, '\n'))).toContain(v.slice(1));
    }
  });
});
