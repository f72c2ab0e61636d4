import iconv from 'iconv-lite';

/**
 * Telling the text encoding of an uploaded table and decoding it. Pure.
 * Excel in the Azerbaijani, Russian and Turkish locales still saves "CSV"
 * in the ANSI code page (Windows-1251 for Cyrillic, -1254 for Latin
 * Azerbaijani/Turkish); "Unicode text" is UTF-16 with a byte-order mark.
 */
export const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1251', 'windows-1254'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export class EncodingError extends Error {}

const isAsciiLetter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
const isHigh = (b: number | undefined) => b !== undefined && b >= 0xc0;

/**
 * Windows-1251 or -1254 for bytes that are not UTF-8. Cyrillic words are runs
 * of bytes ≥ 0xC0; in Turkish and Azerbaijani such bytes (ş, ğ, ı, ç, ö, ü)
 * sit between ASCII letters. Each high byte votes by its neighbours.
 */
export function guessLegacy(bytes: Uint8Array): Encoding | null {
  let cyr = 0;
  let lat = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (!isHigh(bytes[i])) continue;
    for (const n of [bytes[i - 1], bytes[i + 1]]) {
      if (isHigh(n)) cyr++;
      else if (isAsciiLetter(n)) lat++;
    }
  }
  if (cyr + lat === 0) return null;
  const share = cyr / (cyr + lat);
  if (share >= 0.7) return 'windows-1251';
  if (share <= 0.3) return 'windows-1254';
  return null;
}

/**
 * Decode `bytes`: with the encoding the uploader declared, else by the
 * byte-order mark, else UTF-8 when the bytes are valid UTF-8, else the
 * legacy code page the letters point to. Throws EncodingError (message for
 * people) when the bytes do not decode cleanly: replacement characters are
 * never let through.
 */
export function decodeText(bytes: Uint8Array, declared?: Encoding): { text: string; encoding: Encoding } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let encoding: Encoding | null = declared ?? null;
  if (!encoding) {
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) encoding = 'utf-8';
    else if (buf[0] === 0xff && buf[1] === 0xfe) encoding = 'utf-16le';
    else if (buf[0] === 0xfe && buf[1] === 0xff) encoding = 'utf-16be';
    else if (isUtf8(buf)) encoding = 'utf-8';
    else encoding = guessLegacy(buf);
  }
  if (!encoding) {
    throw new EncodingError(
      'the text is neither UTF-8 nor clearly Windows-1251 (Cyrillic) or Windows-1254 (Latin Azerbaijani/Turkish): save it as "CSV UTF-8", or name the encoding (encoding=windows-1251 or windows-1254)',
    );
  }
  if (encoding === 'utf-8' && !isUtf8(buf))
    throw new EncodingError('the file was declared UTF-8 but its bytes are not valid UTF-8: save it as "CSV UTF-8" or name its real encoding');
  const text = iconv.decode(buf, encoding).replace(/^\uFEFF/, '');
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = text.slice(0, bad).split('\n').length;
    throw new EncodingError(`line ${line} has bytes that are not text in ${encoding}: save the file as "CSV UTF-8"`);
  }
  return { text, encoding };
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}
