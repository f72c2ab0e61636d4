import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04Module from 'ajv-draft-04';
import formatsModule from 'ajv-formats';

// Both are CommonJS modules that also export themselves as `default`; that is the typed way in.
const Ajv04 = Ajv04Module.default;
const addFormats = formatsModule.default;

/**
 * Validators for the official open-data schemas vendored in `standards/`
 * (OCDS, OC4IDS: JSON Schema draft-04, cross-file `$ref`s by absolute URL).
 * Every JSON file beside the requested schema is registered, so references
 * resolve offline; nothing is ever fetched.
 */
export const STANDARDS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../standards');

export interface SchemaIssue {
  path: string;
  message: string;
}

export interface SchemaValidator {
  validate(data: unknown): { ok: boolean; errors: SchemaIssue[] };
}

const cache = new Map<string, SchemaValidator>();

/** `schemaPath` is absolute or relative to `standards/`, e.g. `oc4ids/schema/project-package-schema.json`. */
export function loadSchemaValidator(schemaPath: string): SchemaValidator {
  const file = path.isAbsolute(schemaPath) ? schemaPath : path.join(STANDARDS_DIR, schemaPath);
  const hit = cache.get(file);
  if (hit) return hit;
  // The schemas carry annotation keywords (codelist, openCodelist, deprecated…): not strict.
  const ajv = new Ajv04({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  const dir = path.dirname(file);
  let mainId: string | undefined;
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { id?: string; $id?: string };
    const id = schema.id ?? schema.$id ?? name;
    ajv.addSchema(schema, id);
    if (path.join(dir, name) === file) mainId = id;
  }
  if (!mainId) throw new Error(`schema ${file} not found`);
  const fn = ajv.getSchema(mainId);
  if (!fn) throw new Error(`schema ${mainId} did not compile`);
  const validator: SchemaValidator = {
    validate(data) {
      const ok = fn(data) as boolean;
      const errors = (fn.errors ?? []).map((e: { instancePath: string; message?: string; params?: unknown }) => ({
        path: e.instancePath || '/',
        message: `${e.message ?? 'is invalid'}${e.params ? ' ' + JSON.stringify(e.params) : ''}`,
      }));
      return { ok, errors: ok ? [] : errors };
    },
  };
  cache.set(file, validator);
  return validator;
}
