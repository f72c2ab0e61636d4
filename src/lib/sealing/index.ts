/**
 * Bid sealing, k-of-n opening keys and receipt verification. Isomorphic
 * (WebCrypto and shamir-secret-sharing only, no node: imports): the server,
 * the CLI and the web app all import this one module, so the browser seals
 * exactly as `npx berpa bid seal` does. See docs/trust-model.md.
 */
export { fromBase64Url, toBase64Url, toHex } from './encoding.ts';
export { generateX25519KeyPair, publicKeyOf, type KeyPair } from './keys.ts';
export {
  SEAL_ALG,
  MAX_CT_BYTES,
  checkEnvelope,
  envelopeSha256,
  sealBid,
  openBid,
  encryptShare,
  decryptShare,
  type SealedEnvelope,
  type BidAad,
  type ShareAad,
} from './envelope.ts';
export { splitKey, combineShares, checkThreshold, decodeShare, shareSha256 } from './shares.ts';
export { encodeBidPayload, decodeBidPayload, validateBidPayload, checkBidDocuments, type BidPayload } from './payload.ts';
export { verifyReceipt, signReceiptWith, generateEd25519KeyPair, ed25519PublicKeyOf, receiptKeyId, isReceipt, type Receipt, type SignedReceipt } from './receipt.ts';
