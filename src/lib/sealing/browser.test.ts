import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as node from './index.ts';

/**
 * The browser and the Node paths are the same module: bundle it for the
 * browser (which fails on any `node:` import), run it in Chromium, and check
 * that what one side seals the other side opens.
 */
const CHROMIUM = '/usr/bin/chromium';
const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe.skipIf(!fs.existsSync(CHROMIUM))('sealing in the browser', () => {
  let browser: Browser;
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    const bundle = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', globalName: 'Sealing', write: false, logLevel: 'silent' });
    const js = bundle.outputFiles[0].text;
    expect(js).not.toMatch(/require\(["']node:/);
    server = http.createServer((req, res) => {
      if (req.url === '/sealing.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/sealing.js"></script>');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => server?.close(ok));
  });

  it('a bid sealed in Chromium opens in Node, and the reverse; shares and receipts agree', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const aad = { tenderId: 't-1', bidderOrgId: 'org-1' };
    const bid = { lots: [{ lotId: 'L1', price: { amount: 777_000, currency: 'AZN' } }], declarations: { eligible: true } };
    const opening = await node.generateX25519KeyPair();
    const fromBrowser = await page.evaluate(
      async ({ pub, aad, bid }) => {
        const S = (globalThis as unknown as { Sealing: typeof import('./index.ts') }).Sealing;
        const env = await S.sealBid(pub, S.encodeBidPayload(bid), aad);
        const kp = await S.generateX25519KeyPair();
        const shares = await S.splitKey(kp.privateKey, 3, 2);
        return { env, hash: await S.envelopeSha256(env), kp, shares, pubOf: await S.publicKeyOf(kp.privateKey) };
      },
      { pub: opening.publicKey, aad, bid },
    );
    expect(node.decodeBidPayload(await node.openBid(opening.privateKey, fromBrowser.env, aad))).toEqual(bid);
    expect(await node.envelopeSha256(fromBrowser.env)).toBe(fromBrowser.hash);
    expect(fromBrowser.pubOf).toBe(fromBrowser.kp.publicKey);
    expect(await node.publicKeyOf(await node.combineShares([fromBrowser.shares[0], fromBrowser.shares[2]]))).toBe(fromBrowser.kp.publicKey);

    const fromNode = await node.sealBid(fromBrowser.kp.publicKey, node.encodeBidPayload(bid), aad);
    const signer = await node.generateEd25519KeyPair();
    const signed = await node.signReceiptWith(signer.privateKey, {
      tenderId: 't-1',
      ocid: 'ocds-x-1',
      bidId: 'b-1',
      bidderOrgId: 'org-1',
      envelopeSha256: fromBrowser.hash,
      receivedAt: '2026-01-01T00:00:00Z',
    });
    const inBrowser = await page.evaluate(
      async ({ priv, env, aad, signPub, signed }) => {
        const S = (globalThis as unknown as { Sealing: typeof import('./index.ts') }).Sealing;
        const opened = S.decodeBidPayload(await S.openBid(priv, env, aad));
        const forged = { ...signed, receipt: { ...signed.receipt, receivedAt: '2026-01-01T00:00:01Z' } };
        return { opened, valid: await S.verifyReceipt(signPub, signed), forged: await S.verifyReceipt(signPub, forged) };
      },
      { priv: fromBrowser.kp.privateKey, env: fromNode, aad, signPub: signer.publicKey, signed },
    );
    expect(inBrowser).toEqual({ opened: bid, valid: true, forged: false });
  });
});
