import fs from 'node:fs';
import path from 'node:path';
import { STANDARDS_DIR } from '../../lib/standards.ts';

/**
 * OC4IDS codelists read once from the vendored CSV files, so that a new
 * codelist release is a file copy, not a code change.
 */
function codes(name: string): Set<string> {
  const text = fs.readFileSync(path.join(STANDARDS_DIR, 'oc4ids', 'codelists', `${name}.csv`), 'utf8');
  // The first column is the code; codes never contain commas or quotes.
  return new Set(
    text
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',')[0].trim())
      .filter(Boolean),
  );
}

export const SECTORS = codes('projectSector');
export const PROJECT_TYPES = codes('projectType');
export const CURRENCIES = codes('currency');
export const DOCUMENT_TYPES = codes('documentType');

/** The statuses Berpa uses (a subset of OC4IDS projectStatus: maintenance and later are out of scope). */
export const PROJECT_STATUSES = ['identification', 'preparation', 'implementation', 'completion', 'cancelled'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const FUNDING_SOURCES = ['government', 'partner_country', 'donor', 'loan'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** Output metrics with their units; others are allowed with any unit. */
export const OUTPUT_METRICS: Record<string, string> = {
  homes: 'units',
  roadKm: 'km',
  powerMW: 'MW',
  classrooms: 'classrooms',
  hospitalBeds: 'beds',
  siteKm2: 'km2',
  waterKm: 'km',
};

export const DOCUMENT_KINDS = [
  'photoBefore',
  'photoDamaged',
  'photoInProgress',
  'photoComplete',
  'projectScope',
  'feasibilityStudy',
  'environmentalImpact',
  'landAndSettlementImpact',
  'budgetApproval',
  'completionCertificate',
  'finalAudit',
  'other',
] as const;
export const ACCESS_LEVELS = ['open', 'limited', 'restricted'] as const;
