import { LANGS, type Lang } from '../../lib/schemas.ts';

/**
 * ISO 3166-1 alpha-2 countries, with names in the platform's languages, taken
 * from the runtime's CLDR data (Intl.DisplayNames) rather than a hand-kept
 * list. The code list is derived: every two-letter code the runtime can name,
 * minus
 *  - deprecated codes (BU, DD, SU, YU, ZR, …), which the runtime canonicalises
 *    to their successor (`und-BU` → `und-MM`);
 *  - ISO's user-assigned ranges (AA, QM–QZ, XA–XZ, ZZ): XK (Kosovo) is in
 *    XA–XZ and so is not listed, like QO and the pseudo-locales XA, XB;
 *  - ISO's "exceptionally reserved" codes, which are not countries: AC, CP,
 *    CQ, DG, EA, EU, EZ, FX, IC, SU, TA, UK, UN.
 * On Node 20 with full ICU this yields the 249 assigned codes of ISO 3166-1.
 */
const EXCEPTIONALLY_RESERVED = new Set(['AC', 'CP', 'CQ', 'DG', 'EA', 'EU', 'EZ', 'FX', 'IC', 'SU', 'TA', 'UK', 'UN']);

function userAssigned(code: string): boolean {
  return code === 'AA' || code === 'ZZ' || code[0] === 'X' || (code[0] === 'Q' && code[1] >= 'M');
}

function canonical(code: string): string | null {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0].slice(4);
  } catch {
    return null;
  }
}

export interface Country {
  code: string;
  names: Record<Lang, string>;
}

function build(): Country[] {
  const known = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const namers = LANGS.map((l) => [l, new Intl.DisplayNames([l], { type: 'region' })] as const);
  const out: Country[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = known.of(code);
      if (!name || name === code || userAssigned(code) || EXCEPTIONALLY_RESERVED.has(code) || canonical(code) !== code) continue;
      out.push({ code, names: Object.fromEntries(namers.map(([l, n]) => [l, n.of(code) ?? name])) as Record<Lang, string> });
    }
  }
  return out;
}

let cache: { list: Country[]; byCode: Map<string, Country> } | null = null;
function data() {
  if (!cache) {
    const list = build();
    cache = { list, byCode: new Map(list.map((c) => [c.code, c])) };
  }
  return cache;
}

export function allCountries(): Country[] {
  return data().list;
}

export function countryOf(code: string): Country | undefined {
  return data().byCode.get(code);
}

export function isCountry(code: string): boolean {
  return data().byCode.has(code);
}

let currencies: Set<string> | null = null;
/** ISO 4217 codes the runtime knows (Intl.supportedValuesOf). */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}
