/**
 * Keeping what another publisher's OC4IDS says that Berpa does not model.
 * Pure. After an import, Berpa writes the project, exports it again, and
 * `residual` keeps every path of the original that the export lacks (fields,
 * and list entries by their `id`); `fillIn` puts them back on every later
 * export. Paths the export has with another value are Berpa's modelled form
 * of the same field (a date normalised to midnight UTC, a title picked from
 * translations): they are reported, not kept, so an operator's later edit is
 * not overwritten by what a file once said.
 */
type J = unknown;
type Obj = Record<string, J>;

const isObj = (v: J): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasId = (v: J): v is Obj & { id: string | number } => isObj(v) && (typeof v.id === 'string' || typeof v.id === 'number');
const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function equal(a: J, b: J): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return false;
}

export interface Residual {
  /** What to keep with the project (merged back by fillIn). */
  extra: Obj;
  /** JSON pointers (within the project) of the kept paths. */
  kept: string[];
  /** JSON pointers whose value Berpa stores in its own form. */
  normalised: string[];
}

/** Keys Berpa sets itself on every export (`updated`: when Berpa's record last changed). */
const OWN = new Set(['updated']);

export function residual(original: Obj, exported: Obj): Residual {
  const kept: string[] = [];
  const normalised: string[] = [];
  const walk = (o: J, e: J, at: string): J | undefined => {
    if (equal(o, e)) return undefined;
    if (e === undefined) {
      kept.push(at || '/');
      return o;
    }
    if (isObj(o) && isObj(e)) {
      const out: Obj = {};
      for (const [k, v] of Object.entries(o)) {
        if (at === '' && OWN.has(k)) continue;
        const r = walk(v, e[k], `${at}/${esc(k)}`);
        if (r !== undefined) out[k] = r;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (Array.isArray(o) && o.length && o.every(hasId) && Array.isArray(e)) {
      const out: Obj[] = [];
      for (const item of o) {
        const match = e.find((x) => hasId(x) && x.id === item.id);
        const r = walk(item, match, `${at}/${esc(String(item.id))}`);
        if (r === undefined) continue;
        out.push(match === undefined ? (r as Obj) : { id: item.id, ...(r as Obj) });
      }
      return out.length ? out : undefined;
    }
    normalised.push(at || '/');
    return undefined;
  };
  const extra = (walk(original, exported, '') as Obj | undefined) ?? {};
  return { extra, kept, normalised };
}

/** `target` with the kept paths of `extra` added where `target` has nothing (Berpa's values win). */
export function fillIn(target: Obj, extra: Obj): Obj {
  const merge = (t: J, x: J): J => {
    if (t === undefined) return x;
    if (isObj(t) && isObj(x)) {
      const out: Obj = { ...t };
      for (const [k, v] of Object.entries(x)) out[k] = merge(t[k], v);
      return out;
    }
    if (Array.isArray(t) && Array.isArray(x) && x.every(hasId)) {
      const out = [...t];
      for (const item of x) {
        const at = out.findIndex((y) => hasId(y) && y.id === item.id);
        if (at >= 0) out[at] = merge(out[at], item);
        else out.push(item);
      }
      return out;
    }
    return t;
  };
  return merge(target, extra) as Obj;
}
