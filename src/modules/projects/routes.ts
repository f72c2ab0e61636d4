import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../http/types.ts';
import { AppError, Errors } from '../../lib/errors.ts';
import { idempotencyKeyOf } from '../../lib/idempotency.ts';
import { FeatureCollection, IdParams, OpenObject, Problem, StrictObject } from '../../lib/schemas.ts';
import * as exporter from './export.service.ts';
import { importOcds } from './external-ocds.service.ts';
import { importProjects } from './import.service.ts';
import {
  DocumentLinkInput,
  ExportQuery,
  GeoQuery,
  ImportProblem,
  ImportQuery,
  ImportResult,
  OcdsImportQuery,
  OcdsImportResult,
  Project,
  ProjectInput,
  ProjectPatch,
  SearchQuery,
  SearchResult,
  SiteFileQuery,
  SiteFileResult,
  StatusChangeInput,
} from './schema.ts';
import * as search from './search.service.ts';
import * as service from './service.ts';
import { readSiteFile } from './site-file.service.ts';

const tags = ['projects'];
/** OC4IDS packages are validated against the vendored schema (standards/oc4ids) in tests; here their outline. */
const Oc4idsPackage = OpenObject('OC4IDS 0.9 project package (standards/oc4ids)', {
  version: Type.String(),
  uri: Type.Optional(Type.String()),
  publishedDate: Type.String(),
  projects: Type.Array(OpenObject('OC4IDS 0.9 project (standards/oc4ids)', { id: Type.String() })),
});
const exportResponse = {
  200: {
    description: 'CSV (format=csv), .xlsx (format=xlsx), GeoJSON (format=geojson) or an OC4IDS package (default)',
    content: {
      'text/csv': { schema: Type.String() },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      'application/geo+json': { schema: FeatureCollection('projects') },
      'application/json': { schema: Oc4idsPackage },
    },
  },
  400: Problem,
};
const geoResponse = {
  200: { description: 'Clusters (properties.cluster) or single projects', content: { 'application/geo+json': { schema: FeatureCollection('project-clusters') } } },
  400: Problem,
};

export default async function projectRoutes(app: App) {
  app.get(
    '/api/v1/projects',
    {
      schema: {
        tags,
        summary: 'Search projects (public): text in az/en/ko/ru, filters, facets, cursor paging',
        querystring: SearchQuery,
        response: { 200: SearchResult, 400: Problem },
      },
    },
    async (req) => search.search(req.ctx, req.query),
  );

  app.post(
    '/api/v1/projects',
    { schema: { tags, summary: 'Record a project (operators)', body: ProjectInput, response: { 201: Project, 400: Problem, 409: Problem, 422: Problem } } },
    async (req, reply) => reply.status(201).send(await service.create(req.ctx, req.body, idempotencyKeyOf(req.headers))),
  );

  app.get(
    '/api/v1/projects/export',
    {
      schema: {
        tags,
        summary: 'The whole registry as CSV, .xlsx, GeoJSON or an OC4IDS package (public); spreadsheet cells are defused against formula injection',
        querystring: ExportQuery,
        response: exportResponse,
      },
    },
    async (req, reply) => {
      const f = req.query.format;
      if (f === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="projects.csv"')
          .send(await exporter.exportCsv(req.ctx));
      if (f === 'xlsx')
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="projects.xlsx"')
          .send(await exporter.exportXlsx(req.ctx));
      if (f === 'geojson') return reply.type('application/geo+json').send(await exporter.exportGeoJson(req.ctx));
      return reply.type('application/json').send(await exporter.exportOc4ids(req.ctx));
    },
  );

  app.post(
    '/api/v1/projects/import',
    {
      schema: {
        tags,
        summary:
          'Import projects from CSV (comma, semicolon or tab; UTF-8, Windows-1251/-1254), .xlsx or an OC4IDS package (multipart field "file"); all or nothing unless validOnly=true; dryRun=true reports per row and writes nothing',
        querystring: ImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: ImportResult, 400: ImportProblem, 422: ImportProblem },
      },
    },
    async (req) => {
      const { data, filename } = await uploadedFile(req);
      return importProjects(req.ctx, data, filename, req.query);
    },
  );

  app.post(
    '/api/v1/projects/import/ocds',
    {
      schema: {
        tags,
        summary:
          'Follow contracting processes published elsewhere: an OCDS release or record package (multipart field "file") linked to projects, compiled with the OCDS merge rules, read-only; dryRun=true writes nothing',
        querystring: OcdsImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: OcdsImportResult, 400: Problem, 422: Problem },
      },
    },
    async (req) => {
      const { data } = await uploadedFile(req);
      return importOcds(req.ctx, data, req.query);
    },
  );

  app.post(
    '/api/v1/projects/site-file',
    {
      schema: {
        tags,
        summary:
          'Read a project\'s site from a file (multipart field "file": GeoJSON, KML/KMZ, zipped Shapefile, GeoPackage); returns the polygons as one MultiPolygon, a marker point and the district it lies in; writes nothing',
        querystring: SiteFileQuery,
        consumes: ['multipart/form-data'],
        response: { 200: SiteFileResult, 400: Problem, 403: Problem, 413: Problem, 415: Problem },
      },
    },
    async (req) => {
      const { data, filename } = await uploadedFile(req);
      return readSiteFile(req.ctx, data, filename ?? '', req.query.crs);
    },
  );

  app.get(
    '/api/v1/projects/:id',
    { schema: { tags, summary: 'One project (public; documents by access level)', params: IdParams, response: { 200: Project, 404: Problem } } },
    async (req) => service.get(req.ctx, req.params.id),
  );

  app.patch(
    '/api/v1/projects/:id',
    { schema: { tags, summary: 'Edit a project (operators; not its status)', params: IdParams, body: ProjectPatch, response: { 200: Project, 400: Problem, 404: Problem } } },
    async (req) => service.update(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/v1/projects/:id/status',
    {
      schema: {
        tags,
        summary: 'Change the status (operators): identification → preparation → implementation → completion, or cancelled',
        params: IdParams,
        body: StatusChangeInput,
        response: { 200: Project, 404: Problem, 409: Problem },
      },
    },
    async (req) => service.changeStatus(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/v1/projects/:id/documents',
    {
      schema: {
        tags,
        summary: 'Attach an uploaded document (photos before/damaged/in progress/complete, reports) with an access level',
        params: IdParams,
        body: DocumentLinkInput,
        response: { 200: Project, 400: Problem, 404: Problem },
      },
    },
    async (req) => service.attachDocument(req.ctx, req.params.id, req.body),
  );

  app.get(
    '/api/v1/geo/projects',
    {
      schema: {
        tags: ['projects', 'geo'],
        summary: 'Projects as GeoJSON for the map: clusters below zoom 11, features from there on',
        querystring: GeoQuery,
        response: geoResponse,
      },
    },
    async (req, reply) => reply.type('application/geo+json').send(await search.geo(req.ctx, req.query)),
  );

  app.get(
    '/api/v1/oc4ids/projects',
    {
      schema: {
        tags: ['projects', 'open data'],
        summary: 'OC4IDS 0.9 project package, in code order; links.next pages on',
        querystring: StrictObject({ after: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }),
        response: { 200: Oc4idsPackage },
      },
    },
    async (req) => exporter.oc4idsPage(req.ctx, req.query),
  );

  app.get(
    '/api/v1/oc4ids/projects/:id',
    { schema: { tags: ['projects', 'open data'], summary: "One project's OC4IDS package", params: IdParams, response: { 200: Oc4idsPackage, 404: Problem } } },
    async (req) => exporter.oc4idsOne(req.ctx, await service.get(req.ctx, req.params.id)),
  );
}

/** The one uploaded file of an import request (multipart field "file"), size-limited. */
async function uploadedFile(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError(Errors.unsupportedMediaType, 'send multipart/form-data with the file in the field "file"');
  const part = await req.file({ limits: { fileSize: req.ctx.config.uploadMaxBytes, files: 1 } });
  if (!part || part.fieldname !== 'file')
    throw new AppError(Errors.validation, 'the file goes in the field "file"', { errors: [{ field: '/body/file', message: 'is required', code: 'required' }] });
  const data = await part.toBuffer();
  if (part.file.truncated) throw new AppError(Errors.payloadTooLarge, `files are limited to ${req.ctx.config.uploadMaxBytes} bytes`);
  return { data, filename: part.filename };
}
