import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { assertNode } from './assertNode.js';
import { decodeImageData } from './decodeImageData.js';
import { resolveMaxPixels, type ReadImageOptions } from './resolveMaxPixels.js';

/**
 * Decodes PNG or JPEG bytes (detected from the magic bytes, never a file name) to an RGB tensor.
 *
 * PNG: every colour type and bit depth (greyscale is replicated to three channels, palettes are
 * looked up, 16-bit samples become `round(v * 255 / 65535)`). JPEG: baseline and progressive,
 * greyscale or colour. Alpha is dropped: transparent pixels keep their stored colour (no
 * blending, no premultiplication). The declared size is checked against `maxPixels` before
 * decoding.
 *
 * @param bytes - the encoded file (a `Buffer` works too).
 * @param name - how error messages name the data, e.g. the file it came from.
 * @param options - `maxPixels` (default 50e6).
 * @returns an int32 tensor of shape `[height, width, 3]` with values in 0..255; the caller owns it.
 * @throws CamError `UNSUPPORTED_FORMAT` (not PNG/JPEG, naming the detected signature),
 *   `FILE_UNREADABLE` (empty, truncated or corrupt, with the decoder's message),
 *   `IMAGE_TOO_LARGE` (declared width × height over `maxPixels`), `INVALID_INPUT`, `INVALID_OPTION`,
 *   `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { decodeImage } from 'tfjs-gradcam/node';
 * const image = decodeImage(await readFile('cat.jpg'), 'cat.jpg'); // int32 [H, W, 3]
 * image.dispose();
 * ```
 * @category Node
 */
export function decodeImage(bytes: Uint8Array, name?: string, options?: ReadImageOptions): tf.Tensor3D {
  assertNode('decodeImage');
  if (!(bytes instanceof Uint8Array)) {
    const got = bytes === null ? 'null' : typeof bytes !== 'object' ? typeof bytes : `an object of type ${(bytes as object).constructor?.name ?? 'Object'}`;
    throw new CamError('INVALID_INPUT', `decodeImage(): bytes must be a Uint8Array or Buffer holding a PNG or JPEG file; received ${got}. Read the file with fs.readFile or use readImage(path).`);
  }
  if (name !== undefined && typeof name !== 'string') {
    throw new CamError('INVALID_INPUT', `decodeImage(): name must be a string (used in error messages) or omitted; received ${typeof name}.`);
  }
  const maxPixels = resolveMaxPixels(options, 'decodeImage');
  const label = name === undefined ? 'the image bytes' : JSON.stringify(name);
  const { width, height, data } = decodeImageData(bytes, label, maxPixels, 'decodeImage');
  return tf.tensor3d(data, [height, width, 3], 'int32');
}
