import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEnv, testEnv } from '../../../test/helpers/app.ts';
import { generateEd25519KeyPair, type Receipt, signReceiptWith, verifyReceipt } from '../../lib/sealing/index.ts';
import { keyFile, signingKey } from './keys.ts';
import { signReceipt } from './service.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

const receipt: Receipt = {
  tenderId: '0b6f3c52-1111-4000-8000-000000000001',
  ocid: 'ocds-abc123-T-0001',
  bidId: '0b6f3c52-2222-4000-8000-000000000002',
  bidderOrgId: '0b6f3c52-3333-4000-8000-000000000003',
  envelopeSha256: 'ab'.repeat(32),
  receivedAt: '2026-11-28T05:00:00.123Z',
};

describe('receipt signing key', () => {
  it('is generated once, kept at mode 0600 and reused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-key-'));
    try {
      const [a, b] = await Promise.all([signingKey(dir, {}), signingKey(dir, {})]);
      expect(a).toBe(b);
      const file = keyFile(dir);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).publicKey).toBe(a.publicKey);
      expect(fs.readdirSync(path.dirname(file))).toEqual(['receipt-signing.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('comes from BERPA_RECEIPT_SIGNING_KEY when set, and refuses a bad one', async () => {
    const kp = await generateEd25519KeyPair();
    const k = await signingKey('/nonexistent', { BERPA_RECEIPT_SIGNING_KEY: kp.privateKey });
    expect(k.publicKey).toBe(kp.publicKey);
    await expect(signingKey('/nonexistent', { BERPA_RECEIPT_SIGNING_KEY: 'garbage' })).rejects.toThrow(/Ed25519/);
  });
});

describe('receipts', () => {
  it('signs receipts that verify offline with the published key', async () => {
    const signed = await signReceipt(env.deps, receipt);
    const r = await env.app.inject({ method: 'GET', url: '/api/v1/receipts/public-key' });
    expect(r.statusCode).toBe(200);
    const { publicKey, keyId, alg } = r.json();
    expect(alg).toBe('Ed25519');
    expect(signed.keyId).toBe(keyId);
    expect(await verifyReceipt(publicKey, signed)).toBe(true);
    expect(await verifyReceipt(publicKey, JSON.parse(JSON.stringify(signed)))).toBe(true);
  });

  it('a forged or altered receipt does not verify', async () => {
    const signed = await signReceipt(env.deps, receipt);
    const { publicKey } = (await env.app.inject({ method: 'GET', url: '/api/v1/receipts/public-key' })).json();
    for (const field of Object.keys(receipt) as (keyof Receipt)[]) {
      const altered = { ...signed, receipt: { ...signed.receipt, [field]: field === 'envelopeSha256' ? 'cd'.repeat(32) : signed.receipt[field] + 'x' } };
      expect(await verifyReceipt(publicKey, altered)).toBe(false);
    }
    // Signed by someone else's key and presented as the platform's.
    const attacker = await generateEd25519KeyPair();
    const forged = await signReceiptWith(attacker.privateKey, receipt);
    expect(await verifyReceipt(publicKey, { ...forged, keyId: signed.keyId })).toBe(false);
    expect(await verifyReceipt(publicKey, { ...signed, receipt: { ...signed.receipt, extra: 'x' } })).toBe(false);
    expect(await verifyReceipt(publicKey, { ...signed, signature: 'AA' })).toBe(false);
    expect(await verifyReceipt(publicKey, null)).toBe(false);
    expect(await verifyReceipt('not-a-key', signed)).toBe(false);
  });

  it('POST /receipts/verify answers valid or not, and rejects malformed bodies with 400', async () => {
    const signed = await signReceipt(env.deps, receipt);
    const ok = await env.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: signed });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true });
    const altered = await env.app.inject({
      method: 'POST',
      url: '/api/v1/receipts/verify',
      payload: { ...signed, receipt: { ...signed.receipt, receivedAt: '2026-11-28T04:59:59Z' } },
    });
    expect(altered.json()).toMatchObject({ valid: false });
    const bad = await env.app.inject({ method: 'POST', url: '/api/v1/receipts/verify', payload: { ...signed, receipt: { ...signed.receipt, price: 5 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('/body/receipt/price');
  });
});
