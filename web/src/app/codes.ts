import { MESSAGES, type Lang, type MessageKey } from '../i18n/index.ts';
import { humanize } from '../features/home/charts.tsx';

/** A codelist value in the chosen language: `sector.transport.road`, else a readable form of the code. */
export function codeLabel(lang: Lang, prefix: 'sector' | 'status' | 'land' | 'role' | 'tenderStatus' | 'funding', code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  const m = MESSAGES[lang][key];
  if (m) return m;
  const top = `${prefix}.${code.split('.')[0]}` as MessageKey;
  return MESSAGES[lang][top] ?? humanize(code);
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
export const STATUS_COLOURS: Record<string, string> = {
  identification: '#95a5a6',
  preparation: '#f39c12',
  implementation: '#2980b9',
  completion: '#27ae60',
  cancelled: '#7f8c8d',
};
export const OTHER_COLOUR = '#6c7a89';
