import type { LandImportResult } from '../../api/types.ts';
import { ApiError } from '../../app/api.ts';
import { fieldOfImportError, isPreview, type LandKind, oneFeatureFile, sendImport } from './importApi.ts';

/**
 * Write one record through the import (all or nothing, one audit event per
 * import). A refusal is rethrown with its errors at the form's fields, so
 * useForm shows each where it belongs.
 */
export async function submitOne(kind: LandKind, properties: Record<string, unknown>, geometry: unknown): Promise<LandImportResult> {
  try {
    const r = await sendImport(kind, oneFeatureFile(properties, geometry), `${kind}.geojson`, false);
    if (isPreview(r)) throw new Error('unexpected dry run');
    return r;
  } catch (e) {
    if (e instanceof ApiError) {
      const errors = e.errors.map((x) => ({ field: fieldOfImportError(x.field) ?? x.field, message: x.message }));
      throw new ApiError(e.status, e.code, e.message, errors);
    }
    throw e;
  }
}
