/**
 * A project's site from a file a GIS tool made (GeoJSON, KML/KMZ, a zipped
 * Shapefile, a GeoPackage): read with the land module's readers, so one set
 * of rules (encodings, .prj reprojection, KML altitudes) serves both. Nothing
 * is written: the form shows the site and its district, and sends it with
 * the project.
 */
import type { Ctx } from '../../lib/context.ts';
import { AppError, Errors, validationError } from '../../lib/errors.ts';
import { assertCan, can } from '../auth/permissions.ts';
import { formatFromName, openUpload } from '../land/formats.ts';
import { featureLabel, type Position, toMultiPolygon } from '../land/geojson.ts';
import { districtForGeometry } from '../land/service.ts';
import { ProjectPerms } from './permissions.ts';
import { checkProject } from './validate.ts';

/** More parts than any real site has; a file with more is a layer of something else. */
const MAX_PARTS = 500;

export interface SiteFileResult {
  site: { type: 'MultiPolygon'; coordinates: Position[][][] };
  location: { type: 'Point'; coordinates: [number, number] };
  district: { id: string; code: string } | null;
  features: number;
  format: string;
  crs: string;
}

/** Errors: forbidden, unsupported_media_type (unknown extension), land_file_unreadable, land_wrong_crs, validation_failed (no polygon; a bad feature named). */
export async function readSiteFile(ctx: Ctx, bytes: Uint8Array, filename: string, crs?: string): Promise<SiteFileResult> {
  if (!can(ctx.actor, ProjectPerms.create)) assertCan(ctx.actor, ProjectPerms.edit);
  const format = formatFromName(filename);
  if (!format)
    throw new AppError(Errors.unsupportedMediaType, 'send a .geojson, .json, .kml, .kmz, .zip (Shapefile) or .gpkg file', {
      errors: [{ field: '/body/file', message: 'unknown file type' }],
    });
  const source = await openUpload(bytes, format, { filename, crs });
  const parts: Position[][][] = [];
  let features = 0;
  try {
    for (const f of source.features) {
      const label = featureLabel(features, f);
      features++;
      const g = toMultiPolygon((f as { geometry?: unknown }).geometry);
      // Points and lines (a surveyor's marks, an access road) may travel in the same file; the site is its polygons.
      if (g.error && /only Polygon and MultiPolygon/.test(g.error)) continue;
      if (g.error || !g.geometry) throw validationError([{ field: '/body/file', message: `${label} ${g.error}` }]);
      parts.push(...g.geometry.coordinates);
      if (parts.length > MAX_PARTS) throw validationError([{ field: '/body/file', message: `more than ${MAX_PARTS} polygons: this is not one site` }]);
    }
  } finally {
    source.close?.();
  }
  if (parts.length === 0) throw validationError([{ field: '/body/file', message: features ? 'has no polygon: a site is an area' : 'has no features' }]);
  const site = { type: 'MultiPolygon' as const, coordinates: parts.map((p) => p.map((ring) => ring.map((pos) => [pos[0], pos[1]]))) };
  const location = { type: 'Point' as const, coordinates: middle(site.coordinates) };
  const errs = checkProject({ site, location }, '/body/file');
  if (errs.length) throw validationError(errs.map((e) => ({ field: '/body/file', message: `${e.field.replace('/body/file/', '')}: ${e.message}` })));
  return { site, location, district: await districtForGeometry(ctx.db, site), features, format: source.format, crs: source.crs };
}

/** The middle of the site's bounding box: a marker for the map and search, not a centroid (which may fall outside a ring). */
function middle(polys: Position[][][]): [number, number] {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  for (const poly of polys)
    for (const [x, y] of poly[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return [Math.round(((x0 + x1) / 2) * 1e7) / 1e7, Math.round(((y0 + y1) / 2) * 1e7) / 1e7];
}
