import type { FastifyRequest } from 'fastify';
import type { App } from '../../http/types.ts';
import { AppError, Errors, type FieldError, validationError } from '../../lib/errors.ts';
import { Page } from '../../lib/pagination.ts';
import { FeatureCollection, IdParams, Problem } from '../../lib/schemas.ts';
import * as corrections from './edit.service.ts';
import { IMPORT_FORMATS, type ImportFormat } from './formats.ts';
import { readAnyGeometry } from './geojson.ts';
import {
  AreaList,
  AreasGeoQuery,
  AreasQuery,
  Clearance,
  ClearanceQuery,
  HazardCorrection,
  HazardDetail,
  HazardListQuery,
  HazardSummary,
  HazardsGeoQuery,
  ImportParams,
  ImportPreview,
  ImportQuery,
  ImportResult,
  ReleaseCorrection,
  ReleaseDetail,
  ReleasesGeoQuery,
  Series,
  SeriesQuery,
  Summary,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['land'];
const GEOJSON = 'application/geo+json; charset=utf-8';
const geoResponse = (layer: string) => ({
  200: { description: 'RFC 7946 FeatureCollection', content: { 'application/geo+json': { schema: FeatureCollection(layer) } } },
  400: Problem,
});

/** PostGIS builds these layers as JSON text of the declared FeatureCollection; sent as is, never re-serialised. */
const jsonText = (doc: string) => doc as never;

/** multipart/form-data: `file`, optional `format`, `repair` (true|false) and `crs` (for files that do not declare one). */
async function readImportForm(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(Errors.unsupportedMediaType, 'send multipart/form-data with the file in the field "file"');
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; filename: string } | undefined;
  for await (const part of req.parts({ limits: { fileSize: req.ctx.config.uploadMaxBytes, files: 1, fields: 5 } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new AppError(Errors.payloadTooLarge, `files are limited to ${req.ctx.config.uploadMaxBytes} bytes`);
      file = { bytes, filename: part.filename ?? '' };
    } else fields[part.fieldname] = String(part.value);
  }
  const errors: FieldError[] = Object.keys(fields)
    .filter((k) => !['format', 'repair', 'crs'].includes(k))
    .map((k) => ({ field: `/body/${k}`, message: 'unknown field' }));
  if (fields.crs !== undefined && !/^[\w.:/-]{1,120}$/.test(fields.crs)) errors.push({ field: '/body/crs', message: 'must be an EPSG code such as EPSG:32638' });
  if (fields.format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(fields.format))
    errors.push({ field: '/body/format', message: `must be one of ${IMPORT_FORMATS.join(', ')}`, code: 'enum', params: { allowed: [...IMPORT_FORMATS] } });
  if (fields.repair !== undefined && !['true', 'false'].includes(fields.repair)) errors.push({ field: '/body/repair', message: 'must be true or false' });
  if (!file) errors.push({ field: '/body/file', message: 'is required', code: 'required' });
  // The name is kept with the import; PostgreSQL cannot store U+0000.
  else if (file.filename.includes('\u0000')) errors.push({ field: '/body/file', message: 'the file name contains a NUL character' });
  if (errors.length) throw validationError(errors);
  return { file: { ...file!, format: fields.format as ImportFormat | undefined }, repair: fields.repair === 'true', crs: fields.crs };
}

export default async function landRoutes(app: App) {
  app.get(
    '/api/v1/areas',
    { schema: { tags, summary: 'Programme areas (country, districts, settlements) with computed km²', querystring: AreasQuery, response: { 200: AreaList } } },
    async (req) => service.listAreas(req.ctx, req.query),
  );
  app.get(
    '/api/v1/areas/geojson',
    { schema: { tags, summary: 'Areas as GeoJSON (RFC 7946); carries the boundary attribution the map must show', querystring: AreasGeoQuery, response: geoResponse('areas') } },
    async (req, reply) => reply.type(GEOJSON).send(jsonText(await service.areasGeoJson(req.ctx, req.query))),
  );
  app.get(
    '/api/v1/land/hazard-areas/geojson',
    {
      schema: {
        tags,
        summary: 'Hazardous areas as GeoJSON: outlines and status public; notes only for mine-action roles',
        querystring: HazardsGeoQuery,
        response: geoResponse('hazard-areas'),
      },
    },
    async (req, reply) => reply.type(GEOJSON).send(jsonText(await service.hazardsGeoJson(req.ctx, req.query))),
  );
  app.get(
    '/api/v1/land/releases/geojson',
    {
      schema: {
        tags,
        summary: 'Land-release activities as GeoJSON; devices and notes only for mine-action roles',
        querystring: ReleasesGeoQuery,
        response: geoResponse('land-releases'),
      },
    },
    async (req, reply) => reply.type(GEOJSON).send(jsonText(await service.releasesGeoJson(req.ctx, req.query))),
  );
  app.get(
    '/api/v1/land/hazard-areas',
    { schema: { tags, summary: 'List hazardous areas', querystring: HazardListQuery, response: { 200: Page(HazardSummary), 400: Problem } } },
    async (req) => service.listHazards(req.ctx, req.query),
  );
  app.get(
    '/api/v1/land/hazard-areas/:id',
    { schema: { tags, summary: 'One hazardous area with the releases over it', params: IdParams, response: { 200: HazardDetail, 404: Problem } } },
    async (req) => service.getHazard(req.ctx, req.params.id),
  );
  app.get('/api/v1/land/releases/:id', { schema: { tags, summary: 'One land-release activity', params: IdParams, response: { 200: ReleaseDetail, 404: Problem } } }, async (req) =>
    service.getRelease(req.ctx, req.params.id),
  );
  app.patch(
    '/api/v1/land/hazard-areas/:id',
    {
      schema: {
        tags,
        summary: 'Correct one hazardous area (attributes, outline) with a reason; audited, status recomputed',
        params: IdParams,
        body: HazardCorrection,
        response: { 200: HazardDetail, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => corrections.correctHazard(req.ctx, req.params.id, req.body),
  );
  app.patch(
    '/api/v1/land/releases/:id',
    {
      schema: {
        tags,
        summary: 'Correct one land-release activity with a reason; audited, the status of the hazards it touches recomputed',
        params: IdParams,
        body: ReleaseCorrection,
        response: { 200: ReleaseDetail, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => corrections.correctRelease(req.ctx, req.params.id, req.body),
  );
  app.get(
    '/api/v1/land/summary',
    { schema: { tags, summary: 'Land figures for the programme and each district (km², geodesic, overlaps counted once)', response: { 200: Summary } } },
    async (req) => service.summary(req.ctx),
  );
  app.get(
    '/api/v1/land/series',
    { schema: { tags, summary: 'Land figures month by month (programme, or one district)', querystring: SeriesQuery, response: { 200: Series, 400: Problem } } },
    async (req) => service.series(req.ctx, req.query),
  );
  app.get(
    '/api/v1/land/clearance',
    { schema: { tags, summary: 'Safety gate: is a site clear of unreleased hazardous areas?', querystring: ClearanceQuery, response: { 200: Clearance, 400: Problem } } },
    async (req) => {
      const g = readAnyGeometry(req.query.geometry);
      if (g.error) throw validationError([{ field: '/querystring/geometry', message: g.error }]);
      return service.checkSiteClearance(req.ctx.db, g.geometry as { type: string });
    },
  );
  app.post(
    '/api/v1/land/imports/:kind',
    {
      schema: {
        tags,
        summary:
          'Import areas, hazardous areas or releases (multipart: file = .geojson, .kml, .kmz, zipped Shapefile or .gpkg; format?; repair?; crs?). All or nothing; ?dryRun=true answers with the preview and writes nothing.',
        consumes: ['multipart/form-data'],
        params: ImportParams,
        querystring: ImportQuery,
        response: { 200: ImportPreview, 201: ImportResult, 400: Problem, 413: Problem, 415: Problem },
      },
    },
    async (req, reply) => {
      service.assertMayImport(req.ctx, req.params.kind);
      const form = await readImportForm(req);
      const dryRun = req.query.dryRun === true;
      const r = await service.importFile(req.ctx, req.params.kind, form.file, { repair: form.repair, crs: form.crs, dryRun });
      return reply.status(dryRun ? 200 : 201).send(r);
    },
  );
}
