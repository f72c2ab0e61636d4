import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors.ts';
import { ProjectErrors } from './errors.ts';
import { ALL_COLUMNS, type Cell } from './tabular.ts';
import { decodeText, type Encoding, EncodingError } from './text-decode.ts';

/**
 * Reading an uploaded project file into a header and rows of cells (CSV,
 * .xlsx) or into a parsed OC4IDS/OCDS document (.json). Tables are read as
 * people save them: any of the three separators, UTF-8 with or without BOM
 * or a legacy code page, an instructions sheet before the data sheet, title
 * rows above the header. Anything unreadable is a project_bad_file error
 * naming the row and column, before any row is looked at.
 */
export interface TableRow {
  /** The row number people see in their spreadsheet (1-based). */
  row: number;
  cells: Cell[];
}
export type ParsedFile =
  | { kind: 'table'; header: string[]; headerRow: number; rows: TableRow[]; separator?: string; encoding?: Encoding; sheet?: string }
  | { kind: 'oc4ids'; projects: unknown[] };

export const MAX_ROWS = 50_000;
/** How far down a sheet the header may sit below title rows. */
const HEADER_SEARCH_ROWS = 20;

export const badFile = (message: string, column = 'file', row = 1) =>
  new AppError(ProjectErrors.badFile, message, { errors: [{ field: `rows/${row}/${column}`, message }], extra: { rows: [{ row, column, message }] } });

export function formatOf(filename: string): 'csv' | 'xlsx' | 'json' {
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'xlsx' || ext === 'json') return ext;
  if (ext === 'tsv' || ext === 'txt') return 'csv';
  throw badFile(`cannot tell the format of "${filename}": use .csv (or .tsv), .xlsx or .json (OC4IDS package)`);
}

export interface ReadOptions {
  encoding?: Encoding;
}

export async function readProjectFile(bytes: Uint8Array, filename: string, opts: ReadOptions = {}): Promise<ParsedFile> {
  const format = formatOf(filename);
  if (format === 'csv') return readCsv(bytes, opts);
  if (format === 'xlsx') return readXlsx(bytes);
  const doc = readJsonDocument(bytes);
  const projects = (doc as { projects?: unknown }).projects;
  if (!Array.isArray(projects)) throw badFile('an OC4IDS project package has a "projects" list', 'projects');
  if (projects.length > MAX_ROWS) throw badFile(`more than ${MAX_ROWS} projects: split the package`);
  return { kind: 'oc4ids', projects };
}

/** Text of an upload, decoded; an encoding problem is a bad file naming the encoding. */
export function decodeUpload(bytes: Uint8Array, encoding?: Encoding) {
  try {
    return decodeText(bytes, encoding);
  } catch (e) {
    if (e instanceof EncodingError) throw badFile(e.message, 'file', Number(/^line (\d+)/.exec(e.message)?.[1] ?? 1));
    throw e;
  }
}

/** A JSON document (UTF-8, BOM allowed); its top level must be an object. */
export function readJsonDocument(bytes: Uint8Array): Record<string, unknown> {
  let doc: unknown;
  const { text } = decodeUpload(bytes, 'utf-8');
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    const line = at ? text.slice(0, Number(at)).split('\n').length : 1;
    throw badFile(`not valid JSON${at ? ` (line ${line}, character ${at})` : ''}`, 'file', line);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw badFile('the document must be a JSON object (a package)', '/');
  return doc as Record<string, unknown>;
}

const KNOWN = new Set<string>(ALL_COLUMNS);
const norm = (c: Cell) => (c === null || c === undefined ? '' : String(c).trim().toLowerCase());
const knownCount = (cells: Cell[]) => cells.filter((c) => KNOWN.has(norm(c))).length;

/** Index of the header among the first rows: the first that names at least three known columns. */
function headerIndex(rows: Cell[][]): number {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) if (knownCount(rows[i]) >= 3) return i;
  return 0;
}

/** Split a line on `sep` outside double quotes (only to choose the separator). */
function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The separator under which some early line reads as the most known column names; else the most frequent one. */
export function detectSeparator(text: string): ',' | ';' | '\t' {
  const lines = text
    .split(/\r?\n/)
    .slice(0, HEADER_SEARCH_ROWS)
    .filter((l) => l.trim());
  const seps = [',', ';', '\t'] as const;
  let best: (typeof seps)[number] = ',';
  let bestScore = -1;
  for (const s of seps) {
    const score = Math.max(0, ...lines.map((l) => knownCount(splitLine(l, s))));
    if (score > bestScore) [best, bestScore] = [s, score];
  }
  if (bestScore >= 3) return best;
  const first = lines[0] ?? '';
  return [...seps].sort((a, b) => splitLine(first, b).length - splitLine(first, a).length)[0];
}

function readCsv(bytes: Uint8Array, opts: ReadOptions): ParsedFile {
  const { text, encoding } = decodeUpload(bytes, opts.encoding);
  const separator = detectSeparator(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter: separator, skip_empty_lines: false, relax_column_count: true, bom: true, trim: false });
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw badFile(`CSV structure (separator "${separator === '\t' ? 'tab' : separator}"): ${err.message}`, 'file', err.lines ?? 1);
  }
  const numbered = records.map((cells, i) => ({ row: i + 1, cells }));
  const nonEmpty = numbered.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonEmpty.length === 0) throw badFile('the file is empty');
  const at = headerIndex(nonEmpty.map((r) => r.cells));
  const head = nonEmpty[at];
  const header = head.cells.map((h) => h.trim());
  while (header.length && header[header.length - 1] === '') header.pop();
  const rows = nonEmpty.slice(at + 1);
  if (rows.length > MAX_ROWS) throw badFile(`more than ${MAX_ROWS} rows: split the file`);
  for (const r of rows) {
    while (r.cells.length > header.length && r.cells[r.cells.length - 1].trim() === '') r.cells.pop();
    if (r.cells.length !== header.length) {
      const sepName = separator === '\t' ? 'tab' : `"${separator}"`;
      throw badFile(
        `row ${r.row} has ${r.cells.length} cells but the header (row ${head.row}) has ${header.length}, separated by ${sepName}: quote cells that contain the separator`,
        'file',
        r.row,
      );
    }
  }
  return { kind: 'table', header: header.map((h) => (KNOWN.has(h.toLowerCase()) ? h.toLowerCase() : h)), headerRow: head.row, rows, separator, encoding };
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && 'richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'error' in v) return String(v.error);
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
  if (wb.worksheets.length === 0) throw badFile('the workbook has no sheet');
  // The data sheet is the one whose header names the most known columns: an instructions sheet names few or none.
  const candidates = wb.worksheets.map((ws) => {
    const width = Math.min(ws.columnCount, 200);
    const rowCells = (r: number) => Array.from({ length: width }, (_, i) => cellValue(ws.getRow(r).getCell(i + 1).value));
    const top = Array.from({ length: Math.min(ws.rowCount, HEADER_SEARCH_ROWS) }, (_, i) => rowCells(i + 1));
    const at = headerIndex(top);
    return { ws, rowCells, at, score: top[at] ? knownCount(top[at]) : 0 };
  });
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score < 3 && wb.worksheets.length > 1) {
    throw badFile(`no sheet has a header row with the project columns (code, title_en, sector, …); sheets: ${wb.worksheets.map((w) => `"${w.name}"`).join(', ')}`);
  }
  const { ws, rowCells } = best;
  const headerRow = best.at + 1;
  // A merged header cell hides which column a value belongs to.
  const merged = (ws.model.merges ?? []).find((m) => new RegExp(`^[A-Z]+${headerRow}:[A-Z]+${headerRow}$`).test(m));
  if (merged) throw badFile(`sheet "${ws.name}": header cells ${merged} are merged: unmerge them so that each column has its own name`, merged.split(':')[0], headerRow);
  const header = rowCells(headerRow).map((c) => (norm(c) && KNOWN.has(norm(c)) ? norm(c) : c === null || c === undefined ? '' : String(c).trim()));
  if (ws.rowCount - headerRow > MAX_ROWS) throw badFile(`more than ${MAX_ROWS} rows: split the file`);
  const rows: TableRow[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) rows.push({ row: r, cells: rowCells(r) });
  // Trailing empty columns of the sheet are not columns of the table.
  while (header.length && header[header.length - 1] === '') {
    header.pop();
    rows.forEach((row) => row.cells.pop());
  }
  return { kind: 'table', header, headerRow, rows, sheet: ws.name };
}
