import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  checkEnvelope,
  checkThreshold,
  decryptShare,
  encodeBidPayload,
  encryptShare,
  envelopeSha256,
  generateX25519KeyPair,
  type SealedEnvelope,
  sealBid,
  shareSha256,
  splitKey,
  validateBidPayload,
  verifyReceipt,
} from '../../lib/sealing/index.ts';
import { commandGroup } from '../groups.ts';
import { CliError, EXIT } from '../runtime.ts';

/**
 * Client-side sealing commands. None of them touches the database or the
 * server: they run on the committee chair's, a member's or a bidder's own
 * machine, which is the point (the server never holds an opening private key
 * or a plaintext bid).
 */
export interface Member {
  memberUserId: string;
  publicKey: string;
}

export interface OpeningKeyUpload {
  openingPublicKey: string;
  k: number;
  n: number;
  shares: { memberUserId: string; encryptedShare: SealedEnvelope; shareSha256: string }[];
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`cannot read ${what} ${file}`, EXIT.badInput);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${what} ${file} is not valid JSON`, EXIT.badInput);
  }
}

function writePrivate(file: string, value: unknown) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // wx: never overwrite a key file by accident.
  try {
    fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${file} exists; refusing to overwrite it`, EXIT.usage);
    throw err;
  }
}

/** members.json: `[{ "userId" | "memberUserId": "...", "publicKey": "..." }]`, or `{ "members": [...] }`. */
export function parseMembers(raw: unknown): Member[] {
  const list = Array.isArray(raw) ? raw : (raw as { members?: unknown })?.members;
  if (!Array.isArray(list) || list.length === 0) throw new CliError('members file: expected a non-empty list of { userId, publicKey }', EXIT.badInput);
  const members = list.map((m, i) => {
    const o = (m ?? {}) as Record<string, unknown>;
    const id = o.memberUserId ?? o.userId;
    if (typeof id !== 'string' || !id) throw new CliError(`members[${i}]: userId missing`, EXIT.badInput);
    if (typeof o.publicKey !== 'string') throw new CliError(`members[${i}]: publicKey missing`, EXIT.badInput);
    return { memberUserId: id, publicKey: o.publicKey };
  });
  if (new Set(members.map((m) => m.memberUserId)).size !== members.length) throw new CliError('members file names a member twice', EXIT.badInput);
  return members;
}

/**
 * Generate a tender's opening key pair, split it k-of-n and encrypt each
 * share to one member. Returns the upload and the private key (which the
 * caller drops unless asked to keep it).
 */
export async function tenderKeygen(tenderId: string, members: Member[], k: number): Promise<{ upload: OpeningKeyUpload; privateKey: string }> {
  try {
    checkThreshold(members.length, k);
  } catch (err) {
    throw new CliError(`${(err as Error).message} (n = ${members.length} members)`, EXIT.usage);
  }
  const kp = await generateX25519KeyPair();
  const shares = await splitKey(kp.privateKey, members.length, k);
  const out: OpeningKeyUpload['shares'] = [];
  for (const [i, m] of members.entries()) {
    try {
      const encryptedShare = await encryptShare(m.publicKey, shares[i], { tenderId, memberUserId: m.memberUserId });
      out.push({ memberUserId: m.memberUserId, encryptedShare, shareSha256: await shareSha256(shares[i]) });
    } catch (err) {
      throw new CliError(`member ${m.memberUserId}: ${(err as Error).message}`, EXIT.badInput);
    }
  }
  return { upload: { openingPublicKey: kp.publicKey, k, n: members.length, shares: out }, privateKey: kp.privateKey };
}

/** Share file: `{ tenderId, memberUserId, encryptedShare }` as the server hands it out, or a bare envelope with ids given as options. */
export async function decryptShareFile(memberKey: unknown, shareFile: unknown, ids: { tenderId?: string; memberUserId?: string }): Promise<string> {
  const priv = (memberKey as { privateKey?: unknown })?.privateKey;
  if (typeof priv !== 'string') throw new CliError('key file: no privateKey', EXIT.badInput);
  const f = (shareFile ?? {}) as Record<string, unknown>;
  const env = checkEnvelope(shareFile) ? shareFile : f.encryptedShare;
  const tenderId = ids.tenderId ?? f.tenderId;
  const memberUserId = ids.memberUserId ?? f.memberUserId ?? (memberKey as { userId?: unknown }).userId;
  if (!checkEnvelope(env)) throw new CliError('share file: no valid encrypted share', EXIT.badInput);
  if (typeof tenderId !== 'string' || typeof memberUserId !== 'string')
    throw new CliError('share file: tenderId and memberUserId needed (or --tender-id / --member)', EXIT.badInput);
  try {
    return await decryptShare(priv, env, { tenderId, memberUserId });
  } catch (err) {
    throw new CliError(`${(err as Error).message}`, EXIT.badInput);
  }
}

export async function sealBidFile(publicKey: string, tenderId: string, bidderOrgId: string, bid: unknown): Promise<{ envelope: SealedEnvelope; envelopeSha256: string }> {
  let bytes: Uint8Array;
  try {
    bytes = encodeBidPayload(validateBidPayload(bid));
  } catch (err) {
    throw new CliError(`bid: ${(err as Error).message}`, EXIT.badInput);
  }
  try {
    const envelope = await sealBid(publicKey, bytes, { tenderId, bidderOrgId });
    return { envelope, envelopeSha256: await envelopeSha256(envelope) };
  } catch (err) {
    throw new CliError(`${(err as Error).message}`, EXIT.badInput);
  }
}

/** A key given inline, or a file holding it (raw, or JSON with `publicKey`). */
export function keyArgument(value: string): string {
  if (!fs.existsSync(value)) return value.trim();
  const text = fs.readFileSync(value, 'utf8').trim();
  if (!text.startsWith('{')) return text;
  const pub = (JSON.parse(text) as { publicKey?: unknown }).publicKey;
  if (typeof pub !== 'string') throw new CliError(`${value}: no publicKey`, EXIT.badInput);
  return pub;
}

export function registerSealingCommands(program: Command) {
  commandGroup(program, 'tender', 'tender tools')
    .command('keygen')
    .description("make a tender's opening key on this machine, split it k-of-n and encrypt each share to a committee member")
    .requiredOption('--members <file>', 'JSON list of { userId, publicKey } for the opening committee')
    .requiredOption('--k <k>', 'shares needed to open (at least 2)')
    .requiredOption('--tender-id <id>', 'the tender the key is for (bound into each encrypted share)')
    .requiredOption('--out <dir>', 'where to write opening-key-upload.json')
    .option('--keep-private', 'also write the private key to <dir>/opening-private-key.json (mode 0600); normally it is discarded')
    .action(async (o: { members: string; k: string; tenderId: string; out: string; keepPrivate?: boolean }) => {
      const k = Number(o.k);
      if (!Number.isInteger(k)) throw new CliError('--k must be a whole number', EXIT.usage);
      const { upload, privateKey } = await tenderKeygen(o.tenderId, parseMembers(readJson(o.members, 'members file')), k);
      fs.mkdirSync(o.out, { recursive: true });
      const file = path.join(o.out, 'opening-key-upload.json');
      fs.writeFileSync(file, JSON.stringify(upload, null, 2) + '\n');
      if (o.keepPrivate) writePrivate(path.join(o.out, 'opening-private-key.json'), { tenderId: o.tenderId, privateKey, publicKey: upload.openingPublicKey });
      console.log(`opening public key ${upload.openingPublicKey}; ${upload.k} of ${upload.n} shares needed; upload ${file}`);
    });

  const committee = commandGroup(program, 'committee', 'opening-committee member tools');
  committee
    .command('keygen')
    .description("make a committee member's own key pair (register the public key with the platform; keep the file private)")
    .requiredOption('--out <file>', 'key file to write (mode 0600)')
    .option('--user-id <id>', 'your user id, stored in the key file for convenience')
    .action(async (o: { out: string; userId?: string }) => {
      const kp = await generateX25519KeyPair();
      writePrivate(o.out, { ...(o.userId ? { userId: o.userId } : {}), publicKey: kp.publicKey, privateKey: kp.privateKey });
      console.log(kp.publicKey);
    });
  committee
    .command('decrypt-share')
    .description('decrypt your share of an opening key and print it, to submit at the opening')
    .requiredOption('--key <file>', 'your key file (from committee keygen)')
    .requiredOption('--share <file>', 'the encrypted share as downloaded from the platform')
    .option('--tender-id <id>', 'tender id, if the share file does not say')
    .option('--member <userId>', 'your user id, if neither file says')
    .action(async (o: { key: string; share: string; tenderId?: string; member?: string }) => {
      console.log(await decryptShareFile(readJson(o.key, 'key file'), readJson(o.share, 'share file'), { tenderId: o.tenderId, memberUserId: o.member }));
    });

  commandGroup(program, 'bid', 'bidder tools')
    .command('seal')
    .description("encrypt a bid to the tender's opening public key (nothing is sent anywhere)")
    .requiredOption('--tender-public-key <key>', "the tender's opening public key (or a file holding it)")
    .requiredOption('--tender-id <id>', 'tender id')
    .requiredOption('--bidder <orgId>', 'your organisation id')
    .requiredOption('--bid <file>', 'bid JSON: { lots: [{ lotId, price: { amount, currency } }], technicalProposal?, declarations }')
    .requiredOption('--out <file>', 'envelope JSON to write')
    .action(async (o: { tenderPublicKey: string; tenderId: string; bidder: string; bid: string; out: string }) => {
      const r = await sealBidFile(keyArgument(o.tenderPublicKey), o.tenderId, o.bidder, readJson(o.bid, 'bid file'));
      fs.writeFileSync(o.out, JSON.stringify(r.envelope) + '\n');
      console.log(`sealed; envelope SHA-256 ${r.envelopeSha256} (your receipt must show this hash)`);
    });

  commandGroup(program, 'receipt', 'bid receipts')
    .command('verify')
    .description("check a bid receipt offline against the platform's public key (exit 0 valid, 1 not valid)")
    .requiredOption('--public-key <key>', 'platform receipt key (from GET /api/v1/receipts/public-key), inline or a file')
    .argument('<receipt>', 'receipt JSON file { receipt, signature, keyId }')
    .action(async (file: string, o: { publicKey: string }) => {
      const signed = readJson(file, 'receipt');
      if (await verifyReceipt(keyArgument(o.publicKey), signed)) {
        const r = (signed as { receipt: Record<string, string> }).receipt;
        console.log(`valid: bid ${r.bidId} for tender ${r.ocid} by ${r.bidderOrgId}, envelope ${r.envelopeSha256}, received ${r.receivedAt}`);
      } else {
        console.error('NOT valid: the receipt was altered or not signed by this key');
        process.exitCode = EXIT.failure;
      }
    });
}
