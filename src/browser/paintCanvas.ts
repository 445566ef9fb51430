import type * as tf from '@tensorflow/tfjs-core';
import type { CheckedCanvas } from './canvas2d.js';
import { rgbaBytes } from './rgbaBytes.js';

/**
 * Reads an RGB/RGBA image tensor (already checked) without blocking (`await image.data()`), sizes
 * the canvas to it and puts the pixels at (0, 0).
 *
 * @param fn - the public function's name, used in messages.
 * @param ImageDataCtor - the runtime's `ImageData`.
 * @returns the `ImageData` that was put on the canvas.
 * @throws CamError `NON_FINITE_INPUT` when a value is NaN (the canvas is left untouched).
 * @internal
 */
export async function paintCanvas(
  fn: string,
  target: CheckedCanvas,
  image: tf.Tensor3D,
  ImageDataCtor: typeof ImageData,
): Promise<ImageData> {
  const [height, width, channels] = image.shape;
  const bytes = rgbaBytes(fn, await image.data(), channels as 3 | 4);
  const pixels = new ImageDataCtor(bytes, width, height);
  target.canvas.width = width;
  target.canvas.height = height;
  target.ctx.putImageData(pixels, 0, 0);
  return pixels;
}
