import * as tf from '@tensorflow/tfjs-core';
import type { ColormapLike } from '../colormaps/colormap.js';
import { resolveColormap } from '../colormaps/resolveColormap.js';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { overlay } from '../ops/overlay.js';
import { canvas2d } from './canvas2d.js';
import { checkHeatmap } from './checkHeatmap.js';
import { checkImageTensor } from './checkImageTensor.js';
import { classifySource } from './classifySource.js';
import type { ImageSource } from './imageSource.js';
import { paintCanvas } from './paintCanvas.js';
import { readPixels } from './readPixels.js';
import { requireImageData } from './requireImageData.js';

/**
 * Options of {@link drawOverlay}; every field is optional.
 * @example
 * ```ts
 * const options: DrawOverlayOptions = { alpha: 0.35, colormap: 'turbo', index: 0 };
 * await drawOverlay(canvas, imgElement, result.heatmap, options);
 * ```
 * @category Browser
 */
export interface DrawOverlayOptions {
  /** Weight of the coloured heatmap, in [0, 1]; the image gets `1 − alpha`. Default 0.5. */
  alpha?: number;
  /** Colormap name or object; default `'jet'` (OpenCV's table). */
  colormap?: ColormapLike;
  /** Which map of a batch `[B, H, W]` to draw. Default 0. */
  index?: number;
}

/**
 * Blends a coloured heatmap over an image and draws the result on a canvas at the image's size.
 *
 * The map is resized to the image when their sizes differ (bilinear with half-pixel centres, as
 * `resizeMap`), so a CAM computed on a 224×224 model input can be shown over the original
 * photo or video frame. The blend is exactly `overlay`'s:
 * `round((1 − alpha) · image + alpha · colour(h))`, RGB, opaque. The canvas is set to the image's
 * width and height (which clears it). The image may be the canvas itself: it is read before the
 * canvas is resized. Values are read with `await`, so a GPU backend is not blocked. Neither the
 * image nor the heatmap is disposed and no tensor is left behind.
 *
 * @param canvas - an `HTMLCanvasElement` or `OffscreenCanvas` without a webgl/bitmaprenderer context.
 * @param image - an {@link ImageSource} (read as {@link fromImage} does) or an RGB/RGBA tensor
 *   `[H, W, 3 | 4]` with values in 0..255 (alpha is ignored).
 * @param heatmap - `[h, w]` or `[B, h, w]`, values in [0, 1] (e.g. `result.heatmap`), any size.
 * @param options - `{ alpha = 0.5, colormap = 'jet', index = 0 }`.
 * @returns the `ImageData` now on the canvas (RGBA, alpha 255).
 * @throws CamError (as a rejection) `INVALID_INPUT` for an image or heatmap that cannot be read or
 *   drawn, or a `canvas` that is not a canvas; `INVALID_OPTION` for `alpha` outside [0, 1] or a bad
 *   `index`; `INVALID_COLORMAP`; `WRONG_RUNTIME` without `ImageData` (Node) or a 2D context.
 * @example
 * ```ts
 * import { gradCam } from 'tfjs-gradcam';
 * import { drawOverlay, fromImage } from 'tfjs-gradcam/browser';
 * const x = fromImage(video, { size: [224, 224], scale: 1 / 255, batch: true });
 * const result = gradCam(model, x);
 * await drawOverlay(canvas, video, result.heatmap, { alpha: 0.4, colormap: 'turbo' });
 * x.dispose();
 * result.dispose();
 * ```
 * @category Browser
 */
export async function drawOverlay(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  image: ImageSource | tf.Tensor3D,
  heatmap: tf.Tensor2D | tf.Tensor3D,
  options: DrawOverlayOptions = {},
): Promise<ImageData> {
  const fn = 'drawOverlay';
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}(): options must be an object { alpha?, colormap?, index? }; received ${describeValue(options)}.`);
  }
  const alpha = options.alpha ?? 0.5;
  if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
    throw new CamError('INVALID_OPTION', `${fn}(): options.alpha is the weight of the heatmap and must be a number in [0, 1] (default 0.5); received ${describeValue(alpha)}.`);
  }
  const colormap = resolveColormap(fn, options.colormap ?? 'jet');
  const map = checkHeatmap(fn, heatmap, options.index);
  const source = image instanceof tf.Tensor ? undefined : classifySource(fn, image);
  const size = source ?? checkImageTensor(fn, image);
  const ImageDataCtor = requireImageData(fn);
  const target = canvas2d(fn, canvas);
  const pixels = source === undefined ? (image as tf.Tensor3D) : readPixels(fn, source, 3);
  let blended: tf.Tensor3D;
  try {
    blended = tf.tidy(() => {
      const rgb = pixels.shape[2] === 4 ? tf.slice(pixels, [0, 0, 0], [-1, -1, 3]) : pixels;
      let h = map.pick();
      if (map.height !== size.height || map.width !== size.width) {
        const up = tf.image.resizeBilinear(tf.expandDims(h, 2) as tf.Tensor3D, [size.height, size.width], false, true);
        h = tf.squeeze(up, [2]) as tf.Tensor2D;
      }
      return overlay(rgb as tf.Tensor3D, h, { alpha, colormap });
    });
  } finally {
    if (pixels !== image) pixels.dispose();
  }
  try {
    return await paintCanvas(fn, target, blended, ImageDataCtor);
  } finally {
    blended.dispose();
  }
}
