/**
 * Byte encodings shared by the sealing code. Isomorphic on purpose (no
 * Buffer): the web app seals bids in the browser with this same module.
 */
const B64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict: only the unpadded base64url alphabet, and only the canonical
 * encoding (unused trailing bits zero), so one byte string has one spelling
 * and an envelope's hash cannot be varied without changing its bytes.
 */
export function fromBase64Url(text: string): Uint8Array {
  if (typeof text !== 'string' || !B64URL.test(text) || text.length % 4 === 1) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  if (toBase64Url(out) !== text) throw new Error('not canonical base64url');
  return out;
}

/** Is `text` canonical base64url decoding to a length within [min, max]? */
export function isBase64Url(text: unknown, min: number, max: number): text is string {
  if (typeof text !== 'string') return false;
  // Cheap length bound before decoding, so a huge string is refused without work.
  if (text.length > Math.ceil((max * 4) / 3) + 4) return false;
  try {
    const n = fromBase64Url(text).length;
    return n >= min && n <= max;
  } catch {
    return false;
  }
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Decode UTF-8, refusing malformed sequences rather than replacing them. */
export const fromUtf8 = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(b);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (crypto.subtle) is not available; a secure context is required');
  return s;
}

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', bytes as BufferSource));
}
