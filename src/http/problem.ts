import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Errors, type FieldError, type FieldErrorParams } from '../lib/errors.ts';

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
  schemaPath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

type Allowed = NonNullable<FieldErrorParams['allowed']>;
const LIMIT_KEYWORDS = new Set(['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties']);

/** The rule an issue broke, as a stable snake_case code (`maxLength` → `max_length`); a union of literals is one `enum`. */
function codeOf(i: AjvIssue): string {
  if (i.keyword === 'additionalProperties') return 'unknown_field';
  if (i.keyword === 'const') return 'enum';
  return i.keyword.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * The rule's values for clients to word the message themselves. TypeBox writes
 * a union of literals as `anyOf` of `const`s, which Ajv reports one by one;
 * each of them carries every literal of that `anyOf`, so the first one a
 * client shows lists all the allowed values.
 */
function paramsOf(i: AjvIssue, issues: AjvIssue[]): FieldErrorParams | undefined {
  const p = i.params;
  if (LIMIT_KEYWORDS.has(i.keyword) && typeof p.limit === 'number') return { limit: p.limit };
  switch (i.keyword) {
    case 'enum':
      return Array.isArray(p.allowedValues) ? { allowed: p.allowedValues as Allowed } : undefined;
    case 'const': {
      const parent = i.schemaPath?.replace(/\/\d+\/const$/, '');
      const siblings = issues.filter((x) => x.keyword === 'const' && x.instancePath === i.instancePath && x.schemaPath?.replace(/\/\d+\/const$/, '') === parent);
      return { allowed: siblings.map((x) => x.params.allowedValue as Allowed[number]) };
    }
    case 'format':
      return { format: String(p.format) };
    case 'type':
      return { type: String(p.type) };
    case 'pattern':
      return { pattern: String(p.pattern) };
  }
  return undefined;
}

/** Turn Ajv's findings into one entry per bad field, as JSON pointers into the request, with the rule's code and values. */
export function fieldErrors(part: string, issues: AjvIssue[]): FieldError[] {
  return issues.map((i) => {
    let field = `/${part}${i.instancePath}`;
    if (i.keyword === 'required') field += `/${String(i.params.missingProperty)}`;
    if (i.keyword === 'additionalProperties') field += `/${String(i.params.additionalProperty)}`;
    const message = i.keyword === 'additionalProperties' ? 'unknown field' : i.keyword === 'required' ? 'is required' : (i.message ?? 'is invalid');
    const params = paramsOf(i, issues);
    return { field, message, code: codeOf(i), ...(params ? { params } : {}) };
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
