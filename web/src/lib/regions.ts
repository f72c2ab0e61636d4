import { AZ_COUNTRY_NAMES } from './az-country-names.ts';

const namers = new Map<string, Intl.DisplayNames>();

/**
 * A country's name in the language: the bundled CLDR list for az (Debian's
 * Chromium has no az data and would answer with the code), Intl for the others.
 */
export function countryName(lang: string, code: string | null | undefined): string {
  if (!code) return '';
  const cc = code.toUpperCase();
  if (lang === 'az') return AZ_COUNTRY_NAMES[cc] ?? cc;
  try {
    let n = namers.get(lang);
    if (!n) {
      n = new Intl.DisplayNames([lang], { type: 'region' });
      namers.set(lang, n);
    }
    return n.of(cc) ?? cc;
  } catch {
    return cc;
  }
}
