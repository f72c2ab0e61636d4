/**
 * Bid sealing, k-of-n opening keys and receipt verification. Isomorphic
 * (WebCrypto and shamir-secret-sharing only, no node: imports): the server,
 * the CLI and the web app all import this one module, so the browser seals
 * exactly as `npx berpa bid seal` does. See docs/trust-model.md.
 */
export { fromBase64Url, toBase64Url, toHex } from './encoding.ts';
export {
  type BidAad,
  checkEnvelope,
  decryptShare,
  encryptShare,
  envelopeSha256,
  MAX_CT_BYTES,
  openBid,
  SEAL_ALG,
  type SealedEnvelope,
  type ShareAad,
  sealBid,
} from './envelope.ts';
export { generateX25519KeyPair, type KeyPair, publicKeyOf } from './keys.ts';
export { type BidPayload, checkBidDocuments, decodeBidPayload, encodeBidPayload, validateBidPayload } from './payload.ts';
export { ed25519PublicKeyOf, generateEd25519KeyPair, isReceipt, type Receipt, receiptKeyId, type SignedReceipt, signReceiptWith, verifyReceipt } from './receipt.ts';
export { checkThreshold, combineShares, decodeShare, shareSha256, splitKey } from './shares.ts';
