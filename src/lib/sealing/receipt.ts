import { canonicalJson } from '../canonical-json.ts';
import { fromBase64Url, isBase64Url, sha256, subtle, toBase64Url, toHex, utf8 } from './encoding.ts';
import { rawEd25519Private } from './keys.ts';

/**
 * Bid receipts: the platform signs (Ed25519) the canonical JSON of what it
 * accepted and when. Verification is pure so a bidder can check a receipt
 * offline with the published public key.
 */
export interface Receipt {
  tenderId: string;
  ocid: string;
  bidId: string;
  bidderOrgId: string;
  envelopeSha256: string;
  receivedAt: string;
}

export interface SignedReceipt {
  receipt: Receipt;
  /** base64url Ed25519 signature over canonicalJson(receipt). */
  signature: string;
  /** Names the signing key (first 16 hex digits of SHA-256 of its raw public key). */
  keyId: string;
}

const RECEIPT_KEYS = ['bidId', 'bidderOrgId', 'envelopeSha256', 'ocid', 'receivedAt', 'tenderId'];
const ED25519 = { name: 'Ed25519' } as const;

export function isReceipt(r: unknown): r is Receipt {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
  const keys = Object.keys(r).sort();
  if (keys.length !== RECEIPT_KEYS.length || keys.some((k, i) => k !== RECEIPT_KEYS[i])) return false;
  const o = r as Record<string, unknown>;
  return RECEIPT_KEYS.every((k) => typeof o[k] === 'string' && (o[k] as string).length > 0 && (o[k] as string).length <= 400) && /^[0-9a-f]{64}$/.test(o.envelopeSha256 as string);
}

export async function generateEd25519KeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const kp = (await subtle().generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  const [pub, priv] = await Promise.all([subtle().exportKey('raw', kp.publicKey), subtle().exportKey('pkcs8', kp.privateKey)]);
  return { publicKey: toBase64Url(new Uint8Array(pub)), privateKey: toBase64Url(new Uint8Array(priv)) };
}

export async function ed25519PublicKeyOf(privateKey: string): Promise<string> {
  rawEd25519Private(privateKey);
  const key = await subtle().importKey('pkcs8', fromBase64Url(privateKey) as BufferSource, ED25519, true, ['sign']);
  const jwk = await subtle().exportKey('jwk', key);
  return toBase64Url(fromBase64Url(jwk.x!));
}

export async function receiptKeyId(publicKey: string): Promise<string> {
  return toHex(await sha256(fromBase64Url(publicKey))).slice(0, 16);
}

// Importing the key and deriving its id cost more than the signature itself;
// a signer signs every bid of a deadline rush with the same key, so keep them.
const signers = new Map<string, Promise<{ key: CryptoKey; keyId: string }>>();
function signerFor(privateKey: string) {
  let s = signers.get(privateKey);
  if (!s) {
    s = (async () => ({
      key: await subtle().importKey('pkcs8', fromBase64Url(privateKey) as BufferSource, ED25519, false, ['sign']),
      keyId: await receiptKeyId(await ed25519PublicKeyOf(privateKey)),
    }))();
    s.catch(() => signers.delete(privateKey));
    if (signers.size > 16) signers.clear();
    signers.set(privateKey, s);
  }
  return s;
}

/** Sign a receipt with a PKCS#8 Ed25519 private key (the server's side). */
export async function signReceiptWith(privateKey: string, receipt: Receipt): Promise<SignedReceipt> {
  if (!isReceipt(receipt)) throw new Error('not a well-formed receipt');
  const { key, keyId } = await signerFor(privateKey);
  const signature = new Uint8Array(await subtle().sign(ED25519, key, utf8(canonicalJson(receipt)) as BufferSource));
  return { receipt: { ...receipt }, signature: toBase64Url(signature), keyId };
}

/**
 * True only for a well-formed receipt signed by this key. Never throws:
 * anything malformed is simply not a valid receipt.
 */
export async function verifyReceipt(publicKey: string, signed: unknown): Promise<boolean> {
  try {
    if (typeof signed !== 'object' || signed === null) return false;
    const s = signed as Record<string, unknown>;
    if (!isReceipt(s.receipt) || !isBase64Url(s.signature, 64, 64) || !isBase64Url(publicKey, 32, 32)) return false;
    if (s.keyId !== undefined && s.keyId !== (await receiptKeyId(publicKey))) return false;
    const key = await subtle().importKey('raw', fromBase64Url(publicKey) as BufferSource, ED25519, false, ['verify']);
    return await subtle().verify(ED25519, key, fromBase64Url(s.signature as string) as BufferSource, utf8(canonicalJson(s.receipt)) as BufferSource);
  } catch {
    return false;
  }
}
