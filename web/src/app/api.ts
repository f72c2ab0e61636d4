/**
 * The one way the web app talks to the API: same origin, session cookie,
 * and the CSRF token (from sign-in or /me) on every non-GET request. Answers
 * are typed by the caller with the types in web/src/api/types.ts (the
 * server's own schemas); there is no shape guessing here.
 */
import type { Problem } from '../api/types.ts';

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    /** problem+json `errors`: JSON pointers into the request (`/body/organisation/name`), what is wrong, and for request validation the rule's code and values. */
    public errors: NonNullable<Problem['errors']> = [],
    /** The message is already in the reader's language (a page's own wording for this code). */
    public localized = false,
  ) {
    super(message);
  }

  /** Field errors keyed by the pointer inside the body (`/organisation/name`), for the form that sent it; `word` translates each (default: the server's English). */
  fieldErrors(word: (e: NonNullable<Problem['errors']>[number]) => string = (e) => e.message): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      const key = e.field.replace(/^\/body(?=\/|$)/, '') || '/';
      out[key] ??= word(e);
    }
    return out;
  }
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Sent as Idempotency-Key: a create retried (double click, lost answer) returns the first result. */
  idempotencyKey?: string;
}

export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: init.signal });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const p = (data ?? {}) as Partial<Problem>;
    throw new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail ?? p.title ?? res.statusText, p.errors ?? []);
  }
  return data as T;
}

/** A resource that does not exist (yet), such as the opening record before the opening: pages show their empty state. */
export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

/** POST a multipart form (file uploads: documents, a project's site file, land imports, progress photos); errors as from `api`. */
export async function upload<T>(path: string, form: FormData, init: { idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  const res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form, signal: init.signal });
  const data = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const p = (data ?? {}) as Partial<Problem>;
    throw new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail ?? p.title ?? res.statusText, p.errors ?? []);
  }
  return data as T;
}
