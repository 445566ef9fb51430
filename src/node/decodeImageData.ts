import { checkPixelCount } from './resolveMaxPixels.js';
import { CamError } from '../core/errors.js';
import { decodeJpeg } from './decodeJpeg.js';
import { decodePng } from './decodePng.js';
import { pngDataProblem } from './pngDataProblem.js';
import type { DecodedRgb } from './decodedRgb.js';
import { sniffImage } from './sniffImage.js';

const SUPPORTED = 'supported formats: PNG and JPEG (baseline or progressive)';

/**
 * Shared body of `readImage` and `decodeImage`: checks the bytes, refuses images whose declared
 * size exceeds `maxPixels` before decoding anything, then decodes to RGB on the host. Creates no
 * tensors.
 *
 * @param bytes - the file's bytes.
 * @param label - how messages name the data, e.g. `"photos/cat.png"` (already quoted).
 * @param maxPixels - the largest accepted width × height (already validated).
 * @param fn - the public function's name for messages.
 * @internal
 */
export function decodeImageData(bytes: Uint8Array, label: string, maxPixels: number, fn: string): DecodedRgb {
  if (bytes.length === 0) {
    throw new CamError('FILE_UNREADABLE', `${fn}(): ${label} is empty (0 bytes); expected a PNG or JPEG image.`);
  }
  const sniff = sniffImage(bytes);
  if (sniff.format === 'other') {
    const what = sniff.label === 'unknown'
      ? `is not a PNG or JPEG image: its first bytes (${sniff.signature}) match no known image signature`
      : `is a ${sniff.label} image (first bytes: ${sniff.signature})`;
    throw new CamError(
      'UNSUPPORTED_FORMAT',
      `${fn}(): ${label} ${what}; ${SUPPORTED}. The format is detected from the bytes, not the ` +
        `file name; convert the image to PNG or JPEG first` +
        (sniff.label !== 'unknown' && fn === 'decodeImage'
          ? ', or read the file with readImage(path), which decodes WebP, GIF, AVIF, TIFF and SVG through the optional package sharp.'
          : '.'),
    );
  }
  const format = sniff.format.toUpperCase();
  if (sniff.problem !== undefined) {
    throw new CamError('FILE_UNREADABLE', `${fn}(): ${label} starts like a ${format} file but ${sniff.problem}; the file is truncated or corrupt.`);
  }
  const { width, height } = sniff;
  if (width === 0 || height === 0) {
    throw new CamError('FILE_UNREADABLE', `${fn}(): ${label} is a ${format} file whose header declares a ${width}x${height} image; the file is corrupt.`);
  }
  checkPixelCount(width, height, maxPixels, label, format, fn);
  // A JPEG spends at least one bit per MCU: a small file declaring a large frame would keep jpeg-js
  // busy for seconds on a frame that cannot be there.
  const mcuBytes = Math.ceil((sniff.mcus ?? 0) / 8);
  if (sniff.format === 'jpeg' && bytes.length < mcuBytes) {
    throw new CamError(
      'FILE_UNREADABLE',
      `${fn}(): ${label} is a JPEG file whose header declares a ${width}x${height} image (${sniff.mcus} coded units, at least ${mcuBytes} bytes of image data), but the file holds ${bytes.length} bytes; it is truncated or its header was altered.`,
    );
  }
  const short = sniff.format === 'png' ? pngDataProblem(bytes) : undefined;
  if (short !== undefined) {
    throw new CamError('FILE_UNREADABLE', `${fn}(): ${label} is a PNG image (${width}x${height}) that cannot be decoded: ${short}; the file is truncated or corrupt (or its header was altered).`);
  }
  try {
    return sniff.format === 'png' ? decodePng(bytes) : decodeJpeg(bytes, maxPixels);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const decoder = sniff.format === 'png' ? 'pngjs' : 'jpeg-js';
    const hint = looksTruncated(bytes, sniff.format) ? ' (it does not end with an end-of-image marker: the file looks truncated)' : '';
    throw new CamError(
      'FILE_UNREADABLE',
      `${fn}(): ${label} is a ${format} image (${width}x${height}) that could not be decoded${hint}; ` +
        `${decoder} says: ${reason}. Re-export or re-download the file.`,
    );
  }
}

/** True when the file lacks its format's closing marker (PNG IEND chunk, JPEG EOI). */
function looksTruncated(b: Uint8Array, format: 'png' | 'jpeg'): boolean {
  const n = b.length;
  if (format === 'jpeg') {
    // Some writers append padding after EOI: look for it in the last bytes.
    const tail = b.subarray(Math.max(0, n - 64));
    for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
    return true;
  }
  // IEND chunk: length 0, "IEND", CRC ae 42 60 82.
  const iend = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  return n < 12 || !iend.every((v, k) => b[n - 8 + k] === v);
}
