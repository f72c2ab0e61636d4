/**
 * Pure checks of one imported project, split from import.service.ts: the
 * input shape's errors named by column, the OC4IDS schema's errors named by
 * pointer, where an input field sits in an OC4IDS project, and the strings
 * holding U+0000 (PostgreSQL cannot store it).
 */
import AjvModule from 'ajv';
import formatsModule from 'ajv-formats';
import { loadSchemaValidator } from '../../lib/standards.ts';
import { ProjectInput, type ProjectInputT } from './schema.ts';
import type { RowError } from './tabular.ts';

const ajv = new AjvModule.default({ allErrors: true, strict: false });
formatsModule.default(ajv);
const shape = ajv.compile(ProjectInput);
const oc4idsProject = loadSchemaValidator('oc4ids/schema/project-schema.json');

/** Shape errors (types, required fields, patterns), each named by its column; a choice of literals lists what is allowed. */
export function shapeErrors(input: Partial<ProjectInputT>, row: number, column: (field: string) => string): RowError[] {
  if (shape(input)) return [];
  type E = { keyword: string; instancePath: string; params: Record<string, unknown>; message?: string };
  const errs = (shape.errors ?? []) as E[];
  const allowed = new Map<string, string[]>();
  for (const e of errs) if (e.keyword === 'const') allowed.set(e.instancePath, [...(allowed.get(e.instancePath) ?? []), String(e.params.allowedValue)]);
  const out: RowError[] = [];
  const seen = new Set<string>();
  for (const e of errs) {
    const field = e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
    const choices = allowed.get(e.instancePath);
    const message = choices ? `must be one of: ${choices.join(', ')}` : e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
    const key = `${field}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ row, column: column(field), message });
  }
  return out;
}

/** Where a field of the input shape sits in an OC4IDS project (the JSON pointer an error names). */
export function oc4idsPath(field: string): string {
  const [a, ...rest] = field.split('/').filter(Boolean);
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const map: Record<string, string> = {
    code: '/id',
    location: '/locations',
    site: '/locations',
    districtId: '/locations',
    publicAuthorityId: '/publicAuthority',
    plannedPeriod: '/period',
    actualPeriod: '/implementationPeriod',
    funding: '/budget/budgetBreakdowns/0/budgetBreakdown',
    outputs: '/forecasts',
    relatedOcids: '/contractingProcesses',
  };
  if (a === 'budget') return `/budget/amount${tail}`;
  if (a && map[a]) return map[a] + (a === 'funding' || a === 'outputs' || a === 'relatedOcids' ? tail.split('/').slice(0, 2).join('/') : '');
  return a ? `/${a}${tail}` : '';
}

/** Schema errors of one OC4IDS project (every wrong type, named by its pointer); enum errors list the allowed values. */
export function schemaErrors(p: unknown, i: number): RowError[] {
  return oc4idsProject.validate(p).errors.map((e) => {
    const path = e.path === '/' ? '' : e.path;
    const allowed = /"allowedValues":(\[[^\]]*\])/.exec(e.message)?.[1];
    const message = allowed ? `must be one of: ${(JSON.parse(allowed) as unknown[]).join(', ')}` : e.message;
    return { row: i + 1, column: `projects${path}` || 'projects', message, pointer: `/projects/${i}${path}` };
  });
}

/** JSON pointers of the strings (and keys) under `v` that contain U+0000. */
export function nulPointers(v: unknown, at: string, out: string[] = [], depth = 0): string[] {
  if (depth > 32) return out;
  if (typeof v === 'string') {
    if (v.includes('\u0000')) out.push(at);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => nulPointers(x, `${at}/${i}`, out, depth + 1));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const here = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (k.includes('\u0000')) out.push(here);
      else nulPointers(x, here, out, depth + 1);
    }
  }
  return out;
}
