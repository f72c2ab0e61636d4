/**
 * Secrets never reach a log line (ASVS 7.1.1): pino removes these paths from
 * every object it logs, wherever a module or Fastify puts them. Request bodies
 * are not logged at all; these cover headers, cookies and any object that
 * carries a password, token or key by name.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  'csrfToken',
  'secret',
  'privateKey',
  'share',
  '*.password',
  '*.token',
  '*.csrfToken',
  '*.secret',
  '*.privateKey',
  '*.share',
  '*.passwordHash',
  '*.password_hash',
  '*.token_hash',
  '*.*.password',
  '*.*.token',
];

export function withRedaction(logger: boolean | object): boolean | object {
  if (logger === false) return false;
  const base = logger === true ? {} : logger;
  return { ...base, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}
