import exifr from 'exifr';
import sharp from 'sharp';

/**
 * Reading and resizing progress photos (I/O-free apart from the image
 * libraries): the EXIF position and capture time with exifr, a page-sized
 * copy with sharp. A file that sharp cannot decode as JPEG, PNG or WebP is
 * not an image.
 */
export const PAGE_SIZE_PX = 1280;
const FORMATS = new Set(['jpeg', 'png', 'webp']);

export interface PhotoFacts {
  format: string;
  width: number | null;
  height: number | null;
  position: { lat: number; lon: number } | null;
  takenAtExif: string | null;
  resized: Buffer;
}

export async function readPhoto(data: Buffer): Promise<PhotoFacts | null> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: 100_000_000 }).metadata();
  } catch {
    return null;
  }
  if (!meta.format || !FORMATS.has(meta.format)) return null;
  // Cameras write the date as "YYYY:MM:DD hh:mm:ss" local time: kept as text (see rules.timeStatus).
  const tags = await exifr
    .parse(data, {
      gps: true,
      exif: true,
      tiff: true,
      reviveValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'GPSLatitude', 'GPSLongitude', 'GPSLatitudeRef', 'GPSLongitudeRef'],
    })
    .catch(() => undefined);
  const lat = typeof tags?.latitude === 'number' && Number.isFinite(tags.latitude) ? tags.latitude : null;
  const lon = typeof tags?.longitude === 'number' && Number.isFinite(tags.longitude) ? tags.longitude : null;
  const position = lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
  const taken = tags?.DateTimeOriginal ?? tags?.CreateDate;
  const resized = await sharp(data).rotate().resize({ width: PAGE_SIZE_PX, height: PAGE_SIZE_PX, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
  return { format: meta.format, width: meta.width ?? null, height: meta.height ?? null, position, takenAtExif: typeof taken === 'string' ? taken : null, resized };
}
