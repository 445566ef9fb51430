import * as tf from '@tensorflow/tfjs-core';
import { PNG, type ColorType } from 'pngjs';
import { CamError } from '../core/errors.js';
import { assertNode } from './assertNode.js';

/** PNG colour type for 1, 3 and 4 channels: greyscale, RGB, RGBA. */
const COLOR_TYPE: Record<number, ColorType> = { 1: 0, 3: 2, 4: 6 };

/**
 * Encodes an image tensor as an 8-bit PNG (greyscale, RGB or RGBA by channel count).
 *
 * Values are taken as 0..255, rounded to the nearest integer (ties to even) and clamped; float
 * images in 0..1 are NOT rescaled, so multiply them by 255 first. The input is not disposed.
 *
 * @param image - shape `[H, W]`, `[H, W, 1]`, `[H, W, 3]`, `[H, W, 4]` or `[1, H, W, C]` (C = 1, 3
 *   or 4); any numeric dtype.
 * @returns the PNG file's bytes.
 * @throws CamError `INVALID_INPUT` for another shape, a non-numeric dtype, an empty or disposed
 *   tensor; `NON_FINITE_INPUT` when a value is NaN; `WRONG_RUNTIME` outside Node.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { encodePng } from 'tfjs-gradcam/node';
 * const grey = tf.fill([4, 4], 128, 'int32');
 * const bytes = await encodePng(grey);   // a 4x4 greyscale PNG
 * grey.dispose();
 * ```
 * @category Node
 */
export async function encodePng(image: tf.Tensor): Promise<Uint8Array> {
  assertNode('encodePng');
  return encodePngAs(image, 'encodePng');
}

/**
 * {@link encodePng} with the public function's name for messages (shared with `writePng`).
 * @internal
 */
export async function encodePngAs(image: tf.Tensor, fn: string): Promise<Uint8Array> {
  if (!(image instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `${fn}(): image must be a tf.Tensor of shape [H, W], [H, W, C] or [1, H, W, C] with C = 1, 3 or 4; received ${image === null ? 'null' : typeof image}.`);
  }
  if (image.isDisposed) {
    throw new CamError('INVALID_INPUT', `${fn}(): image is a disposed tensor; write it before disposing it.`);
  }
  const shape = image.shape;
  const allowed = 'allowed: [H, W], [H, W, 1], [H, W, 3], [H, W, 4] or [1, H, W, C]';
  let height: number, width: number, channels: number;
  if (shape.length === 2) [height, width, channels] = [shape[0], shape[1], 1];
  else if (shape.length === 3) [height, width, channels] = shape as [number, number, number];
  else if (shape.length === 4 && shape[0] === 1) [, height, width, channels] = shape as [number, number, number, number];
  else {
    throw new CamError('INVALID_INPUT', `${fn}(): image has shape [${shape.join(', ')}]; ${allowed} (a batch must hold one image: slice it first).`);
  }
  if (COLOR_TYPE[channels] === undefined) {
    const heatmapHint = shape.length === 3 ? ' A [B, H, W] heatmap is not an image: pick one map (e.g. tf.squeeze(heatmap, [0])) and scale it to 0..255.' : '';
    throw new CamError('INVALID_INPUT', `${fn}(): image has ${channels} channels (shape [${shape.join(', ')}]); ${allowed}, i.e. 1 (grey), 3 (RGB) or 4 (RGBA) channels.${heatmapHint}`);
  }
  if (height === 0 || width === 0) {
    throw new CamError('INVALID_INPUT', `${fn}(): image has shape [${shape.join(', ')}]; a PNG needs a height and width of at least 1.`);
  }
  if (image.dtype === 'string' || image.dtype === 'complex64') {
    throw new CamError('INVALID_INPUT', `${fn}(): image has dtype ${image.dtype}; expected a numeric tensor (int32, float32 or bool) with values in 0..255.`);
  }
  const values = (await image.data()) as Float32Array | Int32Array | Uint8Array;
  const pixels = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      throw new CamError('NON_FINITE_INPUT', `${fn}(): image holds NaN at flat index ${i} (shape [${shape.join(', ')}]); a pixel must be a number in 0..255.`);
    }
    pixels[i] = v; // rounds half to even, clamps to 0..255
  }
  const colorType = COLOR_TYPE[channels];
  const png = { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) };
  return PNG.sync.write(png as unknown as PNG, { colorType, inputColorType: colorType, inputHasAlpha: channels === 4 });
}
