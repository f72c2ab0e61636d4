import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Errors, type FieldError } from '../lib/errors.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turn Ajv's findings into one entry per bad field, as JSON pointers into the request. */
export function fieldErrors(part: string, issues: AjvIssue[]): FieldError[] {
  return issues.map((i) => {
    let field = `/${part}${i.instancePath}`;
    if (i.keyword === 'required') field += `/${String(i.params.missingProperty)}`;
    if (i.keyword === 'additionalProperties') field += `/${String(i.params.additionalProperty)}`;
    const message = i.keyword === 'additionalProperties' ? 'unknown field' : i.keyword === 'required' ? 'is required' : (i.message ?? 'is invalid');
    return { field, message };
  });
}

/** Map any thrown error to an AppError; anything unknown is a 500 and is logged in full. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (e.validation) {
    const errors = fieldErrors(e.validationContext ?? 'body', e.validation);
    return new AppError(Errors.validation, errors.map((x) => `${x.field} ${x.message}`).join('; '), { errors });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(Errors.malformedJson, e.message);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(Errors.payloadTooLarge, e.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(Errors.unsupportedMediaType, e.message);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError(Errors.validation, e.message);
  }
  if (e.name === 'SyntaxError' && typeof e.statusCode === 'number' && e.statusCode === 400) return new AppError(Errors.malformedJson, e.message);
  // The multipart parser's refusals of a body cut short or without a boundary are plain Errors, known by their text.
  if (
    e instanceof Error &&
    /^(Unexpected end of multipart data|(Preamble|Part) terminated early due to unexpected end of multipart data|Multipart: Boundary not found)$/.test(e.message)
  )
    return new AppError(Errors.validation, `the multipart body is malformed: ${e.message}`, { errors: [{ field: '/body', message: e.message }] });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const def = e.statusCode === 413 ? Errors.payloadTooLarge : e.statusCode === 415 ? Errors.unsupportedMediaType : Errors.validation;
    return new AppError(def, e.message);
  }
  // Database constraint violations that slipped past validation are still the client's input.
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '23505') return new AppError(Errors.duplicate, 'a record with the same identifying fields already exists');
  if (pgCode === '23514' || pgCode === '22P02' || pgCode === '23503' || pgCode === '22023' || pgCode === 'XX000') {
    return new AppError(Errors.unprocessable, (err as Error).message);
  }
  return new AppError(Errors.internal);
}

export function problemBody(err: AppError, req: FastifyRequest): ProblemBody {
  return {
    type: `/problems/${err.code}`,
    title: err.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    instance: req.url.split('?')[0],
    requestId: String(req.id),
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.extra ?? {}),
  };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, err: AppError) {
  return reply.status(err.status).type('application/problem+json').send(problemBody(err, req));
}
