import { PNG } from 'pngjs';
import type { DecodedRgb } from './decodedRgb.js';

/**
 * Decodes PNG bytes to 8-bit RGB with pngjs. Every PNG colour type and bit depth is accepted:
 * greyscale is replicated to R=G=B, palette indices are looked up, 1/2/4-bit samples are scaled
 * to 0..255 and 16-bit samples are reduced as `round(v * 255 / 65535)`. Alpha (an alpha channel,
 * a palette's alpha entries or a tRNS colour key) is dropped: the stored colour is returned
 * unchanged, never blended with a background or premultiplied.
 *
 * Throws the decoder's own `Error` on a corrupt or truncated file.
 * @internal
 */
export function decodePng(bytes: Uint8Array): DecodedRgb {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const png = PNG.sync.read(buffer);
  const { width, height, data } = png;
  const rgb = new Int32Array(width * height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    rgb[q] = data[p];
    rgb[q + 1] = data[p + 1];
    rgb[q + 2] = data[p + 2];
  }
  restoreColourKey(png as PngMeta, rgb);
  return { width, height, data: rgb };
}

interface PngMeta {
  colorType: number;
  depth: number;
  transColor?: number[];
  data: Uint8Array;
}

/**
 * pngjs turns pixels equal to the tRNS colour key of a greyscale or RGB image into (0,0,0,0);
 * since alpha is dropped here, give those pixels back their stored colour. (Without an alpha
 * channel, alpha 0 can only come from that key.)
 */
function restoreColourKey(png: PngMeta, rgb: Int32Array): void {
  const key = png.transColor;
  if (!key || (png.colorType !== 0 && png.colorType !== 2)) return;
  const max = 2 ** png.depth - 1;
  const scaled = key.map((v) => Math.floor((v * 255) / max + 0.5));
  const [r, g, b] = scaled.length === 1 ? [scaled[0], scaled[0], scaled[0]] : scaled;
  const alpha = png.data;
  for (let p = 3, q = 0; q < rgb.length; p += 4, q += 3) {
    if (alpha[p] === 0) {
      rgb[q] = r;
      rgb[q + 1] = g;
      rgb[q + 2] = b;
    }
  }
}
