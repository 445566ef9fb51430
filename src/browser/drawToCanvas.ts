import type * as tf from '@tensorflow/tfjs-core';
import { canvas2d } from './canvas2d.js';
import { checkImageTensor } from './checkImageTensor.js';
import { paintCanvas } from './paintCanvas.js';
import { requireImageData } from './requireImageData.js';

/**
 * Draws an RGB or RGBA image tensor onto a canvas, resizing the canvas to the image.
 *
 * The canvas is set to the image's width and height (which clears it) and the pixels are put at
 * (0, 0) unscaled; scale it for display with CSS. Values are taken as 0..255, rounded to the
 * nearest integer (ties to even) and clamped; with 3 channels alpha is 255. The values are read
 * with `await image.data()`, so a GPU backend is not blocked. The input is not disposed and no
 * tensor is created.
 *
 * @param image - shape `[H, W, 3]` or `[H, W, 4]`, values 0..255, any numeric dtype.
 * @param canvas - an `HTMLCanvasElement` or `OffscreenCanvas` (in a worker too); it must not hold
 *   a `webgl`/`bitmaprenderer` context already.
 * @returns a promise that resolves once the pixels are on the canvas.
 * @throws CamError (as a rejection) `INVALID_INPUT` for another shape, a zero height or width, a
 *   non-numeric dtype, a disposed tensor or a `canvas` that is not a canvas; `NON_FINITE_INPUT`
 *   when a value is NaN; `WRONG_RUNTIME` when the runtime has no `ImageData` or the canvas gives no
 *   2D context (Node: use `tfjs-gradcam/node` instead).
 * @example
 * ```ts
 * import { applyColormap, gradCam } from 'tfjs-gradcam';
 * import { drawToCanvas } from 'tfjs-gradcam/browser';
 * const result = gradCam(model, image);
 * const rgb = tf.squeeze(applyColormap(result.heatmap, 'jet'), [0]); // int32 [H, W, 3]
 * await drawToCanvas(rgb as tf.Tensor3D, document.querySelector('canvas')!);
 * rgb.dispose();
 * result.dispose();
 * ```
 * @category Browser
 */
export async function drawToCanvas(image: tf.Tensor3D, canvas: HTMLCanvasElement | OffscreenCanvas): Promise<void> {
  checkImageTensor('drawToCanvas', image);
  const ImageDataCtor = requireImageData('drawToCanvas');
  await paintCanvas('drawToCanvas', canvas2d('drawToCanvas', canvas), image, ImageDataCtor);
}
