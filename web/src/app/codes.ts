import { humanize } from '../features/home/charts.tsx';
import { type Lang, MESSAGES, type MessageKey } from '../i18n/index.ts';

export type CodePrefix =
  | 'sector'
  | 'status'
  | 'land'
  | 'role'
  | 'tenderStatus'
  | 'funding'
  | 'projectType'
  | 'metric'
  | 'unit'
  | 'method'
  | 'opening'
  | 'extStatus'
  | 'orgRole'
  | 'perm'
  | 'engagementKind';

/**
 * Codes that reached the page without a label, as `prefix.code`. The browser
 * test reads this list (window.__berpaMissingCodes) and fails on any entry.
 */
export const missingCodes: string[] = [];
if (typeof window !== 'undefined') (window as unknown as { __berpaMissingCodes: string[] }).__berpaMissingCodes = missingCodes;

/** A codelist value in the chosen language: `sector.transport.road`, else its top level, else a readable form of the code (recorded as missing). */
export function codeLabel(lang: Lang, prefix: CodePrefix, code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  const m = MESSAGES[lang][key];
  if (m) return m;
  const top = `${prefix}.${code.split('.')[0]}` as MessageKey;
  if (MESSAGES[lang][top]) return MESSAGES[lang][top];
  if (!missingCodes.includes(key)) missingCodes.push(key);
  return humanize(code);
}

/** An output such as homes/units or roadKm/km: the metric's label, else the humanised metric with its unit's label. */
export function outputLabel(lang: Lang, metric: string, unit: string): string {
  const m = MESSAGES[lang][`metric.${metric}` as MessageKey];
  if (m) return m;
  return `${codeLabel(lang, 'metric', metric)} (${codeLabel(lang, 'unit', unit)})`;
}

/** Sectors as chips: a top-level sector is left out when one of its sub-sectors is listed ("Energy · Solar power", not "Energy Energy"). */
export function sectorChips(sectors: readonly string[]): string[] {
  const unique = [...new Set(sectors)];
  return unique.filter((s) => s.includes('.') || !unique.some((o) => o.startsWith(`${s}.`)));
}

/** Colours for sectors (top level) and statuses, shared by the map, its legend and the charts. */
export const SECTOR_COLOURS: Record<string, string> = {
  transport: '#1f5fa8',
  socialHousing: '#d35400',
  education: '#8e44ad',
  health: '#c0392b',
  energy: '#d4ac0d',
  waterAndWaste: '#17a2b8',
  communications: '#5d6d7e',
  governance: '#2c3e50',
  economy: '#27ae60',
  cultureSportsAndRecreation: '#e84393',
  naturalResources: '#117a65',
};
/** The top-level OC4IDS sectors the portal names (filters list them in this order). */
export const TOP_SECTORS = Object.keys(SECTOR_COLOURS);
export const STATUS_COLOURS: Record<string, string> = {
  identification: '#95a5a6',
  preparation: '#f39c12',
  implementation: '#2980b9',
  completion: '#27ae60',
  cancelled: '#7f8c8d',
};
export const OTHER_COLOUR = '#6c7a89';
