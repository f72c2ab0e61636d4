import crypto from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, defineError, Errors, type FieldError } from '../lib/errors.ts';
import { sendProblem } from './problem.ts';

/**
 * Input that never reaches a handler: bytes the HTTP parser refuses, URLs the
 * router cannot decode, NUL characters PostgreSQL cannot store. Each gets a
 * problem+json answer naming what was wrong, never a 5xx and never Fastify's
 * own JSON shape.
 */
export const InputErrors = {
  badRequest: defineError('bad_request', 400, 'The request could not be read'),
  uriTooLong: defineError('uri_too_long', 414, 'The address is too long'),
  headersTooLarge: defineError('headers_too_large', 431, 'The request headers are too large'),
  timeout: defineError('request_timeout', 408, 'The request took too long to arrive'),
} as const;

/** Longest accepted path + query string; Node's header limit (16 KiB) is the outer bound. */
export const MAX_URL_LENGTH = 8192;
/** Longest path parameter: ids, codes and OCIDs are far shorter. */
export const MAX_PARAM_LENGTH = 200;

/** Fastify `frameworkErrors`: a URL the router cannot decode, or a parameter over the length limit. */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(
      reply,
      req,
      new AppError(InputErrors.uriTooLong, `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`, {
        errors: [{ field: '/params', message: `longer than ${MAX_PARAM_LENGTH} characters` }],
      }),
    );
  if (err.code === 'FST_ERR_BAD_URL')
    return sendProblem(
      reply,
      req,
      new AppError(InputErrors.badRequest, 'the address is not valid percent-encoded UTF-8', { errors: [{ field: '/url', message: 'not valid percent-encoded UTF-8' }] }),
    );
  return sendProblem(reply, req, new AppError(InputErrors.badRequest, err.message));
}

/**
 * Node's `clientError`: the parser refused the bytes (bad request line, bad
 * header, headers over 16 KiB) before there is any request object. Answer on
 * the socket ourselves, still as problem+json.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const def = err.code === 'HPE_HEADER_OVERFLOW' ? InputErrors.headersTooLarge : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? InputErrors.timeout : InputErrors.badRequest;
  const detail =
    def === InputErrors.headersTooLarge
      ? 'the request line and headers together exceed 16 KiB'
      : def === InputErrors.timeout
        ? 'the request was not received in time'
        : 'the request is not valid HTTP/1.1 (bad request line, header name or value, or encoding)';
  const requestId = crypto.randomUUID();
  const body = JSON.stringify({ type: `/problems/${def.code}`, title: def.title, status: def.status, detail, code: def.code, requestId });
  socket.end(
    `HTTP/1.1 ${def.status} ${STATUS_CODES[def.status]}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Request-Id: ${requestId}\r\n` +
      'X-Content-Type-Options: nosniff\r\n' +
      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n" +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** onRequest: a URL over the limit is refused before routing. */
export async function refuseLongUrl(req: FastifyRequest) {
  if (req.url.length > MAX_URL_LENGTH) {
    throw new AppError(InputErrors.uriTooLong, `the address is ${req.url.length} characters; at most ${MAX_URL_LENGTH} are accepted`, {
      errors: [{ field: '/url', message: `longer than ${MAX_URL_LENGTH} characters` }],
    });
  }
}

/** Every string in a value holding U+0000, as JSON pointers (PostgreSQL text cannot hold NUL). */
export function nulFields(value: unknown, pointer: string, out: FieldError[] = [], depth = 0): FieldError[] {
  if (out.length >= 20 || depth > 64) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ field: pointer, message: 'contains a NUL character' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulFields(v, `${pointer}/${i}`, out, depth + 1));
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const at = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (k.includes('\u0000')) out.push({ field: at, message: 'the field name contains a NUL character' });
      nulFields(v, at, out, depth + 1);
    }
  }
  return out;
}

/** preValidation: NUL in a path parameter, query string or JSON body is a 400 naming the field. */
export async function refuseNul(req: FastifyRequest) {
  const errors = [...nulFields(req.params, '/params'), ...nulFields(req.query, '/querystring'), ...nulFields(req.body, '/body')];
  if (errors.length) throw new AppError(Errors.validation, errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
}
