import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { applyColormap } from './applyColormap.js';
import type { ColormapLike } from './colormap.js';
import { resolveColormap } from './resolveColormap.js';

/**
 * Renders a colormap as a horizontal gradient strip (left = 0, right = 1), through
 * {@link applyColormap}; handy for legends and documentation.
 *
 * Column `x` shows table row `round(255 · x / (width − 1))` (row 0 when `width` is 1), so a
 * 256-pixel-wide swatch shows every row exactly once.
 *
 * @param colormap - a built-in name or a {@link Colormap}.
 * @param width - strip width in pixels, a positive integer; default 256.
 * @param height - strip height in pixels, a positive integer; default 16.
 * @returns a new int32 tensor `[height, width, 3]` of RGB bytes; the caller owns the returned tensor.
 * @throws CamError `INVALID_COLORMAP` for a bad colormap; `INVALID_OPTION` for a bad width or height.
 *
 * @example
 * ```ts
 * const strip = colormapSwatch('turbo', 512, 24); // [24, 512, 3] int32
 * strip.dispose();
 * ```
 * @category Colormaps
 */
export function colormapSwatch(colormap: ColormapLike, width = 256, height = 16): tf.Tensor3D {
  const cmap = resolveColormap('colormapSwatch', colormap);
  for (const [arg, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new CamError(
        'INVALID_OPTION',
        `colormapSwatch(): ${arg} must be a positive integer (pixels); received ${describeValue(v)}.`,
      );
    }
  }
  // Mid-row values (row + 0.5) / 255 survive float32 rounding and floor() in applyColormap.
  const row = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const index = width === 1 ? 0 : Math.round((255 * x) / (width - 1));
    row[x] = Math.min(1, (index + 0.5) / 255);
  }
  return tf.tidy(() => {
    const map = tf.tile(tf.tensor2d(row, [1, width]), [height, 1]) as tf.Tensor2D;
    return applyColormap(map, cmap);
  });
}
