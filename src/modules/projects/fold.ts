/**
 * Search keys for project text in Azerbaijani, English, Korean and Russian.
 * PostgreSQL 15 and PGlite guarantee neither ICU nor `unaccent`, so the
 * folding happens here, once, and the database only compares the results.
 *
 * - Azerbaijani case: İ lowers to i and I to ı (JavaScript's toLowerCase
 *   turns İ into "i̇" and I into i, both wrong for az).
 * - Search folding goes further, so that "ilham" typed on any keyboard finds
 *   "İlham": ı→i, ə→e, ş→s, ç→c, ğ→g, ö→o, ü→u, ё→е, other Latin accents dropped.
 * - Korean words are not separated the way tsvector's parser expects, so
 *   Hangul runs are indexed as character bigrams (plus their last syllable),
 *   which gives substring matching: "공항" finds "푸즐리국제공항".
 */

/** Lower-case with the Azerbaijani (and Turkish) dotted/dotless i rules. */
export function azLower(s: string): string {
  return s.replace(/İ/g, 'i').replace(/I/g, 'ı').toLowerCase();
}

const FOLD: Record<string, string> = { ı: 'i', ə: 'e', ş: 's', ç: 'c', ğ: 'g', ö: 'o', ü: 'u', ё: 'е' };
const HANGUL = /[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]/;
const LATIN_EXT = /[\u00c0-\u024f\u1e00-\u1eff]/;

/** Fold text for matching: case, Azerbaijani letters, Latin accents. Keeps Cyrillic and Hangul letters. */
export function searchFold(s: string): string {
  const lowered = azLower(s.normalize('NFC'));
  let out = '';
  for (const ch of lowered) {
    const mapped = FOLD[ch];
    if (mapped !== undefined) out += mapped;
    else if (LATIN_EXT.test(ch)) out += ch.normalize('NFD').replace(/\p{M}+/gu, '');
    else out += ch;
  }
  // İ lowered by other software arrives as i + combining dot above.
  return out.replace(/\u0307/g, '');
}

/** Words of folded text: runs of letters and digits. */
function words(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Split a word into its Hangul and non-Hangul runs ("kia자동차" → ["kia", "자동차"]). */
function runs(word: string): { text: string; hangul: boolean }[] {
  const out: { text: string; hangul: boolean }[] = [];
  for (const ch of word) {
    const h = HANGUL.test(ch);
    const last = out[out.length - 1];
    if (last && last.hangul === h) last.text += ch;
    else out.push({ text: ch, hangul: h });
  }
  return out;
}

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  // The last syllable alone, so that a one-syllable query finds it at the end of a word too.
  out.push(chars[chars.length - 1]);
  return out;
}

const MAX_LEXEME = 60;

/** The lexemes stored for a project (its `search_vec`), from all its texts in every language. */
export function searchLexemes(texts: (string | null | undefined)[]): string[] {
  const set = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    for (const w of words(searchFold(t))) {
      for (const r of runs(w)) {
        if (r.hangul) for (const b of bigrams(r.text)) set.add(b);
        else if (r.text.length <= MAX_LEXEME) set.add(r.text);
      }
    }
  }
  return [...set].sort();
}

/**
 * A tsquery (text form, for a `::tsquery` cast) matching every word of the
 * user's query: Latin and Cyrillic words as prefixes ("ilh" finds "İlham"),
 * Hangul words as all of their bigrams. Lexemes contain only letters and
 * digits, so they need no quoting beyond the surrounding quotes. Returns null
 * when the query has no searchable word.
 */
export function searchQuery(q: string): string | null {
  const parts: string[] = [];
  for (const w of words(searchFold(q)).slice(0, 12)) {
    for (const r of runs(w)) {
      if (r.text.length > MAX_LEXEME) continue;
      if (!r.hangul) parts.push(`'${r.text}':*`);
      else if ([...r.text].length === 1) parts.push(`'${r.text}':*`);
      else {
        const chars = [...r.text];
        for (let i = 0; i + 1 < chars.length; i++) parts.push(`'${chars[i]}${chars[i + 1]}'`);
      }
    }
  }
  return parts.length ? [...new Set(parts)].join(' & ') : null;
}
