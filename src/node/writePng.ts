import type * as tf from '@tensorflow/tfjs-core';
import { assertNode } from './assertNode.js';
import { writePngAs } from './writePngAs.js';

/**
 * Writes an image tensor to a PNG file (8-bit greyscale, RGB or RGBA by channel count), creating
 * the parent folder if needed and replacing an existing file.
 *
 * Values are taken as 0..255, rounded to the nearest integer (ties to even) and clamped; float
 * images in 0..1 are NOT rescaled, so pass 0..255 (e.g. `tf.mul(heatmap, 255)`). The input is
 * not disposed.
 *
 * @param path - the file to write.
 * @param image - shape `[H, W]`, `[H, W, 1]`, `[H, W, 3]`, `[H, W, 4]` or `[1, H, W, C]` (C = 1, 3
 *   or 4); any numeric dtype.
 * @throws CamError `INVALID_INPUT` for another shape, a non-numeric dtype or an empty or disposed
 *   tensor; `NON_FINITE_INPUT` when a value is NaN; `FILE_UNWRITABLE` when the folder or file
 *   cannot be written; `WRONG_RUNTIME` outside Node.
 * @example
 * ```ts
 * import { readImage, writePng } from 'tfjs-gradcam/node';
 * const image = await readImage('cat.jpg');
 * await writePng('out/cat-copy.png', image);   // creates out/
 * image.dispose();
 * ```
 * @category Node
 */
export async function writePng(path: string, image: tf.Tensor): Promise<void> {
  assertNode('writePng');
  await writePngAs(path, image, 'writePng');
}
