import { canonicalJson } from '../canonical-json.ts';
import { fromUtf8, sha256, toHex, utf8 } from './encoding.ts';

/**
 * The plaintext inside a sealed bid. The server cannot check it before the
 * opening, so `decodeBidPayload` is strict: whatever it refuses disqualifies
 * the bid, and its error message is the reason written in the opening record.
 */
export interface BidPayload {
  lots: { lotId: string; price: { amount: number; currency: string } }[];
  technicalProposal?: { documents: { title: string; sha256: string; dataB64?: string }[] };
  declarations: Record<string, boolean>;
}

export const PAYLOAD_VERSION = 1;
const MAX_LOTS = 200;
const MAX_DOCUMENTS = 100;
const MAX_DECLARATIONS = 50;
const MAX_AMOUNT = 1e15;

class PayloadError extends Error {}
function fail(msg: string): never {
  throw new PayloadError(msg);
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(o: Record<string, unknown>, allowed: string[], where: string) {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where} has an unknown field "${k}"`);
}

function text(v: unknown, where: string, max: number): string {
  if (typeof v !== 'string' || v.trim().length === 0) fail(`${where} must be a non-empty string`);
  if ((v as string).length > max) fail(`${where} is longer than ${max} characters`);
  return v as string;
}

function lot(v: unknown, i: number): BidPayload['lots'][number] {
  const where = `lots[${i}]`;
  if (!isObject(v)) return fail(`${where} must be an object`);
  onlyKeys(v, ['lotId', 'price'], where);
  const lotId = text(v.lotId, `${where}.lotId`, 200);
  if (!isObject(v.price)) return fail(`${where}.price must be an object`);
  onlyKeys(v.price, ['amount', 'currency'], `${where}.price`);
  const { amount, currency } = v.price;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) fail(`${where}.price.amount must be a positive number`);
  if ((amount as number) > MAX_AMOUNT) fail(`${where}.price.amount is implausibly large`);
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) fail(`${where}.price.currency must be an ISO 4217 code`);
  return { lotId, price: { amount: amount as number, currency: currency as string } };
}

function documents(v: unknown): NonNullable<BidPayload['technicalProposal']> {
  if (!isObject(v)) return fail('technicalProposal must be an object');
  onlyKeys(v, ['documents'], 'technicalProposal');
  if (!Array.isArray(v.documents)) return fail('technicalProposal.documents must be an array');
  if (v.documents.length > MAX_DOCUMENTS) fail(`technicalProposal has more than ${MAX_DOCUMENTS} documents`);
  return {
    documents: v.documents.map((d: unknown, i: number) => {
      const where = `technicalProposal.documents[${i}]`;
      if (!isObject(d)) return fail(`${where} must be an object`);
      onlyKeys(d, ['title', 'sha256', 'dataB64'], where);
      const title = text(d.title, `${where}.title`, 500);
      if (typeof d.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256)) fail(`${where}.sha256 must be 64 lowercase hex digits`);
      if (d.dataB64 !== undefined && (typeof d.dataB64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(d.dataB64) || d.dataB64.length % 4 !== 0))
        fail(`${where}.dataB64 must be base64`);
      return d.dataB64 === undefined ? { title, sha256: d.sha256 as string } : { title, sha256: d.sha256 as string, dataB64: d.dataB64 as string };
    }),
  };
}

function declarations(v: unknown): Record<string, boolean> {
  if (!isObject(v)) return fail('declarations must be an object');
  const entries = Object.entries(v);
  if (entries.length > MAX_DECLARATIONS) fail(`more than ${MAX_DECLARATIONS} declarations`);
  for (const [k, val] of entries) {
    if (k.length === 0 || k.length > 100) fail('a declaration name must have 1 to 100 characters');
    if (typeof val !== 'boolean') fail(`declarations.${k} must be true or false`);
  }
  return { ...(v as Record<string, boolean>) };
}

/** Check a bid's structure; returns a clean copy or throws with the reason. */
export function validateBidPayload(v: unknown): BidPayload {
  if (!isObject(v)) return fail('the bid is not a JSON object');
  onlyKeys(v, ['v', 'lots', 'technicalProposal', 'declarations'], 'the bid');
  if (v.v !== undefined && v.v !== PAYLOAD_VERSION) fail(`unsupported bid format version ${String(v.v)}`);
  if (!Array.isArray(v.lots) || v.lots.length === 0) fail('the bid names no lots');
  if ((v.lots as unknown[]).length > MAX_LOTS) fail(`the bid names more than ${MAX_LOTS} lots`);
  const lots = (v.lots as unknown[]).map(lot);
  const seen = new Set<string>();
  for (const l of lots) {
    if (seen.has(l.lotId)) fail(`lot ${l.lotId} is priced twice`);
    seen.add(l.lotId);
  }
  const out: BidPayload = { lots, declarations: declarations(v.declarations) };
  if (v.technicalProposal !== undefined) out.technicalProposal = documents(v.technicalProposal);
  return out;
}

/** Validate and serialise a bid (canonical JSON, UTF-8) ready for sealBid. */
export function encodeBidPayload(bid: BidPayload): Uint8Array {
  return utf8(canonicalJson({ v: PAYLOAD_VERSION, ...validateBidPayload(bid) }));
}

/** Parse and validate opened bytes; the thrown message is the disqualification reason. */
export function decodeBidPayload(bytes: Uint8Array): BidPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(bytes));
  } catch {
    fail('the bid is not valid UTF-8 JSON');
  }
  if (!isObject(parsed) || parsed.v !== PAYLOAD_VERSION) fail('the bid does not declare format version 1');
  return validateBidPayload(parsed);
}

/**
 * Check that documents carried inline hash to their declared SHA-256 (async,
 * so kept apart from decodeBidPayload). Throws with the reason.
 */
export async function checkBidDocuments(bid: BidPayload): Promise<void> {
  for (const [i, d] of (bid.technicalProposal?.documents ?? []).entries()) {
    if (d.dataB64 === undefined) continue;
    const bin = atob(d.dataB64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    if (toHex(await sha256(bytes)) !== d.sha256) fail(`technicalProposal.documents[${i}] does not match its SHA-256`);
  }
}
