import { bitmapFont } from './bitmapFont.js';

/** Glyph size of the bitmap font in pixels (at scale 1): 5 wide, 8 tall (row 7 for descenders). */
export const GLYPH_WIDTH = 5;
/** Glyph height of the bitmap font (at scale 1). */
export const GLYPH_HEIGHT = 8;
/** Horizontal distance between character origins (glyph + 1 pixel gap), at scale 1. */
export const CHAR_ADVANCE = 6;
/** Vertical distance between baselines of successive lines (glyph + 1 pixel gap), at scale 1. */
export const LINE_ADVANCE = 9;

/**
 * An RGB raster on the host: `data` holds `height * width * 3` values, row-major.
 * @internal
 */
export interface RgbRaster {
  width: number;
  height: number;
  data: Int32Array | Uint8Array | Uint8ClampedArray;
}

/**
 * Draws `text` with the project's 5×8 bitmap font into an RGB raster, each font pixel a
 * `scale × scale` square of `color`; only ink pixels are written (the background is left as it
 * is). Characters outside printable ASCII (32..126) are drawn as `?`. Pixels falling outside the
 * raster are clipped.
 *
 * @param raster - the target, modified in place.
 * @param text - one line of text.
 * @param x - left edge of the first character, in raster pixels.
 * @param y - top edge of the line, in raster pixels.
 * @param scale - integer size of a font pixel (default 1).
 * @param color - `[r, g, b]` bytes (default white).
 * @internal
 */
export function drawText(raster: RgbRaster, text: string, x: number, y: number, scale = 1, color: [number, number, number] = [255, 255, 255]): void {
  const { width, height, data } = raster;
  let originX = x;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const index = code >= 32 && code <= 126 ? code - 32 : '?'.charCodeAt(0) - 32;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const bits = parseInt(bitmapFont[index * GLYPH_HEIGHT + row]!, 32);
      if (bits === 0) continue;
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (!(bits & (1 << (GLYPH_WIDTH - 1 - col)))) continue;
        for (let dy = 0; dy < scale; dy++) {
          const py = y + row * scale + dy;
          if (py < 0 || py >= height) continue;
          for (let dx = 0; dx < scale; dx++) {
            const px = originX + col * scale + dx;
            if (px < 0 || px >= width) continue;
            const at = (py * width + px) * 3;
            data[at] = color[0];
            data[at + 1] = color[1];
            data[at + 2] = color[2];
          }
        }
      }
    }
    originX += CHAR_ADVANCE * scale;
  }
}
