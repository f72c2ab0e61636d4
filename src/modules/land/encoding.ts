/**
 * Text encodings of uploaded files. Pure. GIS files written on Windows in
 * Azerbaijan and Russia are often Windows-1251 (Cyrillic) or -1254 (Turkish,
 * Azerbaijani Latin); decoding them as UTF-8 turns every name into U+FFFD.
 * So the declared encoding is honoured, and when the bytes do not fit it the
 * file is refused, naming the file and the encoding — a replacement
 * character is never stored.
 */
import iconv from 'iconv-lite';
import { AppError } from '../../lib/errors.ts';
import { LandErrors } from './errors.ts';

const badEncoding = (file: string, encoding: string, why: string) =>
  new AppError(LandErrors.badEncoding, `${file}: ${why}`, { errors: [{ field: 'file', message: `${file} is not valid ${encoding}` }], extra: { file, encoding } });

/** Canonical iconv-lite name for a declared encoding (`.cpg`, XML declaration), or null when unknown. */
export function normaliseEncoding(declared: string): string | null {
  let e = declared
    .trim()
    .toLowerCase()
    .replace(/^ansi[ _-]?/, '')
    .replace(/^(ms|cp)[ _-]?(\d+)$/, 'cp$2');
  if (/^\d{3,5}$/.test(e)) e = `cp${e}`;
  if (e === 'utf8') e = 'utf-8';
  return iconv.encodingExists(e) ? e : null;
}

/**
 * The dBASE language-driver id (byte 29 of a .dbf header) → code page, as
 * ESRI and GDAL read it. Only ids that name one code page are listed; 0 means
 * "not declared".
 */
const LDID: Record<number, string> = {
  0x01: 'cp437',
  0x02: 'cp850',
  0x03: 'cp1252',
  0x08: 'cp865',
  0x09: 'cp437',
  0x0a: 'cp850',
  0x0b: 'cp437',
  0x0d: 'cp437',
  0x0e: 'cp850',
  0x0f: 'cp437',
  0x10: 'cp850',
  0x11: 'cp437',
  0x12: 'cp850',
  0x13: 'cp932',
  0x14: 'cp850',
  0x15: 'cp437',
  0x16: 'cp850',
  0x17: 'cp865',
  0x18: 'cp437',
  0x19: 'cp437',
  0x1a: 'cp850',
  0x1b: 'cp437',
  0x1c: 'cp863',
  0x1d: 'cp850',
  0x1f: 'cp852',
  0x22: 'cp852',
  0x23: 'cp852',
  0x24: 'cp860',
  0x25: 'cp850',
  0x26: 'cp866',
  0x37: 'cp850',
  0x40: 'cp852',
  0x4d: 'cp936',
  0x4e: 'cp949',
  0x4f: 'cp950',
  0x50: 'cp874',
  0x57: 'cp1252',
  0x58: 'cp1252',
  0x59: 'cp1252',
  0x64: 'cp852',
  0x65: 'cp866',
  0x66: 'cp865',
  0x67: 'cp861',
  0x6a: 'cp737',
  0x6b: 'cp857',
  0x78: 'cp950',
  0x79: 'cp949',
  0x7a: 'cp936',
  0x7b: 'cp932',
  0x7c: 'cp874',
  0x7d: 'cp1255',
  0x7e: 'cp1256',
  0xc8: 'cp1250',
  0xc9: 'cp1251',
  0xca: 'cp1254',
  0xcb: 'cp1253',
  0xcc: 'cp1257',
};

export function encodingOfLdid(id: number): string | null {
  return LDID[id] ?? null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decode bytes in the given encoding. Refused (land_bad_encoding, naming
 * `file` and the encoding) when they are not valid in it, or when decoding
 * yields U+FFFD (a byte with no character in that code page).
 */
export function decodeStrict(bytes: Uint8Array, encoding: string, file: string): string {
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = utf8.decode(bytes);
    } catch {
      throw badEncoding(file, 'UTF-8', 'is declared (or expected) to be UTF-8 but is not valid UTF-8; save it as UTF-8 or declare its real encoding (for example windows-1251)');
    }
  } else {
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true });
  }
  if (text.includes('\uFFFD')) throw badEncoding(file, encoding, `decoding as ${encoding} gives replacement characters (U+FFFD): the file is not ${encoding}, or is damaged`);
  return text;
}

/** UTF-8 / UTF-16 byte-order mark, if any: the encoding it announces and its length. */
export function sniffBom(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** Unknown encoding names are refused rather than guessed. */
export function requireEncoding(declared: string, file: string, where: string): string {
  const e = normaliseEncoding(declared);
  if (!e)
    throw new AppError(LandErrors.badEncoding, `${file}: ${where} declares the encoding "${declared.slice(0, 40)}", which is not known`, {
      errors: [{ field: 'file', message: `unknown encoding ${declared.slice(0, 40)}` }],
      extra: { file, encoding: declared.slice(0, 40) },
    });
  return e;
}
