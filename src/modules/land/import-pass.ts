/**
 * The state of one pass over an import file (land/import.service.ts): what
 * the caller gets back (result or dry-run preview), each feature as read and
 * checked, and the pass's running counts, keys and first errors and previews.
 */
import type { FieldError } from '../../lib/errors.ts';
import type { AreaRecord, HazardRecord, ReleaseRecord } from './features.ts';
import type { MultiPolygonGeom } from './geojson.ts';

export type ImportKind = 'areas' | 'hazards' | 'releases';
export interface ImportOptions {
  /** Repair invalid geometry with ST_MakeValid instead of refusing it. */
  repair?: boolean;
  isDemo?: boolean;
  /** Recording / operating organisation; defaults to the caller's. Only the demo seed sets it. */
  orgId?: string | null;
  /** Check everything, write nothing, and answer with the preview. */
  dryRun?: boolean;
  /** The source coordinate system, for files that do not declare one (EPSG:32638…). */
  crs?: string;
}
export interface ImportResult {
  kind: ImportKind;
  importId: string;
  imported: number;
  created: number;
  updated: number;
  ids: string[];
  sourceCrs: string;
  encoding: string | null;
}
export type FeatureAction = 'create' | 'update' | 'refuse';
export interface PreviewFeature {
  type: 'Feature';
  id: string;
  geometry: MultiPolygonGeom | null;
  properties: { label: string; action: FeatureAction; errors: FieldError[] };
}
export interface ImportPreview {
  dryRun: true;
  kind: ImportKind;
  sourceCrs: string;
  encoding: string | null;
  features: number;
  wouldCreate: number;
  wouldUpdate: number;
  refused: number;
  errors: FieldError[];
  /** RFC 7946 FeatureCollection of the first MAX_PREVIEW features, each with its action and errors. */
  preview: { type: 'FeatureCollection'; features: PreviewFeature[] };
  previewTruncated: boolean;
}

export const MAX_REPORTED = 200;
const MAX_PREVIEW = 5000;

export type AnyRecord = AreaRecord | HazardRecord | ReleaseRecord;
export interface Item {
  label: string;
  record: AnyRecord | null;
  geometry: MultiPolygonGeom | null;
  errors: FieldError[];
  action?: 'create' | 'update';
  /** The key of its parsed geometry in the import's stage (import-stage.repo.ts). */
  stageKey?: number;
}

export class Rollback extends Error {}

/** What one pass over the file found. Kept small: counts, keys, and the first errors and previews. */
export class Pass {
  errors: FieldError[] = [];
  errorCount = 0;
  onlyOutside = true;
  refused = 0;
  created = 0;
  updated = 0;
  features = 0;
  ids: string[] = [];
  keys = new Map<string, string>();
  /** Geometries checked so far: the next batch's stage keys start after them. */
  staged = 0;
  links: { code: string; parent: string | null; label: string }[] = [];
  preview: PreviewFeature[] = [];
  previewByLabel = new Map<string, PreviewFeature>();
  dead = false;

  add(e: FieldError, outside = false) {
    this.errorCount++;
    if (!outside) this.onlyOutside = false;
    if (this.errors.length < MAX_REPORTED) this.errors.push(e);
  }
  /** An error found after the feature's batch (area parents): counted and added to its preview. */
  late(label: string, e: FieldError) {
    this.add(e);
    const p = this.previewByLabel.get(label);
    if (p) {
      if (p.properties.action !== 'refuse') this.refused++;
      p.properties.action = 'refuse';
      p.properties.errors.push(e);
    } else this.refused++;
  }
  done(item: Item) {
    this.features++;
    if (item.errors.length) this.refused++;
    else if (item.action === 'create') this.created++;
    else if (item.action === 'update') this.updated++;
    if (this.preview.length < MAX_PREVIEW) {
      const f: PreviewFeature = {
        type: 'Feature',
        id: item.record ? keyOf(item.record) : item.label,
        geometry: item.geometry,
        properties: { label: item.label, action: item.errors.length ? 'refuse' : (item.action ?? 'create'), errors: item.errors },
      };
      this.preview.push(f);
      this.previewByLabel.set(item.label, f);
    }
  }
}

export const keyOf = (r: AnyRecord) => ('code' in r ? r.code : r.reference);
