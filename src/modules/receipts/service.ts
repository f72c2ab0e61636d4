import type { AppDeps } from '../../lib/context.ts';
import { signReceiptWith, verifyReceipt, type Receipt, type SignedReceipt } from '../../lib/sealing/index.ts';
import { signingKey } from './keys.ts';

/**
 * Sign a bid receipt with the platform key. Pure signing, no database: the
 * caller (the tenders service) stores the result inside its transaction.
 * Raises a plain Error only if the receipt is malformed (a programming error).
 */
export async function signReceipt(deps: AppDeps, receipt: Receipt): Promise<SignedReceipt> {
  const key = await signingKey(deps.config.dataDir);
  return signReceiptWith(key.privateKey, receipt);
}

export async function publicKey(deps: AppDeps): Promise<{ alg: 'Ed25519'; publicKey: string; keyId: string }> {
  const key = await signingKey(deps.config.dataDir);
  return { alg: 'Ed25519', publicKey: key.publicKey, keyId: key.keyId };
}

/** Check a receipt against this platform's current key. */
export async function verify(deps: AppDeps, signed: SignedReceipt): Promise<{ valid: boolean; keyId: string }> {
  const key = await signingKey(deps.config.dataDir);
  return { valid: await verifyReceipt(key.publicKey, signed), keyId: key.keyId };
}
