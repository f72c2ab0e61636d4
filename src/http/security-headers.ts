import helmet from '@fastify/helmet';
import type { App } from './types.ts';

/**
 * Protective response headers on every answer (API, web app, Swagger page,
 * errors), through @fastify/helmet so that the header set follows the
 * maintained defaults.
 *
 * The Content-Security-Policy is the one that matters: scripts only from this
 * origin, never inline or eval, so that an injected string in a project title
 * or a tender question cannot run. The built web app and the Swagger page load
 * every script from a file (checked by test/foundation/headers.test.ts).
 * MapLibre starts its worker from a module URL or a blob: URL, hence
 * worker-src; its tiles and glyphs are ours (GeoJSON only), so connect-src
 * stays 'self'. Styles stay 'self' too: React and MapLibre set styles through
 * the CSSOM, which a CSP does not block.
 *
 * HSTS (and upgrade-insecure-requests) only when the public URL is https:
 * on a plain-http loopback install they would break the next visit.
 */
export function cspDirectives(https: boolean): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'upgrade-insecure-requests': https ? [] : null,
  };
}

export async function registerSecurityHeaders(app: App, publicUrl: string) {
  const https = publicUrl.startsWith('https:');
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(https) },
    // The map's WebGL canvas and the Swagger page need no cross-origin isolation; COEP would only break downloads.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * The Swagger page (/api/docs) only: Swagger UI inserts <style> elements at
 * run time, so its style-src also allows inline styles. Scripts stay 'self'
 * there too; an inline style can restyle the page but cannot run code.
 */
export function docsCsp(header: string): string {
  return header.replace(/(^|;\s*)style-src 'self'/, "$1style-src 'self' 'unsafe-inline'");
}
