import { type Static, Type } from '@sinclair/typebox';
import { StrictObject } from '../../lib/schemas.ts';

const B64Url = (min: number, max: number) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', minLength: min, maxLength: max });

export const Receipt = StrictObject(
  {
    tenderId: Type.String({ minLength: 1, maxLength: 400 }),
    ocid: Type.String({ minLength: 1, maxLength: 400 }),
    bidId: Type.String({ minLength: 1, maxLength: 400 }),
    bidderOrgId: Type.String({ minLength: 1, maxLength: 400 }),
    envelopeSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the canonical JSON of the sealed envelope' }),
    receivedAt: Type.String({ minLength: 1, maxLength: 400, description: 'ISO 8601, by the database clock' }),
  },
  { $id: 'BidReceipt' },
);

export const SignedReceipt = StrictObject(
  {
    receipt: Receipt,
    signature: B64Url(86, 86),
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
  },
  { $id: 'SignedBidReceipt', description: 'Ed25519 signature (base64url) over the RFC 8785 canonical JSON of `receipt`' },
);
export type SignedReceiptT = Static<typeof SignedReceipt>;

export const PublicKey = Type.Object({
  alg: Type.Literal('Ed25519'),
  publicKey: Type.String({ description: 'base64url of the raw 32-byte Ed25519 public key' }),
  keyId: Type.String(),
});

export const VerifyResult = Type.Object({ valid: Type.Boolean(), keyId: Type.String() });
