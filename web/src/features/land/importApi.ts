import type { LandImportPreview, LandImportResult } from '../../api/types.ts';
import { upload } from '../../app/api.ts';

export type LandKind = 'hazards' | 'releases' | 'areas';

/** One upload to the land import: a dry run answers with the preview and writes nothing; otherwise all or nothing. */
export function sendImport(kind: LandKind, file: File | Blob, filename: string, dryRun: boolean): Promise<LandImportPreview | LandImportResult> {
  const form = new FormData();
  form.append('file', file, filename);
  return upload(`/api/v1/land/imports/${kind}${dryRun ? '?dryRun=true' : ''}`, form);
}

export const isPreview = (r: LandImportPreview | LandImportResult): r is LandImportPreview => 'dryRun' in r;

/**
 * The import names a feature's problems as `features[0] (id H-1).properties.reference`;
 * a one-feature form shows them at the field (`/reference`, `/geometry`).
 */
export function fieldOfImportError(field: string): string | null {
  const m = /\.properties\.([a-z_]+)$/.exec(field);
  if (m) return `/${m[1]}`;
  if (/\.geometry$/.test(field)) return '/geometry';
  return null;
}

/** A one-feature GeoJSON file of the form's attributes and geometry, sent through the same import as any file. */
export function oneFeatureFile(properties: Record<string, unknown>, geometry: unknown): Blob {
  return new Blob([JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] })], { type: 'application/geo+json' });
}
