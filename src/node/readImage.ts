import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { CamError } from '../core/errors.js';
import { assertNode } from './assertNode.js';
import { decodeImageData } from './decodeImageData.js';
import { decodeWithSharp } from './decodeWithSharp.js';
import { resolveMaxPixels, type ReadImageOptions } from './resolveMaxPixels.js';
import { sniffImage } from './sniffImage.js';

/**
 * Reads an image file into an RGB tensor: PNG and JPEG with pure-JS decoders (no tfjs-node
 * needed), WebP, GIF, AVIF, TIFF and SVG through the optional package `sharp` when it is
 * installed (imported only when such a file is read).
 *
 * The format is detected from the file's bytes, not its extension. PNG: every colour type and bit
 * depth (greyscale is replicated to three channels, palettes are looked up, 16-bit samples become
 * `round(v * 255 / 65535)`). JPEG: baseline and progressive, greyscale or colour; subsampled
 * chroma is upsampled by replication, so values can differ by a few levels from libjpeg or a
 * browser. Alpha is dropped: transparent pixels keep their stored colour (no blending, no
 * premultiplication). Formats read by sharp follow the same rules: the first frame of an
 * animation, alpha dropped, greyscale replicated, 16-bit reduced to 8 bits, EXIF orientation not
 * applied. The size declared in the header is checked against `maxPixels` before any pixel is
 * decoded.
 *
 * @param path - the image file.
 * @param options - `maxPixels`: largest accepted width × height (default 50e6).
 * @returns an int32 tensor of shape `[height, width, 3]` with values in 0..255; the caller owns it.
 * @throws CamError `FILE_NOT_FOUND`, `UNSUPPORTED_FORMAT` (names the detected signature; for
 *   WebP, GIF, AVIF, TIFF or SVG without sharp installed, says to install it),
 *   `FILE_UNREADABLE` (empty, truncated or corrupt: names the file and the decoder's message; a
 *   PNG whose image data is shorter than its header's size, a JPEG smaller than one bit per coded
 *   unit of its declared frame),
 *   `IMAGE_TOO_LARGE`, `INVALID_INPUT`, `INVALID_OPTION`, `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { readImage } from 'tfjs-gradcam/node';
 * const image = await readImage('cat.jpg');              // int32 [H, W, 3], 0..255
 * const input = tf.tidy(() => tf.expandDims(tf.div(tf.cast(image, 'float32'), 255), 0));
 * image.dispose();
 * ```
 * @category Node
 */
export async function readImage(path: string, options?: ReadImageOptions): Promise<tf.Tensor3D> {
  assertNode('readImage');
  if (typeof path !== 'string' || path === '') {
    throw new CamError('INVALID_INPUT', `readImage(): path must be a non-empty string naming an image file; received ${path === '' ? 'an empty string' : typeof path}.`);
  }
  const maxPixels = resolveMaxPixels(options, 'readImage');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      throw new CamError('FILE_NOT_FOUND', `readImage(): no file at ${JSON.stringify(path)}; check the path (relative paths start from ${process.cwd()}).`);
    }
    if (err.code === 'EISDIR') {
      throw new CamError('FILE_UNREADABLE', `readImage(): ${JSON.stringify(path)} is a folder; pass the path of an image file.`);
    }
    throw new CamError('FILE_UNREADABLE', `readImage(): could not read ${JSON.stringify(path)}: ${err.message}.`);
  }
  const label = JSON.stringify(path);
  const sniff = bytes.length > 0 ? sniffImage(bytes) : undefined;
  const { width, height, data } = sniff?.format === 'other' && sniff.label !== 'unknown'
    ? await decodeWithSharp(bytes, label, sniff.label, maxPixels, 'readImage')
    : decodeImageData(bytes, label, maxPixels, 'readImage');
  return tf.tensor3d(data, [height, width, 3], 'int32');
}
