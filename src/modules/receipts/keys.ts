import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ed25519PublicKeyOf, generateEd25519KeyPair, receiptKeyId } from '../../lib/sealing/index.ts';

/**
 * The platform's receipt-signing key (Ed25519). Taken from
 * BERPA_RECEIPT_SIGNING_KEY (base64url PKCS#8) when set — required when
 * several app processes must sign with one key — else from
 * `<dataDir>/keys/receipt-signing.json`, generated at first use, mode 0600.
 */
export interface SigningKey {
  privateKey: string;
  publicKey: string;
  keyId: string;
}

export const ENV_KEY = 'BERPA_RECEIPT_SIGNING_KEY';
const cache = new Map<string, Promise<SigningKey>>();

export function keyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'receipt-signing.json');
}

async function fromPrivate(privateKey: string, source: string): Promise<SigningKey> {
  let publicKey: string;
  try {
    publicKey = await ed25519PublicKeyOf(privateKey);
  } catch {
    throw new Error(`${source} does not hold a base64url PKCS#8 Ed25519 private key`);
  }
  return { privateKey, publicKey, keyId: await receiptKeyId(publicKey) };
}

async function readFile(file: string): Promise<SigningKey | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const parsed = JSON.parse(text) as { privateKey?: string };
  return fromPrivate(String(parsed.privateKey), file);
}

/**
 * Create the key file atomically: written to a private temporary file, then
 * hard-linked into place, which fails if another process got there first —
 * then that process's key is used, so two processes never sign with two keys.
 */
async function createFile(file: string): Promise<SigningKey> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const kp = await generateEd25519KeyPair();
  const key = await fromPrivate(kp.privateKey, 'generated key');
  const tmp = `${file}.${randomUUID()}.tmp`;
  const body = JSON.stringify({ alg: 'Ed25519', keyId: key.keyId, publicKey: key.publicKey, privateKey: key.privateKey, createdAt: new Date().toISOString() }, null, 2);
  await fs.writeFile(tmp, body + '\n', { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(tmp, file);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await readFile(file))!;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function load(dataDir: string, envKey: string | undefined): Promise<SigningKey> {
  if (envKey) return fromPrivate(envKey.trim(), ENV_KEY);
  const file = keyFile(dataDir);
  return (await readFile(file)) ?? createFile(file);
}

/**
 * On PostgreSQL the key lives in the database (table platform_key), so that
 * every app server on it signs with one key: the first server to start
 * generates it, an INSERT … ON CONFLICT DO NOTHING settles a race, and all
 * read back the stored row.
 */
export async function databaseSigningKey(
  store: { read(): Promise<{ private_key: string } | undefined>; insertIfAbsent(privateKey: string, publicKey: string): Promise<void> },
  /** One key per database handle, memoised as long as the handle lives. */
  cacheId: object,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SigningKey> {
  const envKey = env[ENV_KEY] || undefined;
  if (envKey) return signingKey('', env);
  let p = dbCache.get(cacheId);
  if (!p) {
    p = (async () => {
      let row = await store.read();
      if (!row) {
        const kp = await generateEd25519KeyPair();
        const key = await fromPrivate(kp.privateKey, 'generated key');
        await store.insertIfAbsent(key.privateKey, key.publicKey);
        row = await store.read();
      }
      return fromPrivate(row!.private_key, 'platform_key receipt-signing');
    })();
    p.catch(() => dbCache.delete(cacheId));
    dbCache.set(cacheId, p);
  }
  return p;
}
const dbCache = new WeakMap<object, Promise<SigningKey>>();

/** The signing key for this data directory (memoised per process). */
export function signingKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  const envKey = env[ENV_KEY] || undefined;
  const id = envKey ? `env:${envKey}` : `dir:${dataDir}`;
  let p = cache.get(id);
  if (!p) {
    p = load(dataDir, envKey);
    p.catch(() => cache.delete(id));
    cache.set(id, p);
  }
  return p;
}
