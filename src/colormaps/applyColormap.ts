import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from '../ops/checkLiveNumeric.js';
import { describeValue } from '../ops/describeValue.js';
import type { ColormapLike } from './colormap.js';
import { colorize } from './colorize.js';
import { resolveColormap } from './resolveColormap.js';

/**
 * Colours a heatmap through a colormap's lookup table, on device.
 *
 * Each value `h` selects row `floor(255 · clamp(h, 0, 1))` of the table (truncation, as
 * pytorch-grad-cam's `np.uint8(255 * mask)`; so 0.5 gives row 127 and only exactly 1 gives row 255).
 * NaN is treated as 0; ±Infinity clamps to 0 or 1. With the default `'jet'` the colours equal
 * `cv2.applyColorMap(np.uint8(255 * h), cv2.COLORMAP_JET)` converted to RGB.
 *
 * @param heatmap - one map `[H, W]` or a batch `[B, H, W]`, values in [0, 1] (any dtype).
 * @param colormap - a built-in name or a {@link Colormap}; default `'jet'`.
 * @returns a new int32 tensor of RGB bytes in [0, 255], `[H, W, 3]` or `[B, H, W, 3]`;
 *   the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` when `heatmap` is not 2-D or 3-D or has dtype `string`/`complex64`;
 *   `DISPOSED` when `heatmap` has been disposed; `INVALID_COLORMAP` for an unknown name (the message
 *   lists the built-ins) or a malformed colormap.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(tf.tensor2d([[0, 0.5, 1]]), 'viridis'); // [1, 3, 3] int32
 * // in a browser: await tf.browser.toPixels(rgb, canvas);
 * rgb.dispose();
 * ```
 * @category Colormaps
 */
export function applyColormap(heatmap: tf.Tensor2D, colormap?: ColormapLike): tf.Tensor3D;
export function applyColormap(heatmap: tf.Tensor3D, colormap?: ColormapLike): tf.Tensor4D;
export function applyColormap(
  heatmap: tf.Tensor2D | tf.Tensor3D,
  colormap?: ColormapLike,
): tf.Tensor3D | tf.Tensor4D;
export function applyColormap(
  heatmap: tf.Tensor2D | tf.Tensor3D,
  colormap: ColormapLike = 'jet',
): tf.Tensor3D | tf.Tensor4D {
  if (!(heatmap instanceof tf.Tensor) || (heatmap.rank !== 2 && heatmap.rank !== 3)) {
    throw new CamError(
      'INVALID_INPUT',
      `applyColormap(): heatmap must be one map [H, W] or a batch [B, H, W]; received ${describeValue(heatmap)}.`,
    );
  }
  checkLiveNumeric('applyColormap', 'heatmap', heatmap);
  const cmap = resolveColormap('applyColormap', colormap);
  return tf.tidy(() => colorize(heatmap, cmap) as tf.Tensor3D | tf.Tensor4D);
}
