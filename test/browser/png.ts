import zlib from 'node:zlib';

/** Just enough PNG decoding (8-bit RGB/RGBA, non-interlaced, as Chromium writes) to inspect screenshots. */
export class PNG {
  constructor(
    public width: number,
    public height: number,
    public data: Uint8Array,
  ) {}

  static decode(buf: Buffer): PNG {
    let pos = 8;
    let width = 0;
    let height = 0;
    let colourType = 0;
    const idat: Buffer[] = [];
    while (pos < buf.length) {
      const len = buf.readUInt32BE(pos);
      const type = buf.toString('ascii', pos + 4, pos + 8);
      const body = buf.subarray(pos + 8, pos + 8 + len);
      if (type === 'IHDR') {
        width = body.readUInt32BE(0);
        height = body.readUInt32BE(4);
        colourType = body[9];
        if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit non-interlaced PNG');
      } else if (type === 'IDAT') idat.push(body);
      pos += 12 + len;
    }
    const bpp = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
    if (!bpp) throw new Error(`colour type ${colourType} not supported`);
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = width * bpp;
    const out = new Uint8Array(width * height * 4);
    const prev = new Uint8Array(stride);
    const cur = new Uint8Array(stride);
    for (let y = 0; y < height; y++) {
      const f = raw[y * (stride + 1)];
      const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? cur[i - bpp] : 0;
        const b = prev[i];
        const c = i >= bpp ? prev[i - bpp] : 0;
        let v = line[i];
        if (f === 1) v += a;
        else if (f === 2) v += b;
        else if (f === 3) v += (a + b) >> 1;
        else if (f === 4) {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        cur[i] = v & 255;
      }
      for (let x = 0; x < width; x++) {
        out.set([cur[x * bpp], cur[x * bpp + 1], cur[x * bpp + 2], bpp === 4 ? cur[x * bpp + 3] : 255], (y * width + x) * 4);
      }
      prev.set(cur);
    }
    return new PNG(width, height, out);
  }

  /** [r, g, b] of the pixel at (x, y), counted from the top left. */
  pixel(x: number, y: number): [number, number, number] {
    const i = (Math.round(y) * this.width + Math.round(x)) * 4;
    return [this.data[i], this.data[i + 1], this.data[i + 2]];
  }

  distinctColours(cap: number): number {
    const seen = new Set<number>();
    for (let i = 0; i < this.data.length && seen.size < cap; i += 4) seen.add((this.data[i] << 16) | (this.data[i + 1] << 8) | this.data[i + 2]);
    return seen.size;
  }

  share(pred: (r: number, g: number, b: number) => boolean): number {
    let n = 0;
    for (let i = 0; i < this.data.length; i += 4) if (pred(this.data[i], this.data[i + 1], this.data[i + 2])) n++;
    return n / (this.width * this.height);
  }
}
