import { canonicalJson } from '../canonical-json.ts';
import { concatBytes, fromBase64Url, fromUtf8, isBase64Url, sha256, subtle, toBase64Url, toHex, utf8 } from './encoding.ts';
import { importX25519Private, importX25519Public } from './keys.ts';

/**
 * ECIES-style sealing: a fresh (ephemeral) X25519 key agrees a secret with
 * the recipient's public key; HKDF-SHA256 turns it into an AES-256-GCM key;
 * GCM encrypts with the unsealed metadata as additional data, so an envelope
 * moved to another tender or bidder fails to open.
 */
export const SEAL_ALG = 'X25519-HKDF-SHA256-AES-256-GCM' as const;

export interface SealedEnvelope {
  v: 1;
  alg: typeof SEAL_ALG;
  /** Ephemeral public key, base64url of 32 raw bytes. */
  epk: string;
  /** GCM nonce, base64url of 12 bytes. */
  iv: string;
  /** Ciphertext with the 16-byte GCM tag appended, base64url. */
  ct: string;
}

/** Largest ciphertext accepted (technical proposals may carry documents). */
export const MAX_CT_BYTES = 16 * 1024 * 1024;
const TAG_BYTES = 16;

/**
 * What an envelope is for. Part of the HKDF info, so a share envelope can
 * never be passed off as a bid envelope or the reverse.
 */
type Purpose = 'bid' | 'share';

export interface BidAad {
  tenderId: string;
  bidderOrgId: string;
}
export interface ShareAad {
  tenderId: string;
  memberUserId: string;
}

const ENVELOPE_KEYS = ['alg', 'ct', 'epk', 'iv', 'v'];

/** Structure, sizes and encodings of an envelope; never throws. */
export function checkEnvelope(env: unknown): env is SealedEnvelope {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) return false;
  const e = env as Record<string, unknown>;
  const keys = Object.keys(e).sort();
  if (keys.length !== ENVELOPE_KEYS.length || keys.some((k, i) => k !== ENVELOPE_KEYS[i])) return false;
  return e.v === 1 && e.alg === SEAL_ALG && isBase64Url(e.epk, 32, 32) && isBase64Url(e.iv, 12, 12) && isBase64Url(e.ct, TAG_BYTES, MAX_CT_BYTES + TAG_BYTES);
}

/** Hex SHA-256 of the envelope's RFC 8785 canonical JSON: what receipts sign. */
export async function envelopeSha256(env: SealedEnvelope): Promise<string> {
  const { v, alg, epk, iv, ct } = env;
  return toHex(await sha256(utf8(canonicalJson({ v, alg, epk, iv, ct }))));
}

function aadBytes(aad: Record<string, string>): Uint8Array {
  for (const [k, v] of Object.entries(aad)) if (typeof v !== 'string' || v.length === 0) throw new Error(`aad.${k} must be a non-empty string`);
  return utf8(canonicalJson(aad));
}

async function deriveKey(shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array, purpose: Purpose, usage: KeyUsage): Promise<CryptoKey> {
  const ikm = await subtle().importKey('raw', shared as BufferSource, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    // Salt binds both public keys (the key is for this pair only); info names the scheme and purpose.
    { name: 'HKDF', hash: 'SHA-256', salt: concatBytes(epk, recipient) as BufferSource, info: utf8(`berpa/seal/v1/${purpose}`) as BufferSource },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  );
}

async function seal(recipientPublicKey: string, plaintext: Uint8Array, aad: Record<string, string>, purpose: Purpose): Promise<SealedEnvelope> {
  if (!(plaintext instanceof Uint8Array)) throw new Error('plaintext must be bytes');
  if (plaintext.length > MAX_CT_BYTES) throw new Error(`plaintext larger than ${MAX_CT_BYTES} bytes`);
  const ad = aadBytes(aad);
  const recipient = await importX25519Public(recipientPublicKey);
  const eph = (await subtle().generateKey({ name: 'X25519' }, true, ['deriveBits'])) as CryptoKeyPair;
  const epk = new Uint8Array(await subtle().exportKey('raw', eph.publicKey));
  const shared = new Uint8Array(await subtle().deriveBits({ name: 'X25519', public: recipient }, eph.privateKey, 256));
  const key = await deriveKey(shared, epk, fromBase64Url(recipientPublicKey), purpose, 'encrypt');
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: ad as BufferSource }, key, plaintext as BufferSource));
  return { v: 1, alg: SEAL_ALG, epk: toBase64Url(epk), iv: toBase64Url(iv), ct: toBase64Url(ct) };
}

async function open(privateKey: string, env: SealedEnvelope, aad: Record<string, string>, purpose: Purpose): Promise<Uint8Array> {
  if (!checkEnvelope(env)) throw new Error('not a valid sealed envelope');
  const ad = aadBytes(aad);
  const priv = await importX25519Private(privateKey, true);
  const jwk = await subtle().exportKey('jwk', priv);
  const recipient = fromBase64Url(jwk.x!);
  const epkBytes = fromBase64Url(env.epk);
  let shared: Uint8Array;
  try {
    const epk = await subtle().importKey('raw', epkBytes as BufferSource, { name: 'X25519' }, false, []);
    shared = new Uint8Array(await subtle().deriveBits({ name: 'X25519', public: epk }, priv, 256));
  } catch {
    // A low-order or malformed ephemeral key: reported like any other failure to open.
    throw new Error('the envelope cannot be opened with this key');
  }
  const key = await deriveKey(shared, epkBytes, recipient, purpose, 'decrypt');
  try {
    const iv = fromBase64Url(env.iv);
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: ad as BufferSource }, key, fromBase64Url(env.ct) as BufferSource));
  } catch {
    throw new Error('the envelope cannot be opened with this key (wrong key, altered contents or different tender/bidder)');
  }
}

/** Seal a bid to the tender's opening public key. */
export function sealBid(openingPublicKey: string, plaintext: Uint8Array, aad: BidAad): Promise<SealedEnvelope> {
  return seal(openingPublicKey, plaintext, { tenderId: aad.tenderId, bidderOrgId: aad.bidderOrgId }, 'bid');
}

/** Open a bid; throws on a wrong key, a tampered envelope or a different tender/bidder. */
export function openBid(privateKey: string, env: SealedEnvelope, aad: BidAad): Promise<Uint8Array> {
  return open(privateKey, env, { tenderId: aad.tenderId, bidderOrgId: aad.bidderOrgId }, 'bid');
}

/** Encrypt one Shamir share to one committee member's own public key. */
export function encryptShare(memberPublicKey: string, share: string, aad: ShareAad): Promise<SealedEnvelope> {
  return seal(memberPublicKey, utf8(share), { tenderId: aad.tenderId, memberUserId: aad.memberUserId }, 'share');
}

export async function decryptShare(memberPrivateKey: string, env: SealedEnvelope, aad: ShareAad): Promise<string> {
  return fromUtf8(await open(memberPrivateKey, env, { tenderId: aad.tenderId, memberUserId: aad.memberUserId }, 'share'));
}
