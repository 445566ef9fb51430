import * as tf from '@tensorflow/tfjs-core';
import type { ColormapLike } from '../colormaps/colormap.js';
import { colorize } from '../colormaps/colorize.js';
import { resolveColormap } from '../colormaps/resolveColormap.js';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { canvas2d } from './canvas2d.js';
import { checkHeatmap } from './checkHeatmap.js';
import { paintCanvas } from './paintCanvas.js';
import { requireImageData } from './requireImageData.js';

/**
 * Options of {@link drawHeatmap}; every field is optional.
 * @example
 * ```ts
 * const options: DrawHeatmapOptions = { colormap: 'viridis', index: 1 }; // the second map of a batch
 * await drawHeatmap(canvas, result.heatmap, options);
 * ```
 * @category Browser
 */
export interface DrawHeatmapOptions {
  /** Colormap name or object; default `'jet'` (OpenCV's table). */
  colormap?: ColormapLike;
  /** Which map of a batch `[B, H, W]` to draw. Default 0. */
  index?: number;
}

/**
 * Colours a heatmap and draws it on a canvas, one canvas pixel per map pixel.
 *
 * The colours are exactly those of `applyColormap` (row `floor(255 · clamp(h, 0, 1))` of the
 * colormap's table), opaque. The canvas is set to the map's width and height (which clears it);
 * scale it for display with CSS (`image-rendering: pixelated` keeps the cells sharp). Values are
 * read with `await`, so a GPU backend is not blocked. The heatmap is not disposed and no tensor is
 * left behind.
 *
 * @param canvas - an `HTMLCanvasElement` or `OffscreenCanvas` without a webgl/bitmaprenderer context.
 * @param heatmap - `[H, W]` or `[B, H, W]`, values in [0, 1] (e.g. `result.heatmap`).
 * @param options - `{ colormap = 'jet', index = 0 }`.
 * @returns the `ImageData` now on the canvas (RGBA, alpha 255).
 * @throws CamError (as a rejection) `INVALID_INPUT` for a heatmap of another rank or dtype, a disposed
 *   one, or a `canvas` that is not a canvas; `INVALID_OPTION` for a bad `index`; `INVALID_COLORMAP`
 *   for an unknown colormap; `WRONG_RUNTIME` without `ImageData` (Node) or a 2D context.
 * @example
 * ```ts
 * import { gradCam } from 'tfjs-gradcam';
 * import { drawHeatmap } from 'tfjs-gradcam/browser';
 * const result = gradCam(model, input);
 * const pixels = await drawHeatmap(document.querySelector('canvas')!, result.heatmap, { colormap: 'turbo' });
 * result.dispose();
 * ```
 * @category Browser
 */
export async function drawHeatmap(
  canvas: HTMLCanvasElement | OffscreenCanvas,
  heatmap: tf.Tensor2D | tf.Tensor3D,
  options: DrawHeatmapOptions = {},
): Promise<ImageData> {
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `drawHeatmap(): options must be an object { colormap?, index? }; received ${describeValue(options)}.`);
  }
  const { pick } = checkHeatmap('drawHeatmap', heatmap, options.index);
  const cmap = resolveColormap('drawHeatmap', options.colormap ?? 'jet');
  const ImageDataCtor = requireImageData('drawHeatmap');
  const target = canvas2d('drawHeatmap', canvas);
  const rgb = tf.tidy(() => colorize(pick(), cmap) as tf.Tensor3D);
  try {
    return await paintCanvas('drawHeatmap', target, rgb, ImageDataCtor);
  } finally {
    rgb.dispose();
  }
}
