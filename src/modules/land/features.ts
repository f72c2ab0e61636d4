/**
 * Read the attributes of imported features into area, hazard and release
 * records. Pure. Shapefile column names are at most 10 characters and GIS
 * tools change case, so each attribute has short, case-insensitive aliases.
 */
import type { FieldError } from '../../lib/errors.ts';
import { LANGS } from '../../lib/languages.ts';
import type { MultiPolygonFeature, MultiPolygonGeom } from './geojson.ts';

export const HAZARD_TYPES = ['ap_mines', 'av_mines', 'cluster_munitions', 'erw'] as const;
export const RELEASE_METHODS = ['non_technical_survey', 'technical_survey', 'clearance'] as const;
export type ReleaseMethod = (typeof RELEASE_METHODS)[number];
export const DEVICE_CATEGORIES = ['ap_mine', 'av_mine', 'submunition', 'uxo', 'axo', 'ied', 'other'] as const;
export const DEVICE_CONDITIONS = ['intact', 'damaged', 'destroyed_in_situ', 'removed'] as const;

/** IMAS 07.11: what each kind of release activity does to the land. */
export const OUTCOME: Record<ReleaseMethod, 'cancelled' | 'reduced' | 'cleared'> = {
  non_technical_survey: 'cancelled',
  technical_survey: 'reduced',
  clearance: 'cleared',
};

const METHOD_ALIASES: Record<string, ReleaseMethod> = {
  non_technical_survey: 'non_technical_survey',
  nts: 'non_technical_survey',
  cancelled: 'non_technical_survey',
  cancellation: 'non_technical_survey',
  technical_survey: 'technical_survey',
  ts: 'technical_survey',
  reduced: 'technical_survey',
  reduction: 'technical_survey',
  clearance: 'clearance',
  cl: 'clearance',
  cleared: 'clearance',
};
const TYPE_ALIASES: Record<string, (typeof HAZARD_TYPES)[number]> = {
  ap_mines: 'ap_mines',
  ap: 'ap_mines',
  apm: 'ap_mines',
  av_mines: 'av_mines',
  av: 'av_mines',
  at: 'av_mines',
  avm: 'av_mines',
  cluster_munitions: 'cluster_munitions',
  cm: 'cluster_munitions',
  cluster: 'cluster_munitions',
  erw: 'erw',
  uxo: 'erw',
};

function getter(props: Record<string, unknown>) {
  const lower = new Map(Object.entries(props).map(([k, v]) => [k.toLowerCase(), v]));
  return (...names: string[]): unknown => {
    for (const n of names) {
      const v = lower.get(n.toLowerCase());
      if (v !== undefined && v !== null && v !== '') return v;
    }
    return undefined;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function readDate(v: unknown): string | undefined | null {
  if (v === undefined) return undefined;
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
  if (!DATE.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : s;
}
const text = (v: unknown, max: number) => (v === undefined ? undefined : String(v).trim().slice(0, max) || undefined);

export interface AreaRecord {
  code: string;
  level: 'country' | 'district' | 'settlement';
  parentCode?: string;
  name: Record<string, string>;
  geometry: MultiPolygonGeom;
  label: string;
}

export function readArea(f: MultiPolygonFeature, errors: FieldError[]): AreaRecord | null {
  const get = getter(f.properties);
  const code = text(get('code', 'iso', 'area_code'), 40);
  const level = String(get('level') ?? 'district').toLowerCase();
  const name: Record<string, string> = {};
  for (const lang of LANGS) {
    const v = text(get(`name_${lang}`, `name${lang}`), 200);
    if (v) name[lang] = v;
  }
  if (!name.en && typeof get('name') === 'string') name.en = text(get('name'), 200)!;
  const n = errors.length;
  if (!code || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(code)) errors.push({ field: `${f.label}.properties.code`, message: 'is required: letters, digits, . _ - (max 40)' });
  if (!['country', 'district', 'settlement', 'adm0', 'adm2'].includes(level))
    errors.push({
      field: `${f.label}.properties.level`,
      message: 'must be country, district or settlement',
      code: 'enum',
      params: { allowed: ['country', 'district', 'settlement'] },
    });
  if (Object.keys(name).length === 0) errors.push({ field: `${f.label}.properties.name_en`, message: 'a name in at least one of az, en, ko, ru is required' });
  if (errors.length > n) return null;
  const lv = level === 'adm0' ? 'country' : level === 'adm2' ? 'district' : (level as AreaRecord['level']);
  return { code: code!, level: lv, parentCode: text(get('parent_code', 'parent'), 40), name, geometry: f.geometry, label: f.label };
}

export interface HazardRecord {
  reference: string;
  name: string;
  classification: 'SHA' | 'CHA';
  hazardTypes: string[];
  recordedOn: string;
  notes?: string;
  geometry: MultiPolygonGeom;
  label: string;
}

export function readHazard(f: MultiPolygonFeature, errors: FieldError[]): HazardRecord | null {
  const get = getter(f.properties);
  const at = (p: string) => `${f.label}.properties.${p}`;
  const n = errors.length;
  const reference = text(get('reference', 'ref', 'haz_id', 'id'), 60);
  if (!reference) errors.push({ field: at('reference'), message: 'is required', code: 'required' });
  const classification = String(get('classification', 'class', 'type_ha') ?? '').toUpperCase();
  if (classification !== 'SHA' && classification !== 'CHA')
    errors.push({ field: at('classification'), message: 'must be SHA (suspected) or CHA (confirmed)', code: 'enum', params: { allowed: ['SHA', 'CHA'] } });
  const rawTypes = get('hazard_types', 'haz_types', 'hazards');
  const list = Array.isArray(rawTypes) ? rawTypes.map(String) : String(rawTypes ?? '').split(/[,;|]/);
  const types = [
    ...new Set(
      list
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean)
        .map((t) => TYPE_ALIASES[t] ?? `?${t}`),
    ),
  ];
  const badType = types.find((t) => t.startsWith('?'));
  if (types.length === 0 || badType)
    errors.push({
      field: at('hazard_types'),
      message: `${badType ? `"${badType.slice(1)}" is not a hazard type; ` : ''}use ${HAZARD_TYPES.join(', ')}`,
      code: 'enum',
      params: { allowed: [...HAZARD_TYPES] },
    });
  const recordedOn = readDate(get('recorded_on', 'recorded', 'rec_date', 'date'));
  if (!recordedOn) errors.push({ field: at('recorded_on'), message: 'is required as YYYY-MM-DD', code: 'format', params: { format: 'date' } });
  if (errors.length > n) return null;
  return {
    reference: reference!,
    name: text(get('name', 'title'), 200) ?? reference!,
    classification: classification as 'SHA' | 'CHA',
    hazardTypes: types,
    recordedOn: recordedOn!,
    notes: text(get('notes', 'note', 'description'), 4000),
    geometry: f.geometry,
    label: f.label,
  };
}

export interface DeviceRecord {
  category: string;
  model?: string;
  condition: string;
  depthCm?: number;
  position?: [number, number];
  quantity: number;
}

export interface ReleaseRecord {
  reference: string;
  method: ReleaseMethod;
  hazardReference?: string;
  startedOn?: string;
  completedOn: string;
  clearanceDepthCm?: number;
  notes?: string;
  devices: DeviceRecord[];
  geometry: MultiPolygonGeom;
  label: string;
}

function readDevices(v: unknown, at: (p: string) => string, errors: FieldError[]): DeviceRecord[] {
  if (v === undefined) return [];
  let list = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      errors.push({ field: at('devices'), message: 'is not a JSON array' });
      return [];
    }
  }
  if (!Array.isArray(list)) {
    errors.push({ field: at('devices'), message: 'must be an array' });
    return [];
  }
  return list.flatMap((d, i) => {
    const g = getter(typeof d === 'object' && d ? (d as Record<string, unknown>) : {});
    const cat = String(g('category') ?? '');
    const cond = String(g('condition') ?? '');
    const depth = g('depth_cm');
    const pos = g('position');
    const qty = g('quantity') ?? 1;
    const okPos =
      pos === undefined ||
      (Array.isArray(pos) && pos.length === 2 && pos.every((x) => typeof x === 'number' && Number.isFinite(x)) && Math.abs(pos[0]) <= 180 && Math.abs(pos[1]) <= 90);
    const okDepth = depth === undefined || (Number.isInteger(depth) && (depth as number) >= 0 && (depth as number) <= 1000);
    const okQty = Number.isInteger(qty) && (qty as number) >= 1 && (qty as number) <= 100000;
    if (!(DEVICE_CATEGORIES as readonly string[]).includes(cat))
      errors.push({ field: at(`devices[${i}].category`), message: `must be one of ${DEVICE_CATEGORIES.join(', ')}`, code: 'enum', params: { allowed: [...DEVICE_CATEGORIES] } });
    else if (!(DEVICE_CONDITIONS as readonly string[]).includes(cond))
      errors.push({ field: at(`devices[${i}].condition`), message: `must be one of ${DEVICE_CONDITIONS.join(', ')}`, code: 'enum', params: { allowed: [...DEVICE_CONDITIONS] } });
    else if (!okPos) errors.push({ field: at(`devices[${i}].position`), message: 'must be [longitude, latitude]' });
    else if (!okDepth) errors.push({ field: at(`devices[${i}].depth_cm`), message: 'must be a whole number of cm, 0–1000' });
    else if (!okQty) errors.push({ field: at(`devices[${i}].quantity`), message: 'must be a whole number, 1–100000' });
    else
      return [
        {
          category: cat,
          model: text(g('model'), 100),
          condition: cond,
          depthCm: depth as number | undefined,
          position: pos as [number, number] | undefined,
          quantity: qty as number,
        },
      ];
    return [];
  });
}

export function readRelease(f: MultiPolygonFeature, errors: FieldError[]): ReleaseRecord | null {
  const get = getter(f.properties);
  const at = (p: string) => `${f.label}.properties.${p}`;
  const n = errors.length;
  const reference = text(get('reference', 'ref', 'rel_id', 'id'), 60);
  if (!reference) errors.push({ field: at('reference'), message: 'is required', code: 'required' });
  const method =
    METHOD_ALIASES[
      String(get('method', 'activity') ?? '')
        .trim()
        .toLowerCase()
    ];
  if (!method) errors.push({ field: at('method'), message: `must be one of ${RELEASE_METHODS.join(', ')}`, code: 'enum', params: { allowed: [...RELEASE_METHODS] } });
  const completedOn = readDate(get('completed_on', 'completed', 'end_date', 'date'));
  if (!completedOn) errors.push({ field: at('completed_on'), message: 'is required as YYYY-MM-DD', code: 'format', params: { format: 'date' } });
  const startedOn = readDate(get('started_on', 'started', 'start_date'));
  if (startedOn === null) errors.push({ field: at('started_on'), message: 'must be YYYY-MM-DD', code: 'format', params: { format: 'date' } });
  else if (startedOn && completedOn && startedOn > completedOn)
    errors.push({ field: at('started_on'), message: 'is after completed_on', code: 'start_after_end', params: { other: 'completed_on' } });
  const depthRaw = get('clearance_depth_cm', 'depth_cm', 'depth');
  const depth = depthRaw === undefined ? undefined : Number(depthRaw);
  if (depth !== undefined && (!Number.isInteger(depth) || depth < 0 || depth > 1000))
    errors.push({ field: at('clearance_depth_cm'), message: 'must be a whole number of cm, 0–1000' });
  const devices = readDevices(get('devices'), at, errors);
  if (errors.length > n) return null;
  return {
    reference: reference!,
    method: method!,
    hazardReference: text(get('hazard_reference', 'hazard_ref', 'haz_ref'), 60),
    startedOn: startedOn ?? undefined,
    completedOn: completedOn!,
    clearanceDepthCm: depth,
    notes: text(get('notes', 'note'), 4000),
    devices,
    geometry: f.geometry,
    label: f.label,
  };
}
