/**
 * The OCDS merge routine (OCDS 1.1, "Merging"): compiles a contracting
 * process's releases, oldest first, into its current state. Pure.
 *
 * - a field absent from a release leaves the compiled value as it was;
 * - `null` removes the field;
 * - objects merge field by field;
 * - an array whose items are all objects with an `id` merges item by item,
 *   matching ids (new ids are appended, missing ones kept);
 * - any other array (strings, numbers, objects without ids, empty) replaces
 *   the previous one whole.
 * The compiled release gets `tag: ["compiled"]`, the latest `date`, and the
 * id `<ocid>-<date>`.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasIdentifiers(a: Json[]): a is Obj[] {
  return a.length > 0 && a.every((x) => isObject(x) && x.id !== undefined && x.id !== null && (typeof x.id === 'string' || typeof x.id === 'number'));
}

/** A copy with every null field of every object dropped (null means "remove"). */
function clean(v: Json): Json {
  if (Array.isArray(v)) return v.map(clean);
  if (isObject(v)) return mergeInto({}, v);
  return v;
}

function mergeArray(target: Json | undefined, source: Json[]): Json[] {
  if (!hasIdentifiers(source)) return source.map(clean);
  const out: Json[] = Array.isArray(target) ? [...target] : [];
  for (const item of source) {
    const at = out.findIndex((x) => isObject(x) && x.id === item.id);
    if (at >= 0) out[at] = mergeInto({ ...(out[at] as Obj) }, item);
    else out.push(mergeInto({}, item));
  }
  return out;
}

/** Merge `source` into `target` (mutated and returned). */
export function mergeInto(target: Obj, source: Obj): Obj {
  for (const [k, v] of Object.entries(source)) {
    if (v === null) delete target[k];
    else if (Array.isArray(v)) target[k] = mergeArray(target[k], v);
    else if (isObject(v)) target[k] = mergeInto(isObject(target[k]) ? { ...(target[k] as Obj) } : {}, v);
    else target[k] = v;
  }
  return target;
}

/** Oldest first by `date`; releases with the same date keep their given order. */
export function sortReleases<T extends { date?: unknown }>(releases: T[]): T[] {
  return releases
    .map((r, i) => ({ r, i }))
    .sort((a, b) => String(a.r.date).localeCompare(String(b.r.date)) || a.i - b.i)
    .map((x) => x.r);
}

export function compileReleases(releases: Obj[]): Obj {
  if (releases.length === 0) throw new Error('nothing to compile');
  const ordered = sortReleases(releases);
  const ocid = ordered[0].ocid;
  if (ordered.some((r) => r.ocid !== ocid)) throw new Error('releases of different contracting processes cannot be compiled together');
  const compiled: Obj = {};
  for (const r of ordered) {
    const { tag: _tag, id: _id, ...rest } = r;
    mergeInto(compiled, deepCopy(rest));
  }
  const date = ordered[ordered.length - 1].date;
  return { ...compiled, id: `${String(ocid)}-${String(date)}`, tag: ['compiled'] };
}

function deepCopy<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
