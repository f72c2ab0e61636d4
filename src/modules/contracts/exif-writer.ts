/**
 * Writes a minimal EXIF block (capture time + GPS position) into a JPEG.
 * Pure, no I/O. Used by the demo step and the tests to make photos that carry
 * real EXIF, as a phone camera writes it: TIFF little-endian, IFD0 pointing to
 * an Exif IFD (DateTimeOriginal) and a GPS IFD (refs + degrees/minutes/seconds).
 */
const ASCII = 2,
  SHORT = 3,
  LONG = 4,
  RATIONAL = 5,
  BYTE = 1;
const typeSize: Record<number, number> = { [BYTE]: 1, [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [RATIONAL]: 8 };

interface Entry {
  tag: number;
  type: number;
  values: number[] | string;
}

function ifdBytes(entries: Entry[], start: number, next = 0): Buffer {
  const head = 2 + entries.length * 12 + 4;
  const extra: Buffer[] = [];
  let extraOffset = start + head;
  const out = Buffer.alloc(head);
  out.writeUInt16LE(entries.length, 0);
  entries.forEach((e, i) => {
    const p = 2 + i * 12;
    const raw = typeof e.values === 'string' ? Buffer.from(`${e.values}\0`, 'latin1') : encode(e.type, e.values);
    const count = typeof e.values === 'string' ? raw.length : e.type === RATIONAL ? e.values.length / 2 : e.values.length;
    out.writeUInt16LE(e.tag, p);
    out.writeUInt16LE(e.type, p + 2);
    out.writeUInt32LE(count, p + 4);
    if (raw.length <= 4) raw.copy(out, p + 8);
    else {
      out.writeUInt32LE(extraOffset, p + 8);
      extra.push(raw);
      extraOffset += raw.length;
    }
  });
  out.writeUInt32LE(next, head - 4);
  return Buffer.concat([out, ...extra]);
}

function encode(type: number, values: number[]): Buffer {
  const b = Buffer.alloc((values.length * typeSize[type]) / (type === RATIONAL ? 2 : 1));
  if (type === RATIONAL) values.forEach((v, i) => b.writeUInt32LE(v, i * 4));
  else values.forEach((v, i) => (type === BYTE ? b.writeUInt8(v, i) : type === SHORT ? b.writeUInt16LE(v, i * 2) : b.writeUInt32LE(v, i * 4)));
  return b;
}

function dms(deg: number): number[] {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 10000);
  return [d, 1, m, 1, s, 10000];
}

const exifDate = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');

/** The TIFF payload of an APP1 "Exif" segment. */
export function exifBlock(o: { takenAt?: Date; position?: { lat: number; lon: number } }): Buffer {
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]);
  const ifd0Entries = (o.takenAt ? 1 : 0) + (o.position ? 1 : 0);
  const ifd0Size = 2 + ifd0Entries * 12 + 4;
  let offset = 8 + ifd0Size;
  const pointers: Entry[] = [];
  const tail: Buffer[] = [];
  if (o.takenAt) {
    pointers.push({ tag: 0x8769, type: LONG, values: [offset] });
    const ifd = ifdBytes([{ tag: 0x9003, type: ASCII, values: exifDate(o.takenAt) }], offset);
    tail.push(ifd);
    offset += ifd.length;
  }
  if (o.position) {
    pointers.push({ tag: 0x8825, type: LONG, values: [offset] });
    const { lat, lon } = o.position;
    const ifd = ifdBytes(
      [
        { tag: 0x0000, type: BYTE, values: [2, 3, 0, 0] },
        { tag: 0x0001, type: ASCII, values: lat >= 0 ? 'N' : 'S' },
        { tag: 0x0002, type: RATIONAL, values: dms(lat) },
        { tag: 0x0003, type: ASCII, values: lon >= 0 ? 'E' : 'W' },
        { tag: 0x0004, type: RATIONAL, values: dms(lon) },
      ],
      offset,
    );
    tail.push(ifd);
  }
  return Buffer.concat([header, ifdBytes(pointers, 8), ...tail]);
}

/** Insert the EXIF block right after the JPEG's start-of-image marker. */
export function withExif(jpeg: Buffer, o: { takenAt?: Date; position?: { lat: number; lon: number } }): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const tiff = exifBlock(o);
  const seg = Buffer.alloc(4 + 6);
  seg.writeUInt16BE(0xffe1, 0);
  seg.writeUInt16BE(2 + 6 + tiff.length, 2);
  seg.write('Exif\0\0', 4, 'latin1');
  return Buffer.concat([jpeg.subarray(0, 2), seg, tiff, jpeg.subarray(2)]);
}
