import { checkPixelCount } from './resolveMaxPixels.js';
import { CamError } from '../core/errors.js';
import type { DecodedRgb } from './decodedRgb.js';
import { loadSharp } from './loadSharp.js';

/**
 * Decodes a format the pure-JS decoders do not read (WebP, GIF, AVIF, TIFF, SVG, ...) with the
 * optional `sharp` package, to 8-bit RGB like the PNG and JPEG paths: the first frame of an
 * animation, alpha dropped (stored colours kept), greyscale replicated to three channels, 16-bit
 * samples reduced to 8 bits, EXIF orientation not applied. The size declared in the header is
 * checked against `maxPixels` before any pixel is decoded.
 *
 * @param bytes - the file's bytes.
 * @param label - how messages name the data (already quoted).
 * @param format - the format detected from the bytes, e.g. `'WebP'`.
 * @param maxPixels - the largest accepted width × height.
 * @param fn - the public function's name for messages.
 * @throws CamError `UNSUPPORTED_FORMAT` (sharp missing, or it does not read this format),
 *   `IMAGE_TOO_LARGE`, `FILE_UNREADABLE` (sharp failed on a corrupt file).
 * @internal
 */
export async function decodeWithSharp(bytes: Uint8Array, label: string, format: string, maxPixels: number, fn: string): Promise<DecodedRgb> {
  const sharp = await loadSharp(fn, `${label} is a ${format} image`);
  const options = { limitInputPixels: Math.max(1, Math.floor(maxPixels)), failOn: 'error', pages: 1 };
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    // Header only: sharp's own pixel limit is lifted here so that the check below names the size.
    meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
  } catch (e) {
    throw sharpFailure(e, label, format, fn);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  checkPixelCount(width, height, maxPixels, label, format, fn);
  let raw: { data: Uint8Array; info: { width: number; height: number; channels: number } };
  try {
    raw = await sharp(bytes, options).removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw sharpFailure(e, label, format, fn);
  }
  const { data, info } = raw;
  const n = info.width * info.height;
  const rgb = new Int32Array(n * 3);
  const c = info.channels;
  for (let p = 0; p < n; p++) {
    // sRGB output has 3 channels; a single band (never expected after toColourspace) is replicated.
    const r = data[p * c]!;
    rgb[p * 3] = r;
    rgb[p * 3 + 1] = c >= 3 ? data[p * c + 1]! : r;
    rgb[p * 3 + 2] = c >= 3 ? data[p * c + 2]! : r;
  }
  return { width: info.width, height: info.height, data: rgb };
}

function sharpFailure(e: unknown, label: string, format: string, fn: string): CamError {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
  if (/pixel limit/i.test(message)) {
    return new CamError('IMAGE_TOO_LARGE', `${fn}(): ${label} is a ${format} image larger than maxPixels; sharp says: ${message}. Downscale it, or pass a larger { maxPixels }.`);
  }
  if (/unsupported image format/i.test(message)) {
    return new CamError('UNSUPPORTED_FORMAT', `${fn}(): ${label} is a ${format} image that sharp cannot read (sharp says: ${message}); convert it to PNG or JPEG.`);
  }
  return new CamError('FILE_UNREADABLE', `${fn}(): ${label} is a ${format} image that could not be decoded; sharp says: ${message}. Re-export or re-download the file.`);
}
