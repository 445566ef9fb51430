import type * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { checkImageTensor } from './checkImageTensor.js';
import { requireImageData } from './requireImageData.js';
import { rgbaBytes } from './rgbaBytes.js';

/** The part of HTMLCanvasElement and OffscreenCanvas that drawToCanvas uses. */
interface Canvas2D {
  width: number;
  height: number;
  getContext(contextId: '2d'): { putImageData(data: ImageData, dx: number, dy: number): void } | null;
}

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
  const { height, width, channels } = checkImageTensor('drawToCanvas', image);
  const ImageDataCtor = requireImageData('drawToCanvas');
  const target = canvas as unknown as Canvas2D;
  if (typeof target !== 'object' || target === null || typeof target.getContext !== 'function') {
    throw new CamError('INVALID_INPUT', `drawToCanvas(): canvas must be an HTMLCanvasElement or OffscreenCanvas; received ${describeValue(canvas)}.`);
  }
  const ctx = target.getContext('2d');
  if (ctx === null || typeof ctx !== 'object') {
    throw new CamError(
      'WRONG_RUNTIME',
      `drawToCanvas(): canvas.getContext('2d') returned ${String(ctx)}: the canvas already holds another ` +
        `context (webgl, bitmaprenderer) or this runtime has no 2D canvas; draw on a fresh canvas, or in Node ` +
        `import from 'tfjs-gradcam/node' and write the image with encodePng or writePng.`,
    );
  }
  const bytes = rgbaBytes('drawToCanvas', await image.data(), channels);
  target.width = width;
  target.height = height;
  ctx.putImageData(new ImageDataCtor(bytes, width, height), 0, 0);
}
