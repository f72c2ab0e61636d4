import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { AppError, Errors } from '../../lib/errors.ts';
import { IdParams, Problem, StrictObject } from '../../lib/schemas.ts';
import * as exporter from './export.ts';
import { importProjects } from './import.ts';
import * as search from './search.ts';
import * as service from './service.ts';
import { DocumentLinkInput, ExportQuery, GeoQuery, ImportProblem, ImportQuery, ImportResult, Project, ProjectInput, ProjectPatch, SearchQuery, SearchResult, StatusChangeInput } from './schema.ts';

const tags = ['projects'];
const Json = Type.Object({}, { additionalProperties: true });

export default async function projectRoutes(app: App) {
  app.get('/api/v1/projects', { schema: { tags, summary: 'Search projects (public): text in az/en/ko/ru, filters, facets, cursor paging', querystring: SearchQuery, response: { 200: SearchResult, 400: Problem } } }, async (req) =>
    search.search(req.ctx, req.query),
  );

  app.post('/api/v1/projects', { schema: { tags, summary: 'Record a project (operators)', body: ProjectInput, response: { 201: Project, 400: Problem, 409: Problem } } }, async (req, reply) =>
    reply.status(201).send(await service.create(req.ctx, req.body)),
  );

  app.get('/api/v1/projects/export', { schema: { tags, summary: 'The whole registry as CSV, .xlsx, GeoJSON or an OC4IDS package (public); spreadsheet cells are defused against formula injection', querystring: ExportQuery } }, async (req, reply) => {
    const f = req.query.format;
    if (f === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="projects.csv"').send(await exporter.exportCsv(req.ctx));
    if (f === 'xlsx') return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="projects.xlsx"').send(await exporter.exportXlsx(req.ctx));
    if (f === 'geojson') return reply.type('application/geo+json').send(await exporter.exportGeoJson(req.ctx));
    return reply.type('application/json').send(await exporter.exportOc4ids(req.ctx));
  });

  app.post(
    '/api/v1/projects/import',
    { schema: { tags, summary: 'Import projects from CSV, .xlsx or an OC4IDS package (multipart field "file"); all or nothing unless validOnly=true', querystring: ImportQuery, consumes: ['multipart/form-data'], response: { 200: ImportResult, 400: ImportProblem, 422: ImportProblem } } },
    async (req) => {
      if (!req.isMultipart()) throw new AppError(Errors.unsupportedMediaType, 'send multipart/form-data with the file in the field "file"');
      const part = await req.file({ limits: { fileSize: req.ctx.config.uploadMaxBytes, files: 1 } });
      if (!part || part.fieldname !== 'file') throw new AppError(Errors.validation, 'the file goes in the field "file"', { errors: [{ field: '/body/file', message: 'is required' }] });
      const data = await part.toBuffer();
      if (part.file.truncated) throw new AppError(Errors.payloadTooLarge, `files are limited to ${req.ctx.config.uploadMaxBytes} bytes`);
      return importProjects(req.ctx, data, part.filename, { validOnly: req.query.validOnly });
    },
  );

  app.get('/api/v1/projects/:id', { schema: { tags, summary: 'One project (public; documents by access level)', params: IdParams, response: { 200: Project, 404: Problem } } }, async (req) =>
    service.get(req.ctx, req.params.id),
  );

  app.patch('/api/v1/projects/:id', { schema: { tags, summary: 'Edit a project (operators; not its status)', params: IdParams, body: ProjectPatch, response: { 200: Project, 400: Problem, 404: Problem } } }, async (req) =>
    service.update(req.ctx, req.params.id, req.body),
  );

  app.post('/api/v1/projects/:id/status', { schema: { tags, summary: 'Change the status (operators): identification → preparation → implementation → completion, or cancelled', params: IdParams, body: StatusChangeInput, response: { 200: Project, 404: Problem, 409: Problem } } }, async (req) =>
    service.changeStatus(req.ctx, req.params.id, req.body),
  );

  app.post('/api/v1/projects/:id/documents', { schema: { tags, summary: 'Attach an uploaded document (photos before/damaged/in progress/complete, reports) with an access level', params: IdParams, body: DocumentLinkInput, response: { 200: Project, 400: Problem, 404: Problem } } }, async (req) =>
    service.attachDocument(req.ctx, req.params.id, req.body),
  );

  app.get('/api/v1/geo/projects', { schema: { tags: ['projects', 'geo'], summary: 'Projects as GeoJSON for the map: clusters below zoom 11, features from there on', querystring: GeoQuery } }, async (req, reply) =>
    reply.type('application/geo+json').send(await search.geo(req.ctx, req.query)),
  );

  app.get(
    '/api/v1/oc4ids/projects',
    { schema: { tags: ['projects', 'open data'], summary: 'OC4IDS 0.9 project package, in code order; links.next pages on', querystring: StrictObject({ after: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }), response: { 200: Json } } },
    async (req) => exporter.oc4idsPage(req.ctx, req.query),
  );

  app.get('/api/v1/oc4ids/projects/:id', { schema: { tags: ['projects', 'open data'], summary: "One project's OC4IDS package", params: IdParams, response: { 200: Json, 404: Problem } } }, async (req) =>
    exporter.oc4idsOne(req.ctx, await service.get(req.ctx, req.params.id)),
  );
}
