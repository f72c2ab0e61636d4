import { Type } from '@sinclair/typebox';
import type { App } from '../../http/types.ts';
import { AppError, Errors, type FieldError } from '../../lib/errors.ts';
import { IdParams, LANGS, Problem } from '../../lib/schemas.ts';
import * as service from './service.ts';

export const Document = Type.Object({
  id: Type.String(),
  sha256: Type.String(),
  title: Type.String(),
  documentType: Type.String(),
  language: Type.Union([Type.String(), Type.Null()]),
  mediaType: Type.String(),
  sizeBytes: Type.Number(),
  accessLevel: Type.String(),
  organisationId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  url: Type.String(),
});

const FIELD_RULES: Record<string, RegExp> = {
  title: /^[\s\S]{1,300}$/,
  documentType: /^[a-zA-Z]{2,60}$/,
  language: new RegExp(`^(${LANGS.join('|')})$`),
  accessLevel: /^(public|limited|restricted)$/,
};

export default async function documentRoutes(app: App) {
  app.post(
    '/api/v1/documents',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload a document (multipart: fields title, documentType, language?, accessLevel?, then file)',
        consumes: ['multipart/form-data'],
        response: { 201: Document, 400: Problem, 413: Problem, 415: Problem },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError(Errors.unsupportedMediaType, 'send multipart/form-data');
      const fields: Record<string, string> = {};
      let file: { data: Buffer; mediaType: string } | undefined;
      for await (const part of req.parts({ limits: { fileSize: req.ctx.config.uploadMaxBytes, files: 1, fields: 10 } })) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.file.truncated) throw new AppError(Errors.payloadTooLarge, `files are limited to ${req.ctx.config.uploadMaxBytes} bytes`);
          file = { data, mediaType: part.mimetype };
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
      const errors: FieldError[] = Object.entries(FIELD_RULES)
        .filter(([k, re]) => (fields[k] !== undefined || k === 'title' || k === 'documentType') && !re.test(fields[k] ?? ''))
        .map(([k]) => (fields[k] === undefined ? { field: `/body/${k}`, message: 'is required', code: 'required' } : { field: `/body/${k}`, message: 'is invalid' }));
      // A multipart field skips the JSON body's NUL guard; PostgreSQL text cannot hold U+0000.
      errors.push(
        ...Object.keys(fields)
          .filter((k) => fields[k].includes('\u0000'))
          .map((k) => ({ field: `/body/${k}`, message: 'contains a NUL character' })),
      );
      const unknown = Object.keys(fields).filter((k) => !(k in FIELD_RULES));
      errors.push(...unknown.map((k) => ({ field: `/body/${k}`, message: 'unknown field' })));
      if (!file) errors.push({ field: '/body/file', message: 'is required', code: 'required' });
      if (errors.length) throw new AppError(Errors.validation, errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
      const doc = await service.upload(req.ctx, {
        data: file!.data,
        mediaType: file!.mediaType,
        title: fields.title,
        documentType: fields.documentType,
        language: fields.language,
        accessLevel: fields.accessLevel as 'public' | undefined,
      });
      return reply.status(201).send(doc);
    },
  );
  app.get('/api/v1/documents/:id', { schema: { tags: ['documents'], summary: 'Document metadata', params: IdParams, response: { 200: Document, 404: Problem } } }, async (req) =>
    service.get(req.ctx, req.params.id),
  );
  app.get(
    '/api/v1/documents/:id/content',
    {
      schema: {
        tags: ['documents'],
        summary: 'Document content',
        params: IdParams,
        response: {
          200: {
            description: 'The stored bytes, with their media type and x-content-sha256',
            content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
          },
          404: Problem,
        },
      },
    },
    async (req, reply) => {
      const c = await service.content(req.ctx, req.params.id);
      return reply
        .type(c.mediaType)
        .header('x-content-sha256', c.sha256)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(c.title)}"`)
        .header('x-content-type-options', 'nosniff')
        .send(c.data as never); // raw bytes (declared as binary above), not a JSON body
    },
  );
}
