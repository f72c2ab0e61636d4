/**
 * Accepted upload types and how to recognise each from its first bytes, so
 * that a file is what it claims to be (an .exe renamed to .pdf is refused).
 */
type Sniff = (b: Buffer) => boolean;
const starts =
  (sig: number[]): Sniff =>
  (b) =>
    sig.every((x, i) => b[i] === x);
const isZip = starts([0x50, 0x4b, 0x03, 0x04]);
const isText: Sniff = (b) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return !b.includes(0);
  } catch {
    return false;
  }
};
const isJson: Sniff = (b) => isText(b) && /^\s*[[{]/.test(b.subarray(0, 64).toString('utf8'));
const isXml: Sniff = (b) =>
  isText(b) &&
  /^\s*(<\?xml|<kml)/.test(
    b
      .subarray(0, 200)
      .toString('utf8')
      .replace(/^\uFEFF/, ''),
  );

export const MEDIA_TYPES: Record<string, Sniff> = {
  'application/pdf': starts([0x25, 0x50, 0x44, 0x46, 0x2d]),
  'image/png': starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': starts([0xff, 0xd8, 0xff]),
  'image/webp': (b) => starts([0x52, 0x49, 0x46, 0x46])(b) && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/zip': isZip,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': isZip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': isZip,
  'text/csv': isText,
  'text/plain': isText,
  'application/json': isJson,
  'application/geo+json': isJson,
  'application/vnd.google-earth.kml+xml': isXml,
};

export function isAcceptedType(mediaType: string): boolean {
  return Object.hasOwn(MEDIA_TYPES, mediaType);
}

export function contentMatches(mediaType: string, data: Buffer): boolean {
  const sniff = MEDIA_TYPES[mediaType];
  return !!sniff && data.length > 0 && sniff(data);
}
