import { defuseCell, restoreCell } from '../../lib/cell-safety.ts';
import { LANGS } from '../../lib/schemas.ts';
import { type NumberStyle, parseDay, parseNumber } from './locale.ts';
import type { Unresolved } from './oc4ids.ts';
import type { ProjectView } from './present.ts';
import type { ProjectInputT } from './schema.ts';

/**
 * The spreadsheet layout of projects (CSV and .xlsx), both ways. Pure.
 * Lists inside a cell are separated by ";":
 * - sector: `transport;transport.road`
 * - funding: `sourceType country amount currency [organisation]`, e.g.
 *   `government AZ 120000000 AZN; partner_country KR 30000000 USD KR-BRN-1208100001` (country "-" when none)
 * - outputs: `metric unit planned [achieved]`, e.g. `homes units 500 120; roadKm km 12.5`
 * - location: longitude + latitude for a point, or `location_geojson` for a line or polygon
 * - district: the area code; public_authority: organisation `scheme-id`, e.g. AZ-VOEN-1700000001
 */
export const REQUIRED_COLUMNS = ['code', ...LANGS.map((l) => `title_${l}`), 'sector', 'type', 'status', 'budget_amount', 'budget_currency', 'longitude', 'latitude'] as const;
export const OPTIONAL_COLUMNS = [
  ...LANGS.map((l) => `description_${l}`),
  ...LANGS.map((l) => `purpose_${l}`),
  'district',
  'location_geojson',
  'site_geojson',
  'public_authority',
  'planned_start',
  'planned_end',
  'actual_start',
  'actual_end',
  'funding',
  'outputs',
  'related_ocids',
] as const;
export const ALL_COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

export interface RowError {
  row: number;
  column: string;
  message: string;
  /** JSON pointer into the document (OC4IDS imports). */
  pointer?: string;
}

export type Cell = string | number | Date | null | undefined;

/** Header problems: missing required columns, unknown or repeated ones. */
export function checkHeader(header: string[], row = 1): RowError[] {
  const errs: RowError[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (seen.has(h)) errs.push({ row, column: h, message: `column ${i + 1} repeats "${h}"` });
    seen.add(h);
    if (h && !(ALL_COLUMNS as readonly string[]).includes(h)) errs.push({ row, column: h, message: `unknown column "${h}" (expected one of: ${ALL_COLUMNS.join(', ')})` });
  });
  for (const c of REQUIRED_COLUMNS) if (!seen.has(c)) errs.push({ row, column: c, message: 'required column is missing' });
  return errs;
}

const PLAIN: NumberStyle = { decimal: null, declared: false };
const DATE_COLUMNS = new Set(['planned_start', 'planned_end', 'actual_start', 'actual_end']);

// restoreCell undoes the export's formula defusing (lib/cell-safety.ts), so exports re-import unchanged.
const str = (c: Cell) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : restoreCell(String(c).trim()));

/** Turn one data row into an unresolved project; cell-level errors go to `errs`. */
export function parseRow(header: string[], cells: Cell[], row: number, errs: RowError[], style: NumberStyle = PLAIN): Unresolved {
  const raw = (name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : cells[i];
  };
  const bad = (column: string, message: string) => errs.push({ row, column, message });
  const day = (name: string): string => {
    const c = raw(name);
    if (c === null || c === undefined || (typeof c === 'string' && c.trim() === '')) return '';
    const r = parseDay(c);
    if ('value' in r) return r.value;
    bad(name, `"${str(c)}" is not a date: expected ${r.expected}`);
    return '';
  };
  const get = (name: string) => (DATE_COLUMNS.has(name) ? day(name) : str(raw(name)));
  /** A number from a cell (spreadsheet numbers as they are) or from text, read in the file's style. */
  const num = (column: string, text: string | number | undefined): number | undefined => {
    if (typeof text === 'number') return text;
    if (text === undefined || text === '') return undefined;
    const r = parseNumber(text, style);
    if ('value' in r) return r.value;
    bad(column, `"${text}" is not a number: expected ${r.expected}`);
    return undefined;
  };
  const numCell = (name: string) => {
    const c = raw(name);
    return typeof c === 'number' ? c : get(name);
  };
  const json = (column: string) => {
    const t = get(column);
    if (!t) return undefined;
    try {
      return JSON.parse(t) as ProjectInputT['location'];
    } catch {
      bad(column, 'not valid GeoJSON');
      return undefined;
    }
  };
  const texts = (field: string) => {
    const t: Record<string, string> = {};
    for (const l of LANGS) if (get(`${field}_${l}`)) t[l] = get(`${field}_${l}`);
    return Object.keys(t).length ? t : undefined;
  };
  const list = (t: string) =>
    t
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
  let location = json('location_geojson');
  if (!location) {
    // Degrees are never grouped in thousands: a point is always their decimal mark.
    const deg = (name: string) => {
      const c = numCell(name);
      return typeof c === 'string' && /^-?\d+\.\d+$/.test(c) ? Number(c) : num(name, c);
    };
    const before = errs.length;
    const lon = deg('longitude');
    const lat = deg('latitude');
    if ((lon === undefined || lat === undefined) && errs.length === before)
      bad(get('longitude') ? 'latitude' : 'longitude', 'a location is required: longitude and latitude, or location_geojson');
    else location = { type: 'Point', coordinates: [lon, lat] };
  }
  const fundingOrgKeys: (string | undefined)[] = [];
  const funding = list(get('funding')).map((entry) => {
    const [sourceType, country, amount, currency, org] = entry.split(/\s+/);
    if (!currency) bad('funding', `"${entry}" should be: sourceType country amount currency [organisation]`);
    fundingOrgKeys.push(org);
    return { sourceType, ...(country && country !== '-' ? { country } : {}), amount: num('funding', amount ?? '') ?? NaN, currency: currency ?? '' } as NonNullable<
      ProjectInputT['funding']
    >[number];
  });
  const outputs = list(get('outputs')).map((entry) => {
    const [metric, unit, planned, achieved] = entry.split(/\s+/);
    if (!planned) bad('outputs', `"${entry}" should be: metric unit planned [achieved]`);
    const a = achieved && achieved !== '-' ? num('outputs', achieved) : undefined;
    return { metric, unit: unit ?? '', planned: num('outputs', planned ?? '') ?? NaN, ...(a !== undefined ? { achieved: a } : {}) };
  });
  const period = (a: string, b: string) => {
    const [start, end] = [get(a), get(b)];
    return start || end ? { ...(start ? { startDate: start } : {}), ...(end ? { endDate: end } : {}) } : undefined;
  };
  const amount = num('budget_amount', numCell('budget_amount'));
  const input: Partial<ProjectInputT> = {
    code: get('code'),
    title: texts('title'),
    description: texts('description'),
    purpose: texts('purpose'),
    sector: list(get('sector').replace(/,/g, ';')),
    type: get('type'),
    status: (get('status') || undefined) as ProjectInputT['status'],
    location,
    site: json('site_geojson'),
    budget: amount === undefined ? undefined : { amount, currency: get('budget_currency') },
    funding,
    plannedPeriod: period('planned_start', 'planned_end'),
    actualPeriod: period('actual_start', 'actual_end'),
    outputs,
    relatedOcids: list(get('related_ocids')),
  };
  return { input: JSON.parse(JSON.stringify(input)), districtCode: get('district') || undefined, authorityKey: get('public_authority') || undefined, fundingOrgKeys };
}

/** Which column a field error of the input shape belongs to. */
export function columnOf(field: string): string {
  const p = field.split('/').filter(Boolean);
  const [a, b] = p;
  if ((a === 'title' || a === 'description' || a === 'purpose') && b) return `${a}_${b}`;
  if (a === 'budget') return b === 'currency' ? 'budget_currency' : 'budget_amount';
  if (a === 'location') return 'longitude';
  if (a === 'site') return 'site_geojson';
  if (a === 'plannedPeriod') return b === 'endDate' ? 'planned_end' : 'planned_start';
  if (a === 'actualPeriod') return b === 'endDate' ? 'actual_end' : 'actual_start';
  if (a === 'districtId') return 'district';
  if (a === 'publicAuthorityId') return 'public_authority';
  if (a === 'relatedOcids') return 'related_ocids';
  if (a === 'title') return 'title_en';
  return a ?? 'row';
}

/** A project as a spreadsheet row (the same layout the importer reads). */
export function toRow(v: ProjectView, refs: { areaCode?: string; orgKey: (id: string | null) => string | undefined }): Record<string, string> {
  const r: Record<string, string> = {};
  for (const l of LANGS) {
    r[`title_${l}`] = v.title[l] ?? '';
    r[`description_${l}`] = v.description[l] ?? '';
    r[`purpose_${l}`] = v.purpose[l] ?? '';
  }
  const point = (v.location as { type: string; coordinates: number[] }).type === 'Point' ? (v.location as { coordinates: number[] }).coordinates : null;
  return {
    ...r,
    code: v.code,
    sector: v.sector.join(';'),
    type: v.type,
    status: v.status,
    budget_amount: String(v.budget.amount),
    budget_currency: v.budget.currency,
    longitude: point ? String(point[0]) : '',
    latitude: point ? String(point[1]) : '',
    location_geojson: point ? '' : JSON.stringify(v.location),
    site_geojson: v.site ? JSON.stringify(v.site) : '',
    district: refs.areaCode ?? '',
    public_authority: refs.orgKey(v.publicAuthorityId) ?? '',
    planned_start: v.plannedPeriod.startDate ?? '',
    planned_end: v.plannedPeriod.endDate ?? '',
    actual_start: v.actualPeriod.startDate ?? '',
    actual_end: v.actualPeriod.endDate ?? '',
    funding: v.funding.map((f) => [f.sourceType, f.country ?? '-', f.amount, f.currency, refs.orgKey(f.organisationId) ?? ''].join(' ').trim()).join('; '),
    outputs: v.outputs.map((o) => [o.metric, o.unit, o.planned, o.achieved ?? ''].join(' ').trim()).join('; '),
    related_ocids: v.relatedOcids.join(';'),
  };
}

/** RFC 4180 CSV, every field quoted when it needs to be and defused against formula injection. */
export function toCsv(rows: Record<string, string>[]): string {
  const q = (raw: string) => {
    const s = defuseCell(raw);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [ALL_COLUMNS.join(','), ...rows.map((r) => ALL_COLUMNS.map((c) => q(r[c] ?? '')).join(','))].join('\r\n') + '\r\n';
}

/** The same rows as an .xlsx sheet: every cell a string cell (never a formula), defused like the CSV. */
export async function toXlsx(rows: Record<string, string>[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('projects');
  ws.addRow([...ALL_COLUMNS]);
  for (const r of rows) ws.addRow(ALL_COLUMNS.map((c) => defuseCell(r[c] ?? '')));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
