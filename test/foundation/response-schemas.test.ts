import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../scripts/openapi.ts';

/**
 * Every route declares what it answers: a 2xx response with a schema (or a
 * 204 with no body), and no open "any object" in it unless the object is
 * marked with `x-shape` naming where its fields are defined (an official
 * standard, a GeoJSON layer). The web app's types come from these schemas
 * (web/src/api/types.ts), so a route without one would put the client back
 * to guessing.
 */
type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** JSON paths of objects that accept anything and are not marked with x-shape. */
export function openObjects(s: unknown, at = '$'): string[] {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return [];
  const o = s as Schema;
  const out: string[] = [];
  const props = o.properties as Record<string, unknown> | undefined;
  const isObject = o.type === 'object' || props !== undefined;
  const open = o.additionalProperties === undefined || o.additionalProperties === true;
  const hasProps = props && Object.keys(props).length > 0;
  const record = o.patternProperties !== undefined || (typeof o.additionalProperties === 'object' && o.additionalProperties !== null);
  if (isObject && open && !hasProps && !record && !('x-shape' in o)) out.push(at);
  for (const [k, v] of Object.entries(props ?? {})) out.push(...openObjects(v, `${at}.${k}`));
  for (const v of Object.values((o.patternProperties as Record<string, unknown>) ?? {})) out.push(...openObjects(v, `${at}[*]`));
  if (typeof o.additionalProperties === 'object') out.push(...openObjects(o.additionalProperties, `${at}[*]`));
  if (o.items) out.push(...openObjects(o.items, `${at}[]`));
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) for (const v of (o[k] as unknown[]) ?? []) out.push(...openObjects(v, at));
  return out;
}

describe('response schemas in the OpenAPI document', () => {
  it('the check itself finds a missing schema and an untyped object', () => {
    expect(openObjects({ type: 'object' })).toEqual(['$']);
    expect(openObjects({ type: 'object', properties: { a: { type: 'object', additionalProperties: true } } })).toEqual(['$.a']);
    expect(openObjects({ type: 'array', items: { type: 'object', properties: {} } })).toEqual(['$[]']);
    expect(openObjects({ type: 'object', additionalProperties: true, 'x-shape': 'OCDS' })).toEqual([]);
    expect(openObjects({ type: 'object', properties: { a: { type: 'string' } } })).toEqual([]);
  });

  it('every route answers with a declared 2xx schema and no untyped object', async () => {
    const doc = (await openApiDocument()) as { paths: Record<string, Record<string, Operation>> };
    const missing: string[] = [];
    const loose: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations++;
        const name = `${method.toUpperCase()} ${path}`;
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const typed = ok.filter(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema && Object.keys(c.schema).length > 0));
        if (typed.length === 0) missing.push(name);
        for (const [code, r] of ok) for (const [type, c] of Object.entries(r.content ?? {})) for (const p of openObjects(c.schema)) loose.push(`${name} ${code} ${type} ${p}`);
      }
    }
    expect(operations).toBeGreaterThan(80);
    expect(missing).toEqual([]);
    expect(loose).toEqual([]);
  });
});
