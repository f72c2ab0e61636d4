import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { combineShares, decodeBidPayload, generateEd25519KeyPair, generateX25519KeyPair, openBid, publicKeyOf, shareSha256, signReceiptWith } from '../../lib/sealing/index.ts';
import { decryptShareFile, parseMembers, sealBidFile, tenderKeygen } from './sealing.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/berpa.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'berpa-seal-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sealing commands', () => {
  it('tender keygen: each member decrypts only its own share; any 2 of 3 rebuild the opening key', async () => {
    const keys = await Promise.all([0, 1, 2].map(() => generateX25519KeyPair()));
    const members = parseMembers(keys.map((k, i) => ({ userId: `u${i}`, publicKey: k.publicKey })));
    const { upload, privateKey } = await tenderKeygen('T-9', members, 2);
    expect(upload).toMatchObject({ k: 2, n: 3 });
    expect(JSON.stringify(upload)).not.toContain(privateKey);
    const plain = [];
    for (const [i, s] of upload.shares.entries()) {
      const share = await decryptShareFile(keys[i], { tenderId: 'T-9', memberUserId: s.memberUserId, encryptedShare: s.encryptedShare }, {});
      expect(await shareSha256(share)).toBe(s.shareSha256);
      await expect(decryptShareFile(keys[(i + 1) % 3], { tenderId: 'T-9', memberUserId: s.memberUserId, encryptedShare: s.encryptedShare }, {})).rejects.toThrow(
        /cannot be opened/,
      );
      plain.push(share);
    }
    expect(await publicKeyOf(await combineShares([plain[1], plain[2]]))).toBe(upload.openingPublicKey);
    const sealed = await sealBidFile(upload.openingPublicKey, 'T-9', 'ORG', { lots: [{ lotId: 'L1', price: { amount: 5, currency: 'USD' } }], declarations: {} });
    const opened = decodeBidPayload(await openBid(await combineShares([plain[0], plain[2]]), sealed.envelope, { tenderId: 'T-9', bidderOrgId: 'ORG' }));
    expect(opened.lots[0].price.amount).toBe(5);
  });

  it('refuses bad members files, k out of range and bad bids', async () => {
    expect(() => parseMembers([])).toThrow(/non-empty/);
    expect(() =>
      parseMembers([
        { userId: 'a', publicKey: 'x' },
        { userId: 'a', publicKey: 'y' },
      ]),
    ).toThrow(/twice/);
    const k = await generateX25519KeyPair();
    const members = [
      { memberUserId: 'a', publicKey: k.publicKey },
      { memberUserId: 'b', publicKey: 'bad' },
    ];
    await expect(tenderKeygen('T', members, 3)).rejects.toThrow(/at least k/);
    await expect(tenderKeygen('T', members, 2)).rejects.toThrow(/member b/);
    await expect(sealBidFile(k.publicKey, 'T', 'O', { lots: [{ lotId: 'L', price: { amount: 0, currency: 'USD' } }], declarations: {} })).rejects.toThrow(/positive/);
  });

  it('receipt verify (the real command): exit 0 for a genuine receipt, 1 for an altered one', async () => {
    const signer = await generateEd25519KeyPair();
    const signed = await signReceiptWith(signer.privateKey, {
      tenderId: 't',
      ocid: 'ocds-x-1',
      bidId: 'b',
      bidderOrgId: 'o',
      envelopeSha256: 'e'.repeat(64),
      receivedAt: '2026-11-28T06:00:00Z',
    });
    const good = path.join(tmp, 'good.json');
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(good, JSON.stringify(signed));
    fs.writeFileSync(bad, JSON.stringify({ ...signed, receipt: { ...signed.receipt, bidderOrgId: 'p' } }));
    const ok = await run('node', [BIN, 'receipt', 'verify', '--public-key', signer.publicKey, good]);
    expect(ok.stdout).toMatch(/^valid/);
    const fail = await run('node', [BIN, 'receipt', 'verify', '--public-key', signer.publicKey, bad]).catch((e) => e);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/NOT valid/);
  });
});
