import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOutline } from './typed-outline.ts';

const square = [
  [47.1, 39.5],
  [47.102, 39.5],
  [47.102, 39.502],
  [47.1, 39.502],
  [47.1, 39.5],
];

describe('an outline typed as lines of longitude latitude', () => {
  it('reads spaces, commas and tabs, skips blank lines and closes the ring', () => {
    const r = parseOutline('47.1 39.5\n\n47.102, 39.5\r\n47.102\t39.502\n  47.1 ,39.502  \n');
    expect(r).toEqual({ ok: true, corners: 4, geometry: { type: 'Polygon', coordinates: [square] } });
  });

  it('keeps a ring already closed as it is', () => {
    const r = parseOutline(square.map((c) => c.join(' ')).join('\n'));
    expect(r.ok && r.geometry.coordinates).toEqual([square]);
  });

  it('accepts signs and leading or trailing points', () => {
    const r = parseOutline('-0.5 +10\n.5 10\n1. -10');
    expect(r.ok && r.geometry.coordinates[0]).toEqual([
      [-0.5, 10],
      [0.5, 10],
      [1, -10],
      [-0.5, 10],
    ]);
  });

  it('names the line that is not a pair of decimal numbers', () => {
    expect(parseOutline('47.1 39.5\n47.2 39.5 12\n47.2 39.6')).toEqual({ ok: false, code: 'pair', line: 2 });
    expect(parseOutline('47.1 39.5\n\n47.2 abc')).toEqual({ ok: false, code: 'pair', line: 3 });
    expect(parseOutline('47.1')).toEqual({ ok: false, code: 'pair', line: 1 });
    expect(parseOutline('47,1 39,5')).toEqual({ ok: false, code: 'pair', line: 1 });
    expect(parseOutline('4.7e1 39.5')).toEqual({ ok: false, code: 'pair', line: 1 });
    expect(parseOutline('47°06′ 39°30′')).toEqual({ ok: false, code: 'pair', line: 1 });
  });

  it('names the line out of range', () => {
    expect(parseOutline('47.1 39.5\n47.2 95\n47.2 39.6')).toEqual({ ok: false, code: 'range', line: 2 });
    expect(parseOutline('180.5 0\n0 1\n1 1')).toEqual({ ok: false, code: 'range', line: 1 });
    expect(parseOutline('180 90\n-180 -90\n0 0').ok).toBe(true);
  });

  it('needs three different corners', () => {
    expect(parseOutline('')).toEqual({ ok: false, code: 'empty', line: 1 });
    expect(parseOutline(' \n\t\n')).toEqual({ ok: false, code: 'empty', line: 1 });
    expect(parseOutline('47.1 39.5\n47.2 39.5')).toEqual({ ok: false, code: 'few', line: 2, count: 2 });
    expect(parseOutline('47.1 39.5\n47.2 39.5\n47.1 39.5\n\n')).toEqual({ ok: false, code: 'few', line: 3, count: 2 });
    expect(parseOutline('1 1\n1 1\n1 1\n1 1')).toEqual({ ok: false, code: 'few', line: 4, count: 1 });
  });
});

describe('a pasted GeoJSON geometry', () => {
  it('takes a Polygon, bare or in a Feature, and closes an open ring', () => {
    const open = { type: 'Polygon', coordinates: [square.slice(0, 4)] };
    expect(parseOutline(JSON.stringify(open))).toEqual({ ok: true, corners: 4, geometry: { type: 'Polygon', coordinates: [square] } });
    const feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square] } };
    expect(parseOutline(JSON.stringify(feature, null, 2))).toMatchObject({ ok: true, geometry: { type: 'Polygon', coordinates: [square] } });
  });

  it('takes a MultiPolygon and drops a third coordinate', () => {
    const r = parseOutline(JSON.stringify({ type: 'MultiPolygon', coordinates: [[square.map(([x, y]) => [x, y, 120])], [square.map(([x, y]) => [x + 1, y])]] }));
    expect(r.ok && r.geometry.type).toBe('MultiPolygon');
    expect(r.ok && r.geometry.coordinates[0]).toEqual([square]);
  });

  it('refuses other geometries and broken JSON, naming the line', () => {
    expect(parseOutline('{"type":"Point","coordinates":[47,39]}')).toEqual({ ok: false, code: 'geojson', line: 1 });
    expect(parseOutline('\n\n{"type":"Polygon","coordinates":[[[47,39],[47,"x"],[48,40]]]}')).toEqual({ ok: false, code: 'geojson', line: 3 });
    const broken = parseOutline('{\n  "type": "Polygon",\n  "coordinates": [[[47, 39], [47.1 39]]]\n}');
    expect(broken).toMatchObject({ ok: false, code: 'geojson' });
    expect(broken.ok ? 0 : broken.line).toBeGreaterThanOrEqual(1);
    expect(parseOutline('{"type":"Polygon","coordinates":[[[47,39],[47,99],[48,40]]]}')).toEqual({ ok: false, code: 'range', line: 1 });
    expect(parseOutline('{"type":"Polygon","coordinates":[[[47,39],[48,40],[47,39]]]}')).toEqual({ ok: false, code: 'few', line: 1, count: 2 });
  });
});

describe('whatever is typed', () => {
  const junkLine = fc.oneof(
    fc.string(),
    fc.string({ unit: fc.constantFrom(...'0123456789.,-+ \t;e{}[]"') }),
    fc.tuple(fc.double(), fc.double()).map(([a, b]) => `${a} ${b}`),
    fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true })).map(([a, b]) => `${a}, ${b}`),
    fc.json(),
  );

  it('never throws: a closed ring of at least three corners in range, or a problem on a line that exists', () => {
    fc.assert(
      fc.property(fc.array(junkLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.join(eol);
        const r = parseOutline(text);
        if (r.ok) {
          const rings = r.geometry.type === 'Polygon' ? r.geometry.coordinates : r.geometry.coordinates.flat();
          for (const ring of rings) {
            expect(ring.length).toBeGreaterThanOrEqual(4);
            expect(ring[0]).toEqual(ring[ring.length - 1]);
            for (const [x, y] of ring) expect(Math.abs(x) <= 180 && Math.abs(y) <= 90).toBe(true);
          }
        } else {
          expect(['empty', 'pair', 'range', 'few', 'geojson']).toContain(r.code);
          expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= Math.max(1, text.split(/\r\n|\r|\n/).length)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
