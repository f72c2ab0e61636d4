import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { type ChainEvent, type ChainedRow, checkLinks, GENESIS_HASH, linkHash } from './chain.ts';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], é: 2, A: { z: 1, y: 2 } })).toBe('{"A":{"y":2,"z":1},"a":[true,null,"x"],"b":1,"é":2}');
  });
  it('writes numbers in ECMAScript shortest form', () => {
    expect(canonicalJson([1.0, 1e21, 0.1, -0, 1e-7])).toBe('[1,1e+21,0.1,0,1e-7]');
  });
  it('escapes strings like JSON.stringify and keeps non-ASCII as is', () => {
    expect(canonicalJson('İlham\n"Şuşa"')).toBe('"İlham\\n\\"Şuşa\\""');
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });
});

const event = (id: number, over: Partial<ChainEvent> = {}): ChainEvent => ({
  id,
  occurredAt: `2026-01-01T00:00:0${id}.123456Z`,
  actorUserId: null,
  actorOrgId: null,
  actorLabel: 'system:test',
  action: 'thing.create',
  entityType: 'thing',
  entityId: String(id),
  before: null,
  after: { n: id },
  reason: null,
  requestId: 'r',
  ...over,
});

function chain(n: number): ChainedRow[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const e = event(i + 1);
    const hash = linkHash(i + 1, prev, e);
    const row = { ...e, seq: i + 1, prevHash: prev, hash };
    prev = hash;
    return row;
  });
}

describe('checkLinks', () => {
  it('accepts an intact chain', () => {
    expect(checkLinks(chain(5), { expectSeq: 1, prev: GENESIS_HASH })).toBeNull();
  });
  it('names an altered link', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], after: { n: 999 } };
    expect(checkLinks(rows, { expectSeq: 1, prev: GENESIS_HASH })).toMatchObject({ seq: 3 });
  });
  it('names a missing link', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(checkLinks(rows, { expectSeq: 1, prev: GENESIS_HASH })).toMatchObject({ seq: 2, problem: expect.stringMatching(/missing/) });
  });
  it('names reordered links', () => {
    const rows = chain(5);
    const [a, b] = [rows[1], rows[2]];
    rows[1] = { ...b, seq: 2 };
    rows[2] = { ...a, seq: 3 };
    expect(checkLinks(rows, { expectSeq: 1, prev: GENESIS_HASH })?.seq).toBe(2);
  });
  it('hashes only the event fields, whatever else the row carries', () => {
    const e = event(1);
    expect(linkHash(1, GENESIS_HASH, { ...e, extra: 'ignored' } as ChainEvent)).toBe(linkHash(1, GENESIS_HASH, e));
  });
});
