import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import type { ColormapLike } from '../colormaps/colormap.js';
import { colorize } from '../colormaps/colorize.js';
import { resolveColormap } from '../colormaps/resolveColormap.js';
import { describeValue } from './describeValue.js';

/**
 * Options of {@link overlay}; every field is optional.
 * @example
 * ```ts
 * const options: OverlayOptions = { alpha: 0.3, colormap: 'inferno' };
 * const blended = overlay(image, tf.squeeze(heatmap, [0]) as tf.Tensor2D, options); // int32 [H, W, 3]
 * blended.dispose();
 * ```
 * @category Ops
 */
export interface OverlayOptions {
  /** Weight of the coloured heatmap, in [0, 1]; the image gets `1 − alpha`. Default 0.5. */
  alpha?: number;
  /** Colormap name or object; default `'jet'` (OpenCV's table). */
  colormap?: ColormapLike;
}

/**
 * Alpha-blends a colour-mapped heatmap over an RGB image:
 * `out = round((1 − alpha) · image + alpha · applyColormap(heatmap, colormap))`, clamped to [0, 255].
 *
 * The output is RGB (never BGR). Rounding is to nearest with ties to even (`tf.round`), as in
 * OpenCV's `cv2.addWeighted(image, 1 − alpha, heat, alpha, 0)`: identical to it for `alpha = 0.5`,
 * and at most 1 level apart at float32 rounding ties for other alphas. Unlike pytorch-grad-cam's
 * `show_cam_on_image`, the blend is **not** divided by its global maximum afterwards, so the image
 * keeps its brightness (pytorch-grad-cam also takes a float image in [0, 1] and truncates; this
 * function takes [0, 255]). The heatmap is coloured exactly as {@link applyColormap} does.
 *
 * Batches: an image `[H, W, 3]` with a map `[H, W]` gives `[H, W, 3]`; any batched input gives
 * `[B, H, W, 3]`. Batch sizes must match, except that a single image (3-D, or batch 1) is broadcast
 * over a batch of maps, and a single map (2-D, or batch 1) over a batch of images.
 *
 * @param image - RGB `[H, W, 3]` or `[B, H, W, 3]`, values in [0, 255], any dtype (as from
 *   `tf.browser.fromPixels(img)` or an image decoder).
 * @param heatmap - `[H, W]` or `[B, H, W]`, values in [0, 1], same `H, W` as the image.
 * @param options - `{ alpha = 0.5, colormap = 'jet' }`.
 * @returns a new int32 RGB tensor in [0, 255], `[H, W, 3]` or `[B, H, W, 3]`; the caller owns the
 *   returned tensor.
 * @throws CamError `INVALID_INPUT` for a wrong rank, a channel count other than 3, mismatched
 *   `H, W` or batch sizes, or a `string`/`complex64` image or heatmap; `DISPOSED` for a disposed
 *   image or heatmap; `INVALID_OPTION` for `alpha` outside [0, 1]; `INVALID_COLORMAP` for a bad colormap.
 *
 * @example
 * ```ts
 * const image = tf.browser.fromPixels(imgElement);              // [H, W, 3] int32
 * const heat = resizeMap(result.heatmap, [image.shape[0], image.shape[1]]);
 * const blended = overlay(image, heat, { alpha: 0.4, colormap: 'turbo' }); // [1, H, W, 3]
 * await tf.browser.toPixels(tf.squeeze(blended, [0]) as tf.Tensor3D, canvas);
 * tf.dispose([image, heat, blended]);
 * ```
 * @category Ops
 */
export function overlay(image: tf.Tensor3D, heatmap: tf.Tensor2D, options?: OverlayOptions): tf.Tensor3D;
export function overlay(image: tf.Tensor3D | tf.Tensor4D, heatmap: tf.Tensor3D, options?: OverlayOptions): tf.Tensor4D;
export function overlay(image: tf.Tensor4D, heatmap: tf.Tensor2D | tf.Tensor3D, options?: OverlayOptions): tf.Tensor4D;
export function overlay(
  image: tf.Tensor3D | tf.Tensor4D,
  heatmap: tf.Tensor2D | tf.Tensor3D,
  options?: OverlayOptions,
): tf.Tensor3D | tf.Tensor4D;
export function overlay(
  image: tf.Tensor3D | tf.Tensor4D,
  heatmap: tf.Tensor2D | tf.Tensor3D,
  options: OverlayOptions = {},
): tf.Tensor3D | tf.Tensor4D {
  if (options === null || typeof options !== 'object') {
    throw new CamError(
      'INVALID_OPTION',
      `overlay(): options must be an object { alpha?, colormap? }; received ${describeValue(options)}.`,
    );
  }
  const alpha = options.alpha ?? 0.5;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new CamError(
      'INVALID_OPTION',
      `overlay(): options.alpha is the weight of the heatmap and must be a number in [0, 1] (default 0.5); ` +
        `received ${describeValue(alpha)}.`,
    );
  }
  const cmap = resolveColormap('overlay', options.colormap ?? 'jet');

  if (!(image instanceof tf.Tensor) || (image.rank !== 3 && image.rank !== 4)) {
    throw new CamError(
      'INVALID_INPUT',
      `overlay(): image must be RGB [H, W, 3] or [B, H, W, 3]; received ${describeValue(image)}.`,
    );
  }
  const channels = image.shape[image.rank - 1];
  if (channels !== 3) {
    throw new CamError(
      'INVALID_INPUT',
      `overlay(): image must have 3 channels (RGB); received ${describeValue(image)}. ` +
        (channels === 4
          ? 'Drop the alpha channel: use tf.browser.fromPixels(img, 3), or tf.slice the first 3 channels.'
          : channels === 1
            ? 'Expand a grey image to RGB with tf.tile(image, [1, 1, 3]).'
            : 'Pass an RGB image.'),
    );
  }
  if (!(heatmap instanceof tf.Tensor) || (heatmap.rank !== 2 && heatmap.rank !== 3)) {
    throw new CamError(
      'INVALID_INPUT',
      `overlay(): heatmap must be one map [H, W] or a batch [B, H, W]; received ${describeValue(heatmap)}.`,
    );
  }
  checkLiveNumeric('overlay', 'image', image);
  checkLiveNumeric('overlay', 'heatmap', heatmap);
  const [ih, iw] = image.rank === 4 ? image.shape.slice(1, 3) : image.shape.slice(0, 2);
  const [hh, hw] = heatmap.rank === 3 ? heatmap.shape.slice(1, 3) : heatmap.shape.slice(0, 2);
  if (ih !== hh || iw !== hw) {
    throw new CamError(
      'INVALID_INPUT',
      `overlay(): heatmap is ${hh}×${hw} (shape [${heatmap.shape.join(', ')}]) but the image is ${ih}×${iw} ` +
        `(shape [${image.shape.join(', ')}]); resize the map with resizeMap(heatmap, [${ih}, ${iw}]) ` +
        'or compute the CAM at the image size.',
    );
  }
  const ib = image.rank === 4 ? image.shape[0] : 1;
  const hb = heatmap.rank === 3 ? heatmap.shape[0] : 1;
  if (ib !== hb && ib !== 1 && hb !== 1) {
    throw new CamError(
      'INVALID_INPUT',
      `overlay(): batch sizes differ: image has ${ib} (shape [${image.shape.join(', ')}]) and heatmap has ${hb} ` +
        `(shape [${heatmap.shape.join(', ')}]); pass as many maps as images, or a single image or map.`,
    );
  }
  return tf.tidy(() => {
    const heat = tf.cast(colorize(heatmap, cmap), 'float32');
    const img = tf.cast(image, 'float32');
    const blended = tf.add(tf.mul(img, 1 - alpha), tf.mul(heat, alpha));
    return tf.cast(tf.clipByValue(tf.round(blended), 0, 255), 'int32') as tf.Tensor3D | tf.Tensor4D;
  });
}
