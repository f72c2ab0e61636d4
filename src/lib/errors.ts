/**
 * One error registry. Every error the API can return has a stable `code`
 * registered here with its HTTP status; `toProblem` in src/http/problem.ts is
 * the one place that turns them into `application/problem+json`. Modules
 * register their own codes with `defineError` in their `errors.ts`.
 */
export interface FieldError {
  /** JSON pointer or dotted path of the offending field, e.g. `/body/email` or `features[3].geometry`. */
  field: string;
  /** In English, for API clients; the web app shows its own wording when it knows `code`. */
  message: string;
  /**
   * The broken rule, so clients can word it themselves: request validation names
   * the schema rule (`required`, `max_length`, `enum`, `format`, …); a service
   * names its own from SERVICE_FIELD_ERROR_CODES (src/lib/field-error-codes.ts).
   */
  code?: string;
  /** The rule's values: `limit` (lengths, bounds, item counts), `allowed` (enum), `format`, `type`, `pattern`, and for services' codes `value`, `other`, `date`, `currency`. */
  params?: FieldErrorParams;
}

export interface FieldErrorParams {
  limit?: number;
  allowed?: (string | number | boolean | null)[];
  format?: string;
  type?: string;
  pattern?: string;
  /** The value that was refused (an unknown reference, a repeated key), as sent. */
  value?: string;
  /** The other field the rule compares with, as a field name of the same request (`startDate`, `validFrom`). */
  other?: string;
  /** A day the rule compares with, YYYY-MM-DD. */
  date?: string;
  /** An ISO 4217 currency code the value must be in. */
  currency?: string;
}

export interface ErrorDefinition {
  code: string;
  status: number;
  title: string;
}

const registry = new Map<string, ErrorDefinition>();

export function defineError(code: string, status: number, title: string): ErrorDefinition {
  const existing = registry.get(code);
  if (existing) {
    if (existing.status !== status) throw new Error(`error code ${code} registered twice with different statuses`);
    return existing;
  }
  const def = { code, status, title };
  registry.set(code, def);
  return def;
}

export function errorRegistry(): ErrorDefinition[] {
  return [...registry.values()].sort((a, b) => a.code.localeCompare(b.code));
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(def: ErrorDefinition, detail?: string, opts: { errors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail ?? def.title);
    this.code = def.code;
    this.status = def.status;
    this.title = def.title;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

export const Errors = {
  validation: defineError('validation_failed', 400, 'The request is not valid'),
  malformedJson: defineError('malformed_json', 400, 'The request body is not valid JSON'),
  unauthenticated: defineError('unauthenticated', 401, 'Sign-in required'),
  invalidCredentials: defineError('invalid_credentials', 401, 'Email or password is wrong'),
  invalidToken: defineError('invalid_token', 401, 'The token is invalid or expired'),
  forbidden: defineError('forbidden', 403, 'You may not do this'),
  csrf: defineError('csrf_failed', 403, 'Missing or wrong CSRF token'),
  notFound: defineError('not_found', 404, 'Not found'),
  methodNotAllowed: defineError('method_not_allowed', 405, 'Method not allowed'),
  conflict: defineError('conflict', 409, 'Conflicts with the current state'),
  duplicate: defineError('duplicate', 409, 'Already exists'),
  invalidState: defineError('invalid_state', 409, 'Not allowed in the current state'),
  idempotencyMismatch: defineError('idempotency_key_reused', 422, 'Idempotency key reused with a different request'),
  payloadTooLarge: defineError('payload_too_large', 413, 'The request or file is too large'),
  unsupportedMediaType: defineError('unsupported_media_type', 415, 'This type of content is not accepted'),
  unprocessable: defineError('unprocessable', 422, 'The content cannot be processed'),
  rateLimited: defineError('rate_limited', 429, 'Too many attempts; try again later'),
  internal: defineError('internal_error', 500, 'Something went wrong on our side'),
} as const;

export function validationError(errors: FieldError[], detail?: string): AppError {
  return new AppError(Errors.validation, detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

export function notFound(what: string, id?: string): AppError {
  return new AppError(Errors.notFound, id ? `${what} ${id} not found` : `${what} not found`);
}

export function forbidden(detail?: string): AppError {
  return new AppError(Errors.forbidden, detail);
}
