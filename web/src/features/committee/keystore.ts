import { generateX25519KeyPair, publicKeyOf } from '../../../../src/lib/sealing/index.ts';

/**
 * Where a committee member's private X25519 key lives: in this browser's
 * localStorage (per user) and in a file the member downloads as a backup.
 * The server only ever receives the public half. localStorage keeps the key
 * usable on the next visit without a file picker; the file lets the member
 * move to another browser and survives clearing site data. Anyone with access
 * to this browser profile can read it, so members use their own device; the
 * k-of-n threshold means one stolen key alone opens nothing.
 */
export interface StoredKey {
  kind: 'berpa-committee-key';
  userId: string;
  publicKey: string;
  privateKey: string;
  createdAt: string;
}

const slot = (userId: string) => `berpa.committeeKey.${userId}`;

export function loadKey(userId: string): StoredKey | null {
  try {
    const raw = localStorage.getItem(slot(userId));
    const k = raw ? (JSON.parse(raw) as StoredKey) : null;
    return k && k.userId === userId && typeof k.privateKey === 'string' ? k : null;
  } catch {
    return null;
  }
}

export function saveKey(k: StoredKey) {
  localStorage.setItem(slot(k.userId), JSON.stringify(k));
}

export function forgetKey(userId: string) {
  localStorage.removeItem(slot(userId));
}

export async function newKey(userId: string): Promise<StoredKey> {
  const kp = await generateX25519KeyPair();
  return { kind: 'berpa-committee-key', userId, publicKey: kp.publicKey, privateKey: kp.privateKey, createdAt: new Date().toISOString() };
}

/** Read a backup file; refuses files for another user or whose halves do not match. */
export async function parseKeyFile(text: string, userId: string): Promise<StoredKey> {
  let k: StoredKey;
  try {
    k = JSON.parse(text) as StoredKey;
  } catch {
    throw new Error('not JSON');
  }
  if (k?.kind !== 'berpa-committee-key' || typeof k.privateKey !== 'string' || typeof k.publicKey !== 'string') throw new Error('not a committee key file');
  if (k.userId !== userId) throw new Error('key of another user');
  if ((await publicKeyOf(k.privateKey)) !== k.publicKey) throw new Error('the two halves do not match');
  return k;
}
