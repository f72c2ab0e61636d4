/**
 * The one way the web app talks to the API: same origin, session cookie,
 * and the CSRF token (from sign-in or /me) on every non-GET request.
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: init.body === undefined ? undefined : JSON.stringify(init.body), signal: init.signal });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(res.status, p.code ?? `http_${res.status}`, p.detail ?? p.title ?? res.statusText);
  }
  return data as T;
}

/** True when the endpoint simply is not there (yet): pages then show an empty state, not an error. */
export function isMissing(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 404 || err.status === 405 || err.status === 501);
}

/** Lists come as arrays, `{items}`, `{data}`, `{results}` or GeoJSON `{features}`. */
export function itemsOf<T = Record<string, unknown>>(x: unknown): T[] {
  if (Array.isArray(x)) return x as T[];
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    for (const k of ['items', 'data', 'results', 'features', 'projects', 'tenders', 'releases', 'countries']) {
      if (Array.isArray(o[k])) return o[k] as T[];
    }
  }
  return [];
}

/** First of several candidate endpoints that answers; null when none is there yet. */
export async function firstAvailable<T>(paths: string[], signal?: AbortSignal): Promise<T | null> {
  for (const p of paths) {
    try {
      return await api<T>(p, { signal });
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 404 && err.status !== 400 && err.status !== 405)) throw err;
    }
  }
  return null;
}
