import { decode } from 'jpeg-js';
import type { DecodedRgb } from './decodedRgb.js';

/**
 * Decodes JPEG bytes (baseline, extended or progressive Huffman; 1, 3 or 4 components) to 8-bit RGB with jpeg-js. jpeg-js upsamples subsampled chroma (4:2:0, 4:2:2) by
 * replication, so such files can differ by a few levels from libjpeg or a browser, which
 * interpolate.
 *
 * Throws the decoder's own `Error` on a corrupt or truncated file or when the decoder's memory
 * limit is exceeded.
 * @internal
 */
export function decodeJpeg(bytes: Uint8Array, maxPixels: number): DecodedRgb {
  const image = decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    // jpeg-js's default: skip stray blocks beyond the frame that some encoders write.
    tolerantDecoding: true,
    maxResolutionInMP: maxPixels / 1e6,
    // jpeg-js holds every DCT coefficient as int32 (4 bytes per sample, 3 components) plus
    // component planes and the output: about 24 bytes per pixel; never below its 512 MB default.
    maxMemoryUsageInMB: Math.max(512, Math.ceil((maxPixels * 24) / 2 ** 20)),
  });
  const { width, height, data } = image;
  return { width, height, data: Int32Array.from(data) };
}
