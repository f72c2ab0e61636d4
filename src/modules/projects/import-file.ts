import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors.ts';
import { ProjectErrors } from './errors.ts';
import type { Cell } from './tabular.ts';

/**
 * Reading an uploaded project file into a header and rows of cells (CSV,
 * .xlsx) or into a parsed OC4IDS package (.json). Anything unreadable is a
 * project_bad_file error naming what is wrong, before any row is looked at.
 */
export type ParsedFile = { kind: 'table'; header: string[]; rows: Cell[][] } | { kind: 'oc4ids'; projects: Record<string, unknown>[] };

export const MAX_ROWS = 50_000;

const badFile = (message: string, column = 'file', row = 1) =>
  new AppError(ProjectErrors.badFile, message, { errors: [{ field: `rows/${row}/${column}`, message }], extra: { rows: [{ row, column, message }] } });

export function formatOf(filename: string): 'csv' | 'xlsx' | 'json' {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'xlsx' || ext === 'json') return ext;
  throw badFile(`cannot tell the format of "${filename}": use .csv, .xlsx or .json (OC4IDS package)`);
}

export async function readProjectFile(bytes: Uint8Array, filename: string): Promise<ParsedFile> {
  const format = formatOf(filename);
  if (format === 'csv') return readCsv(bytes);
  if (format === 'xlsx') return readXlsx(bytes);
  return readJson(bytes);
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw badFile('the file is not UTF-8 text (it looks like a legacy encoding such as Windows-1251 or -1254): save it as "CSV UTF-8" and try again');
  }
}

function readCsv(bytes: Uint8Array): ParsedFile {
  const text = utf8(bytes);
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: false, bom: true, trim: false });
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw badFile(`CSV structure: ${err.message}`, 'file', err.lines ?? 1);
  }
  if (records.length === 0) throw badFile('the file is empty');
  if (records.length - 1 > MAX_ROWS) throw badFile(`more than ${MAX_ROWS} rows: split the file`);
  return { kind: 'table', header: records[0].map((h) => h.trim()), rows: records.slice(1) };
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return cellValue(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

async function readXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw badFile('not a readable .xlsx workbook');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badFile('the workbook has no sheet');
  // A merged header cell hides which column a value belongs to.
  const merged = (ws.model.merges ?? []).find((m) => /^[A-Z]+1:/.test(m));
  if (merged) throw badFile(`header cells ${merged} are merged: unmerge them so that each column has its own name`, merged.split(':')[0]);
  const width = ws.columnCount;
  const rowCells = (r: number) => Array.from({ length: width }, (_, i) => cellValue(ws.getRow(r).getCell(i + 1).value));
  const header = rowCells(1).map((c) => (c === null || c === undefined ? '' : String(c).trim()));
  if (ws.rowCount - 1 > MAX_ROWS) throw badFile(`more than ${MAX_ROWS} rows: split the file`);
  const rows: Cell[][] = [];
  for (let r = 2; r <= ws.rowCount; r++) rows.push(rowCells(r));
  // Trailing empty columns of the sheet are not columns of the table.
  while (header.length && header[header.length - 1] === '') {
    header.pop();
    rows.forEach((row) => row.pop());
  }
  return { kind: 'table', header, rows };
}

function readJson(bytes: Uint8Array): ParsedFile {
  let doc: unknown;
  try {
    doc = JSON.parse(utf8(bytes));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw badFile('not valid JSON');
  }
  const projects = (doc as { projects?: unknown }).projects;
  if (!Array.isArray(projects) || projects.some((p) => typeof p !== 'object' || p === null)) throw badFile('an OC4IDS project package has a "projects" list of objects', 'projects');
  if (projects.length > MAX_ROWS) throw badFile(`more than ${MAX_ROWS} projects: split the package`);
  return { kind: 'oc4ids', projects: projects as Record<string, unknown>[] };
}
