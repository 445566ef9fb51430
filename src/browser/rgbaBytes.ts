import { CamError } from '../core/errors.js';

/**
 * Packs interleaved RGB or RGBA values into RGBA bytes: each value is rounded to the nearest
 * integer (ties to even) and clamped to 0..255; with 3 channels alpha is 255.
 *
 * @param fn - the public function's name, used in messages.
 * @param values - `height · width · channels` values, row-major, channels last.
 * @param channels - 3 (RGB) or 4 (RGBA).
 * @returns a new `Uint8ClampedArray` of `height · width · 4` bytes.
 * @throws CamError `NON_FINITE_INPUT` when a value is NaN.
 * @internal
 */
export function rgbaBytes(fn: string, values: ArrayLike<number>, channels: 3 | 4): Uint8ClampedArray<ArrayBuffer> {
  const pixels = values.length / channels;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) {
      const v = values[p * channels + c];
      if (v !== v) {
        throw new CamError('NON_FINITE_INPUT', `${fn}(): image holds NaN at pixel ${p}, channel ${c}; a pixel value must be a number in 0..255.`);
      }
      out[p * 4 + c] = v; // Uint8ClampedArray rounds half to even and clamps to 0..255
    }
    if (channels === 3) out[p * 4 + 3] = 255;
  }
  return out;
}
