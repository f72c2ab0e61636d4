import { concatBytes, fromBase64Url, subtle, toBase64Url } from './encoding.ts';

/**
 * X25519 key handling. Public keys travel as base64url of the raw 32 bytes;
 * private keys as base64url of PKCS#8, the one private format every WebCrypto
 * implementation imports.
 */
export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

// PKCS#8 wrapping of a raw 32-byte X25519 private key (RFC 8410): fixed
// prefix then the key. Lets combineShares rebuild a key from its 32 bytes.
const X25519_PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);
const ED25519_PKCS8_PREFIX = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

const X25519 = { name: 'X25519' } as const;

export async function generateX25519KeyPair(): Promise<KeyPair> {
  const kp = (await subtle().generateKey(X25519, true, ['deriveBits'])) as CryptoKeyPair;
  const [pub, priv] = await Promise.all([subtle().exportKey('raw', kp.publicKey), subtle().exportKey('pkcs8', kp.privateKey)]);
  return { publicKey: toBase64Url(new Uint8Array(pub)), privateKey: toBase64Url(new Uint8Array(priv)) };
}

function prefixed(bytes: Uint8Array, prefix: Uint8Array, what: string): Uint8Array {
  if (bytes.length !== prefix.length + 32 || prefix.some((b, i) => bytes[i] !== b)) throw new Error(`not a PKCS#8 ${what} private key`);
  return bytes.subarray(prefix.length);
}

/** The 32 raw private bytes inside a PKCS#8 X25519 key (what Shamir splits). */
export function rawX25519Private(privateKey: string): Uint8Array {
  return prefixed(decodeKey(privateKey, 'private'), X25519_PKCS8_PREFIX, 'X25519');
}

export function x25519PrivateFromRaw(raw: Uint8Array): string {
  if (raw.length !== 32) throw new Error('an X25519 private key has 32 bytes');
  return toBase64Url(concatBytes(X25519_PKCS8_PREFIX, raw));
}

export function rawEd25519Private(privateKey: string): Uint8Array {
  return prefixed(decodeKey(privateKey, 'private'), ED25519_PKCS8_PREFIX, 'Ed25519');
}

function decodeKey(text: string, what: string): Uint8Array {
  try {
    return fromBase64Url(text);
  } catch {
    throw new Error(`the ${what} key is not base64url`);
  }
}

export async function importX25519Public(publicKey: string): Promise<CryptoKey> {
  const raw = decodeKey(publicKey, 'public');
  if (raw.length !== 32) throw new Error('an X25519 public key has 32 bytes');
  return subtle().importKey('raw', raw as BufferSource, X25519, true, []);
}

export async function importX25519Private(privateKey: string, extractable = false): Promise<CryptoKey> {
  rawX25519Private(privateKey); // shape check with a clear message before WebCrypto's generic one
  return subtle().importKey('pkcs8', decodeKey(privateKey, 'private') as BufferSource, X25519, extractable, ['deriveBits']);
}

/**
 * The public key belonging to a private key. The server uses it after the
 * opening to check that the combined shares rebuilt the tender's key.
 */
export async function publicKeyOf(privateKey: string): Promise<string> {
  const key = await importX25519Private(privateKey, true);
  const jwk = await subtle().exportKey('jwk', key);
  if (!jwk.x) throw new Error('cannot derive the public key');
  // JWK `x` is already unpadded base64url of the raw public key.
  return toBase64Url(fromBase64Url(jwk.x));
}
