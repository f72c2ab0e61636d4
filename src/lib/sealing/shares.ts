import { combine, split } from 'shamir-secret-sharing';
import { fromBase64Url, sha256, toBase64Url, toHex, utf8 } from './encoding.ts';
import { rawX25519Private, x25519PrivateFromRaw } from './keys.ts';

/**
 * k-of-n Shamir sharing of an opening private key. The 32 raw key bytes are
 * split (each share is 33 bytes: the 32 y-values and the x-coordinate last);
 * shares travel as base64url.
 */
const SHARE_BYTES = 33;

export function checkThreshold(n: number, k: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(k)) throw new Error('n and k must be whole numbers');
  // The library needs k ≥ 2; k = 1 would let any one member open alone, which defeats the purpose.
  if (k < 2) throw new Error('k must be at least 2: no single member may open the bids');
  if (n < k) throw new Error('n must be at least k');
  if (n > 255) throw new Error('n must be at most 255');
}

export async function splitKey(privateKey: string, n: number, k: number): Promise<string[]> {
  checkThreshold(n, k);
  const shares = await split(rawX25519Private(privateKey), n, k);
  return shares.map(toBase64Url);
}

/** The bytes of one share, or an error naming what is wrong with it. */
export function decodeShare(share: unknown): Uint8Array {
  if (typeof share !== 'string') throw new Error('a share is a base64url string');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(share.trim());
  } catch {
    throw new Error('the share is not base64url');
  }
  if (bytes.length !== SHARE_BYTES) throw new Error(`a share has ${SHARE_BYTES} bytes, this one has ${bytes.length}`);
  return bytes;
}

/**
 * Rebuild the private key from shares. Fewer than k shares do NOT fail here:
 * Shamir then yields an unrelated key, so callers check the result with
 * `publicKeyOf(key) === openingPublicKey` before trusting it.
 * Throws on malformed shares, fewer than two, or the same share twice.
 */
export async function combineShares(shares: string[]): Promise<string> {
  if (!Array.isArray(shares) || shares.length < 2) throw new Error('at least two shares are needed');
  const bytes = shares.map(decodeShare);
  const xs = new Set<number>();
  for (const b of bytes) {
    const x = b[SHARE_BYTES - 1];
    if (xs.has(x)) throw new Error('the same share was given twice');
    xs.add(x);
  }
  return x25519PrivateFromRaw(await combine(bytes));
}

/**
 * Hex SHA-256 of a share. A server that stores these at key generation can
 * tell a wrong share from a right one as soon as it is submitted, without
 * learning anything that helps rebuild the key (a share has 256 bits of
 * entropy to anyone without k-1 others).
 */
export async function shareSha256(share: string): Promise<string> {
  decodeShare(share);
  return toHex(await sha256(utf8(share.trim())));
}
