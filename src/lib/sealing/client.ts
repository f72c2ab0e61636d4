/**
 * A small client for bidders using the API directly (and for the web app):
 * seal a bid, then check the platform's receipt really covers what was
 * sent. Isomorphic: WebCrypto and fetch only.
 */

import { envelopeSha256, type SealedEnvelope, sealBid } from './envelope.ts';
import { type BidPayload, encodeBidPayload } from './payload.ts';
import { type SignedReceipt, verifyReceipt } from './receipt.ts';

export interface SealedBid {
  envelope: SealedEnvelope;
  /** Keep this: the receipt must name the same hash. */
  envelopeSha256: string;
}

/** Validate and encrypt a bid to the tender's opening key. Throws with the reason if the bid is malformed. */
export async function prepareSealedBid(opts: { tenderId: string; openingPublicKey: string; bidderOrgId: string; bid: BidPayload }): Promise<SealedBid> {
  const envelope = await sealBid(opts.openingPublicKey, encodeBidPayload(opts.bid), { tenderId: opts.tenderId, bidderOrgId: opts.bidderOrgId });
  return { envelope, envelopeSha256: await envelopeSha256(envelope) };
}

/** The platform's receipt key, as published at GET /api/v1/receipts/public-key. Fetch it once and keep it. */
export async function fetchReceiptKey(baseUrl: string, fetchFn: typeof fetch = fetch): Promise<{ publicKey: string; keyId: string }> {
  const res = await fetchFn(new URL('/api/v1/receipts/public-key', baseUrl));
  if (!res.ok) throw new Error(`receipt key: HTTP ${res.status}`);
  const body = (await res.json()) as { publicKey?: unknown; keyId?: unknown };
  if (typeof body.publicKey !== 'string' || typeof body.keyId !== 'string') throw new Error('receipt key: unexpected answer');
  return { publicKey: body.publicKey, keyId: body.keyId };
}

export type ReceiptProblem = 'bad_signature' | 'wrong_envelope' | 'wrong_tender' | 'wrong_bidder';

/**
 * What a bidder must check on every receipt: the platform signed it, and it
 * names this tender, this bidder and the hash of the envelope it sent.
 * Returns the problems found (empty when the receipt is good).
 */
export async function checkReceipt(publicKey: string, signed: SignedReceipt, sent: { tenderId: string; bidderOrgId: string; envelopeSha256: string }): Promise<ReceiptProblem[]> {
  const problems: ReceiptProblem[] = [];
  if (!(await verifyReceipt(publicKey, signed))) problems.push('bad_signature');
  const r = signed?.receipt;
  if (r?.envelopeSha256 !== sent.envelopeSha256) problems.push('wrong_envelope');
  if (r?.tenderId !== sent.tenderId) problems.push('wrong_tender');
  if (r?.bidderOrgId !== sent.bidderOrgId) problems.push('wrong_bidder');
  return problems;
}
