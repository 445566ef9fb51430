import type * as tf from '@tensorflow/tfjs-core';
import { checkImageTensor } from './checkImageTensor.js';
import { requireImageData } from './requireImageData.js';
import { rgbaBytes } from './rgbaBytes.js';

/**
 * Converts an RGB or RGBA image tensor to a DOM `ImageData` (RGBA bytes), synchronously.
 *
 * Values are taken as 0..255, rounded to the nearest integer (ties to even) and clamped; float
 * images in 0..1 are NOT rescaled, so multiply them by 255 first. With 3 channels alpha is 255.
 * The tensor's values are read with `dataSync()`, which blocks until a GPU backend has finished;
 * use {@link drawToCanvas} to read them asynchronously. The input is not disposed and no tensor is
 * created.
 *
 * @param image - shape `[H, W, 3]` or `[H, W, 4]`, values 0..255, any numeric dtype (int32 from
 *   `applyColormap` or `overlay`, float32, bool).
 * @returns a new `ImageData` of width W and height H.
 * @throws CamError `INVALID_INPUT` for another shape, a zero height or width, a non-numeric dtype
 *   or a disposed tensor; `NON_FINITE_INPUT` when a value is NaN; `WRONG_RUNTIME` when the runtime
 *   has no `ImageData` (Node: use `tfjs-gradcam/node` instead).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { applyColormap } from 'tfjs-gradcam';
 * import { toImageData } from 'tfjs-gradcam/browser';
 * const rgb = applyColormap(tf.tensor2d([[0, 0.5, 1]]), 'jet'); // int32 [1, 3, 3]
 * const pixels = toImageData(rgb);                               // ImageData 3 × 1
 * canvas.getContext('2d')!.putImageData(pixels, 0, 0);
 * rgb.dispose();
 * ```
 * @category Browser
 */
export function toImageData(image: tf.Tensor3D): ImageData {
  const { height, width, channels } = checkImageTensor('toImageData', image);
  const ImageDataCtor = requireImageData('toImageData');
  const bytes = rgbaBytes('toImageData', image.dataSync(), channels);
  return new ImageDataCtor(bytes, width, height);
}
