/**
 * Text helpers for Azerbaijani: case folding that knows İ/i and I/ı, and a
 * fold to plain Latin letters so that "Susa" finds "Şuşa".
 */
const AZ_PLAIN: Record<string, string> = { ə: 'e', ğ: 'g', ı: 'i', ş: 's', ç: 'c', ö: 'o', ü: 'u', i̇: 'i' };

export function lowerAz(s: string): string {
  return s.replace(/İ/g, 'i').replace(/I/g, 'ı').toLocaleLowerCase('az');
}

/** Lower case and strip Azerbaijani (and other Latin) diacritics: for matching only, never for display. */
export function foldForSearch(s: string): string {
  return lowerAz(s)
    .replace(/[əğışçöü]/g, (c) => AZ_PLAIN[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

const collators = new Map<string, Intl.Collator>();
/** Sort names the way the language sorts them (Azerbaijani: c < ç < d … ı < i). */
export function collator(lang: string): Intl.Collator {
  let c = collators.get(lang);
  if (!c) {
    c = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
    collators.set(lang, c);
  }
  return c;
}

export function sortBy<T>(items: T[], lang: string, key: (x: T) => string): T[] {
  const c = collator(lang);
  return [...items].sort((a, b) => c.compare(key(a), key(b)));
}
