import type { AppDeps } from '../../lib/context.ts';
import { type Receipt, type SignedReceipt, signReceiptWith, verifyReceipt } from '../../lib/sealing/index.ts';
import { databaseSigningKey, type SigningKey, signingKey } from './keys.ts';
import * as repo from './repo.ts';

const KEY_NAME = 'receipt-signing';

/**
 * Embedded: the key file in the data directory. PostgreSQL: the key in the
 * database, shared by every app server (BERPA_RECEIPT_SIGNING_KEY wins over both).
 */
function keyFor(deps: AppDeps): Promise<SigningKey> {
  if (deps.dbKind !== 'postgres') return signingKey(deps.config.dataDir);
  return databaseSigningKey({ read: () => repo.keyRow(deps.db, KEY_NAME), insertIfAbsent: (priv, pub) => repo.insertKeyIfAbsent(deps.db, KEY_NAME, priv, pub) }, deps.db);
}

/**
 * Sign a bid receipt with the platform key. Pure signing, no database: the
 * caller (the tenders service) stores the result inside its transaction.
 * Raises a plain Error only if the receipt is malformed (a programming error).
 */
export async function signReceipt(deps: AppDeps, receipt: Receipt): Promise<SignedReceipt> {
  const key = await keyFor(deps);
  return signReceiptWith(key.privateKey, receipt);
}

export async function publicKey(deps: AppDeps): Promise<{ alg: 'Ed25519'; publicKey: string; keyId: string }> {
  const key = await keyFor(deps);
  return { alg: 'Ed25519', publicKey: key.publicKey, keyId: key.keyId };
}

/** Check a receipt against this platform's current key. */
export async function verify(deps: AppDeps, signed: SignedReceipt): Promise<{ valid: boolean; keyId: string }> {
  const key = await keyFor(deps);
  return { valid: await verifyReceipt(key.publicKey, signed), keyId: key.keyId };
}
