import type * as tf from '@tensorflow/tfjs-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CamError } from '../core/errors.js';
import { encodePngAs } from './encodePng.js';

/**
 * Body of `writePng`, `saveOverlay` and `savePanel`: checks the path, encodes the PNG, creates
 * the parent folder and writes the file, naming `fn` in messages.
 * @internal
 */
export async function writePngAs(path: string, image: tf.Tensor, fn: string): Promise<void> {
  checkPngPath(path, fn);
  const bytes = await encodePngAs(image, fn);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CamError('FILE_UNWRITABLE', `${fn}(): could not write ${JSON.stringify(path)} (${err.code ?? 'error'}): ${err.message}.`);
  }
}

/**
 * Throws `INVALID_INPUT` unless `path` is a non-empty string (checked before any work is done).
 * @internal
 */
export function checkPngPath(path: unknown, fn: string): void {
  if (typeof path !== 'string' || path === '') {
    throw new CamError('INVALID_INPUT', `${fn}(): path must be a non-empty string naming the PNG file to write; received ${path === '' ? 'an empty string' : typeof path}.`);
  }
}
