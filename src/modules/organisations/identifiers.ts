/**
 * Organisation identifiers in the org-id.guide style used by OCDS:
 * `<scheme>` is a list code such as AZ-VOEN or KR-BRN, the id is the number in
 * that register. Known schemes get their own format check; any other
 * well-formed scheme is accepted, because partner countries bring registers we
 * cannot list in advance.
 */
const KNOWN: Record<string, { pattern: RegExp; hint: string; normalise?: (id: string) => string }> = {
  'AZ-VOEN': { pattern: /^\d{10}$/, hint: '10 digits (VÖEN, Azerbaijani tax number)' },
  'KR-BRN': { pattern: /^\d{10}$/, hint: '10 digits (Korean business registration number, dashes allowed)', normalise: (id) => id.replace(/-/g, '') },
  'TR-MERSIS': { pattern: /^\d{16}$/, hint: '16 digits (MERSİS number)' },
  'TR-VKN': { pattern: /^\d{10}$/, hint: '10 digits (Turkish tax number)' },
  'IT-CF': { pattern: /^\d{11}$/, hint: '11 digits (Italian codice fiscale of a company)' },
  'GB-COH': { pattern: /^[A-Z0-9]{8}$/, hint: '8 characters (Companies House number)' },
  'JP-JCN': { pattern: /^\d{13}$/, hint: '13 digits (Japanese corporate number)' },
  'DE-CR': { pattern: /^[A-Za-z0-9 ]{3,30}$/, hint: 'commercial register number' },
  'XI-LEI': { pattern: /^[A-Z0-9]{18}\d{2}$/, hint: '20-character Legal Entity Identifier' },
};

export const SCHEME_PATTERN = /^[A-Z]{2}-[A-Z0-9]{2,12}$/;

export type IdentifierCheck = { ok: true; id: string } | { ok: false; field: 'scheme' | 'id' | 'country'; message: string };

export function checkIdentifier(scheme: string, rawId: string, country: string): IdentifierCheck {
  if (!SCHEME_PATTERN.test(scheme)) return { ok: false, field: 'scheme', message: 'must look like AZ-VOEN or KR-BRN (country code, dash, register code)' };
  const known = KNOWN[scheme];
  const id = known?.normalise ? known.normalise(rawId.trim()) : rawId.trim();
  if (known && !known.pattern.test(id)) return { ok: false, field: 'id', message: `${scheme} identifiers are ${known.hint}` };
  if (!known && !/^[A-Za-z0-9./ -]{1,64}$/.test(id)) return { ok: false, field: 'id', message: 'letters, digits and . / - only, at most 64' };
  const prefix = scheme.slice(0, 2);
  // XI and XM are the lists that belong to no country (LEI, DUNS…).
  if (prefix !== 'XI' && prefix !== 'XM' && prefix !== country) {
    return { ok: false, field: 'country', message: `a ${scheme} identifier belongs to an organisation registered in ${prefix}, not ${country}` };
  }
  return { ok: true, id };
}
