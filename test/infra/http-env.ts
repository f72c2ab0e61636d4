import type { AppDeps } from '../../src/lib/context.ts';
import type { TestEnv } from '../helpers/app.ts';

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  /** Each Set-Cookie as `name=value` (fetch joins the header's copies into one string). */
  cookies: Record<string, string>;
  body: string;
  rawPayload: Buffer;
  json(): any;
}

export interface InjectLike {
  method: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

/** `app.inject` over real HTTP: what the tender test kit calls, sent to a running server (or the proxy). */
export async function send(base: string, o: InjectLike): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  let body: Uint8Array<ArrayBuffer> | string | undefined;
  if (Buffer.isBuffer(o.payload)) body = new Uint8Array(o.payload.buffer.slice(o.payload.byteOffset, o.payload.byteOffset + o.payload.byteLength) as ArrayBuffer);
  else if (o.payload !== undefined) {
    body = JSON.stringify(o.payload);
    headers['content-type'] ??= 'application/json';
  }
  const r = await fetch(base + o.url, { method: o.method, headers, body, signal: AbortSignal.timeout(60_000) });
  const raw = Buffer.from(await r.arrayBuffer());
  const text = raw.toString('utf8');
  const cookies = Object.fromEntries(
    r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0].split('='))
      .map(([k, ...v]) => [k, v.join('=')]),
  );
  return { statusCode: r.status, headers: Object.fromEntries(r.headers), cookies, body: text, rawPayload: raw, json: () => JSON.parse(text) };
}

/**
 * A TestEnv whose `app.inject` goes over HTTP to `base`, and whose `deps`
 * are a direct connection to the servers' database (for the factories): so
 * the shared test kits drive real servers unchanged.
 */
export function httpEnv(base: string, deps: AppDeps): TestEnv {
  return { app: { inject: (o: InjectLike) => send(base, o) }, deps } as unknown as TestEnv;
}
