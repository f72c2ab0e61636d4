import crypto from 'node:crypto';
import argon2 from 'argon2';

/** Secrets handed to clients; only their SHA-256 is stored. */
export function newSecret(prefix: 'bps' | 'bpt'): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

// OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1).
const ARGON = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Compared in constant time, so that response timing does not leak a CSRF token. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

// A hash to verify against when the email is unknown, so that both paths cost the same.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-' + crypto.randomUUID());
  return dummyHash;
}
