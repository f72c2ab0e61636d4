import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.ts';
import {
  type BidPayload,
  checkEnvelope,
  combineShares,
  decodeBidPayload,
  decryptShare,
  encodeBidPayload,
  encryptShare,
  envelopeSha256,
  fromBase64Url,
  generateX25519KeyPair,
  openBid,
  publicKeyOf,
  type SealedEnvelope,
  sealBid,
  shareSha256,
  splitKey,
  toBase64Url,
} from './index.ts';

const aad = { tenderId: 'd2f5b1a0-0000-4000-8000-000000000001', bidderOrgId: 'a1a1a1a1-0000-4000-8000-000000000002' };
const bid: BidPayload = {
  lots: [
    { lotId: 'lot-1', price: { amount: 1_250_000.5, currency: 'AZN' } },
    { lotId: 'lot-2', price: { amount: 90_000, currency: 'AZN' } },
  ],
  technicalProposal: { documents: [{ title: 'Method statement', sha256: 'a'.repeat(64) }] },
  declarations: { noConflictOfInterest: true, notDebarred: true },
};

/** Flip one bit of one base64url field, keeping it canonical base64url. */
function flip(text: string, at = 0): string {
  const b = fromBase64Url(text);
  b[at] ^= 0x01;
  return toBase64Url(b);
}

describe('bid sealing', () => {
  it('round-trips a bid and never contains the plaintext', async () => {
    const kp = await generateX25519KeyPair();
    expect(fromBase64Url(kp.publicKey)).toHaveLength(32);
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    expect(checkEnvelope(env)).toBe(true);
    expect(JSON.stringify(env)).not.toContain('1250000.5');
    expect(JSON.stringify(env)).not.toContain('Method statement');
    const opened = decodeBidPayload(await openBid(kp.privateKey, env, aad));
    expect(opened).toEqual(bid);
  });

  it('uses a fresh ephemeral key and nonce each time', async () => {
    const kp = await generateX25519KeyPair();
    const bytes = encodeBidPayload(bid);
    const [a, b] = await Promise.all([sealBid(kp.publicKey, bytes, aad), sealBid(kp.publicKey, bytes, aad)]);
    expect(a.epk).not.toBe(b.epk);
    expect(a.ct).not.toBe(b.ct);
    expect(await envelopeSha256(a)).not.toBe(await envelopeSha256(b));
  });

  it.each(['ct', 'iv', 'epk'] as const)('refuses an envelope with a flipped bit in %s', async (field) => {
    const kp = await generateX25519KeyPair();
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    const lastCtByte = fromBase64Url(env.ct).length - 1;
    for (const at of field === 'ct' ? [0, lastCtByte] : [0, 5]) {
      const tampered: SealedEnvelope = { ...env, [field]: flip(env[field], at) };
      expect(checkEnvelope(tampered)).toBe(true);
      await expect(openBid(kp.privateKey, tampered, aad)).rejects.toThrow(/cannot be opened/);
    }
  });

  it('refuses when the additional data (tender or bidder) differs', async () => {
    const kp = await generateX25519KeyPair();
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    await expect(openBid(kp.privateKey, env, { ...aad, bidderOrgId: 'someone-else' })).rejects.toThrow(/cannot be opened/);
    await expect(openBid(kp.privateKey, env, { ...aad, tenderId: 'other-tender' })).rejects.toThrow(/cannot be opened/);
    // Same key order independence: aad is canonicalised, not order-sensitive.
    expect(await openBid(kp.privateKey, env, { bidderOrgId: aad.bidderOrgId, tenderId: aad.tenderId })).toBeInstanceOf(Uint8Array);
  });

  it('refuses the wrong private key', async () => {
    const [kp, other] = await Promise.all([generateX25519KeyPair(), generateX25519KeyPair()]);
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    await expect(openBid(other.privateKey, env, aad)).rejects.toThrow(/cannot be opened/);
  });

  it('does not open a share envelope as a bid', async () => {
    const kp = await generateX25519KeyPair();
    const env = await encryptShare(kp.publicKey, 'x', { tenderId: aad.tenderId, memberUserId: aad.bidderOrgId });
    await expect(openBid(kp.privateKey, env, aad)).rejects.toThrow();
  });

  it('checkEnvelope rejects malformed envelopes', async () => {
    const kp = await generateX25519KeyPair();
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    const bad: unknown[] = [
      null,
      'x',
      [],
      { ...env, v: 2 },
      { ...env, alg: 'RSA' },
      { ...env, extra: 1 },
      { v: env.v, alg: env.alg, epk: env.epk, iv: env.iv },
      { ...env, epk: env.epk.slice(0, 40) },
      { ...env, iv: toBase64Url(new Uint8Array(16)) },
      { ...env, ct: 'AAAA' },
      { ...env, ct: env.ct + '=' },
      { ...env, ct: env.ct.replace(/.$/, '+') },
      { ...env, epk: 12 },
    ];
    for (const b of bad) expect(checkEnvelope(b)).toBe(false);
    await expect(openBid(kp.privateKey, { ...env, alg: 'RSA' } as unknown as SealedEnvelope, aad)).rejects.toThrow(/not a valid/);
  });

  it('refuses to seal to a malformed public key', async () => {
    await expect(sealBid('not-a-key', encodeBidPayload(bid), aad)).rejects.toThrow(/public key/);
    await expect(sealBid(toBase64Url(new Uint8Array(31)), encodeBidPayload(bid), aad)).rejects.toThrow(/32 bytes/);
  });

  it('hashes the canonical form of the envelope', async () => {
    const kp = await generateX25519KeyPair();
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    const reordered = JSON.parse(JSON.stringify({ ct: env.ct, iv: env.iv, epk: env.epk, alg: env.alg, v: env.v }));
    const h = await envelopeSha256(env);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await envelopeSha256(reordered)).toBe(h);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(env))));
    expect(h).toBe([...digest].map((b) => b.toString(16).padStart(2, '0')).join(''));
    expect(await envelopeSha256({ ...env, ct: flip(env.ct) })).not.toBe(h);
  });
});

describe('k-of-n opening key', () => {
  it('any k of n shares rebuild the key; the public key confirms it', async () => {
    const kp = await generateX25519KeyPair();
    expect(await publicKeyOf(kp.privateKey)).toBe(kp.publicKey);
    const shares = await splitKey(kp.privateKey, 3, 2);
    expect(new Set(shares).size).toBe(3);
    for (const pair of [
      [0, 1],
      [0, 2],
      [2, 1],
    ]) {
      const key = await combineShares(pair.map((i) => shares[i]));
      expect(await publicKeyOf(key)).toBe(kp.publicKey);
    }
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    const rebuilt = await combineShares([shares[2], shares[0]]);
    expect(decodeBidPayload(await openBid(rebuilt, env, aad))).toEqual(bid);
  });

  it('k-1 shares do not rebuild the key and cannot open a bid', async () => {
    const kp = await generateX25519KeyPair();
    const shares = await splitKey(kp.privateKey, 5, 3);
    const env = await sealBid(kp.publicKey, encodeBidPayload(bid), aad);
    const partial = await combineShares(shares.slice(0, 2));
    expect(await publicKeyOf(partial)).not.toBe(kp.publicKey);
    await expect(openBid(partial, env, aad)).rejects.toThrow(/cannot be opened/);
    expect(await publicKeyOf(await combineShares(shares.slice(2)))).toBe(kp.publicKey);
  });

  it('refuses a repeated share, a single share and malformed shares', async () => {
    const kp = await generateX25519KeyPair();
    const shares = await splitKey(kp.privateKey, 3, 2);
    await expect(combineShares([shares[0], shares[0]])).rejects.toThrow(/twice/);
    await expect(combineShares([shares[0]])).rejects.toThrow(/at least two/);
    await expect(combineShares([shares[0], 'bad!'])).rejects.toThrow(/base64url/);
    await expect(combineShares([shares[0], toBase64Url(new Uint8Array(20))])).rejects.toThrow(/33 bytes/);
  });

  it('a wrong share is detected by the public-key check and by its hash', async () => {
    const kp = await generateX25519KeyPair();
    const shares = await splitKey(kp.privateKey, 3, 2);
    const wrong = flip(shares[1], 3);
    expect(await publicKeyOf(await combineShares([shares[0], wrong]))).not.toBe(kp.publicKey);
    expect(await shareSha256(wrong)).not.toBe(await shareSha256(shares[1]));
    expect(await shareSha256(shares[1])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses k < 2 and n < k', async () => {
    const kp = await generateX25519KeyPair();
    await expect(splitKey(kp.privateKey, 3, 1)).rejects.toThrow(/at least 2/);
    await expect(splitKey(kp.privateKey, 2, 3)).rejects.toThrow(/at least k/);
    await expect(splitKey(kp.publicKey, 3, 2)).rejects.toThrow(/PKCS#8/);
  });

  it('shares travel encrypted to each member and only that member opens them', async () => {
    const [opening, alice, bob] = await Promise.all([generateX25519KeyPair(), generateX25519KeyPair(), generateX25519KeyPair()]);
    const [s1] = await splitKey(opening.privateKey, 2, 2);
    const shareAad = { tenderId: aad.tenderId, memberUserId: 'alice' };
    const env = await encryptShare(alice.publicKey, s1, shareAad);
    expect(JSON.stringify(env)).not.toContain(s1);
    expect(await decryptShare(alice.privateKey, env, shareAad)).toBe(s1);
    await expect(decryptShare(bob.privateKey, env, shareAad)).rejects.toThrow(/cannot be opened/);
    await expect(decryptShare(alice.privateKey, env, { ...shareAad, memberUserId: 'bob' })).rejects.toThrow(/cannot be opened/);
    await expect(decryptShare(alice.privateKey, { ...env, ct: flip(env.ct) }, shareAad)).rejects.toThrow(/cannot be opened/);
  });
});

describe('bid payload', () => {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  const good = { v: 1, ...bid };

  it('decodes what it encodes, canonically', () => {
    const bytes = encodeBidPayload(bid);
    expect(new TextDecoder().decode(bytes)).toBe(canonicalJson(good));
    expect(decodeBidPayload(bytes)).toEqual(bid);
    expect(decodeBidPayload(encodeBidPayload({ lots: bid.lots, declarations: {} }))).toEqual({ lots: bid.lots, declarations: {} });
  });

  it.each([
    [new Uint8Array([0xff, 0xfe]), /UTF-8 JSON/],
    [new TextEncoder().encode('{"v":1,'), /UTF-8 JSON/],
    [enc({ ...good, v: 2 }), /version 1/],
    [enc({ lots: bid.lots, declarations: {} }), /version 1/],
    [enc({ ...good, lots: [] }), /no lots/],
    [enc({ ...good, lots: [{ lotId: 'a', price: { amount: -5, currency: 'AZN' } }] }), /positive number/],
    [enc({ ...good, lots: [{ lotId: 'a', price: { amount: '5', currency: 'AZN' } }] }), /positive number/],
    [enc({ ...good, lots: [{ lotId: 'a', price: { amount: 5, currency: 'azn' } }] }), /ISO 4217/],
    [enc({ ...good, lots: [{ lotId: '', price: { amount: 5, currency: 'AZN' } }] }), /lotId/],
    [enc({ ...good, lots: [bid.lots[0], bid.lots[0]] }), /priced twice/],
    [enc({ ...good, lots: [{ ...bid.lots[0], discount: 1 }] }), /unknown field "discount"/],
    [enc({ ...good, extra: 1 }), /unknown field "extra"/],
    [enc({ ...good, declarations: { x: 'yes' } }), /true or false/],
    [enc({ ...good, declarations: [] }), /declarations must be an object/],
    [enc({ ...good, technicalProposal: { documents: [{ title: 'x', sha256: 'ABC' }] } }), /sha256/],
    [enc({ ...good, technicalProposal: { documents: [{ title: 'x', sha256: 'a'.repeat(64), dataB64: '!!' }] } }), /base64/],
  ])('refuses a bad bid (%#) with the reason', (bytes, reason) => {
    expect(() => decodeBidPayload(bytes as Uint8Array)).toThrow(reason as RegExp);
  });

  it('encode refuses what decode would refuse', () => {
    expect(() => encodeBidPayload({ ...bid, lots: [] })).toThrow(/no lots/);
  });
});

describe('client helpers', async () => {
  const { prepareSealedBid, checkReceipt } = await import('./client.ts');
  const { generateEd25519KeyPair, signReceiptWith } = await import('./index.ts');

  it('seals a bid and checks that a receipt covers exactly what was sent', async () => {
    const [opening, platform] = await Promise.all([generateX25519KeyPair(), generateEd25519KeyPair()]);
    const sealed = await prepareSealedBid({ tenderId: aad.tenderId, bidderOrgId: aad.bidderOrgId, openingPublicKey: opening.publicKey, bid });
    expect(decodeBidPayload(await openBid(opening.privateKey, sealed.envelope, aad))).toEqual(bid);
    const sent = { ...aad, envelopeSha256: sealed.envelopeSha256 };
    const receipt = {
      tenderId: aad.tenderId,
      ocid: 'ocds-x-1',
      bidId: 'b1',
      bidderOrgId: aad.bidderOrgId,
      envelopeSha256: sealed.envelopeSha256,
      receivedAt: '2026-11-28T05:00:00Z',
    };
    expect(await checkReceipt(platform.publicKey, await signReceiptWith(platform.privateKey, receipt), sent)).toEqual([]);
    // A genuine signature over someone else's envelope is still not a receipt for this bid.
    const other = await signReceiptWith(platform.privateKey, { ...receipt, envelopeSha256: 'f'.repeat(64) });
    expect(await checkReceipt(platform.publicKey, other, sent)).toEqual(['wrong_envelope']);
    const forged = { ...(await signReceiptWith(platform.privateKey, receipt)), receipt: { ...receipt, bidderOrgId: 'x' } };
    expect(await checkReceipt(platform.publicKey, forged, sent)).toEqual(['bad_signature', 'wrong_bidder']);
  });
});
