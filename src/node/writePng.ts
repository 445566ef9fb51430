import type * as tf from '@tensorflow/tfjs-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CamError } from '../core/errors.js';
import { assertNode } from './assertNode.js';
import { encodePngAs } from './encodePng.js';

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
  if (typeof path !== 'string' || path === '') {
    throw new CamError('INVALID_INPUT', `writePng(): path must be a non-empty string naming the PNG file to write; received ${path === '' ? 'an empty string' : typeof path}.`);
  }
  const bytes = await encodePngAs(image, 'writePng');
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CamError('FILE_UNWRITABLE', `writePng(): could not write ${JSON.stringify(path)} (${err.code ?? 'error'}): ${err.message}.`);
  }
}
