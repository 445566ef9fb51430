import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { classifySource } from './classifySource.js';
import type { ImageSource } from './imageSource.js';
import { readPixels } from './readPixels.js';

/**
 * Options of {@link fromImage}; every field is optional.
 * @example
 * ```ts
 * // Keras MobileNet input: 224×224, values in [-1, 1], with a batch axis.
 * const options: FromImageOptions = { size: [224, 224], scale: 1 / 127.5, offset: -1, batch: true };
 * const x = fromImage(imgElement, options); // float32 [1, 224, 224, 3]
 * x.dispose();
 * ```
 * @category Browser
 */
export interface FromImageOptions {
  /**
   * `[height, width]` to resize to (bilinear with half-pixel centres, like OpenCV's `INTER_LINEAR`
   * and PIL; the aspect ratio is not kept). Default: the source's own size (an `<img>`'s natural size).
   */
  size?: [number, number];
  /** 3 (RGB, default) or 4 (RGBA; canvas pixels come un-premultiplied, as `getImageData` gives them). */
  channels?: 3 | 4;
  /**
   * Multiply the values by this (e.g. `1 / 255`). When `scale` or `offset` is given the result is
   * float32 `value · scale + offset`; otherwise it is int32 in 0..255 (resized values rounded).
   */
  scale?: number;
  /** Add this after `scale` (e.g. `-1` with `scale: 1 / 127.5` for inputs in [-1, 1]). Default 0. */
  offset?: number;
  /** Add a batch axis: `[1, H, W, C]` instead of `[H, W, C]`. Default `false`. */
  batch?: boolean;
}

/**
 * Reads an image, canvas, bitmap, video frame or ImageData into a tensor, ready for a model.
 *
 * Uses `tf.browser.fromPixels` on backends that upload pixels to the GPU themselves (webgl,
 * webgpu) and reads through a 2D canvas elsewhere (cpu, wasm), so every source works on every
 * backend, including canvases that hold a WebGL context (create those with
 * `preserveDrawingBuffer: true`, or read them right after drawing) and `OffscreenCanvas`/`ImageBitmap`
 * in web workers. An `<img>` is read at its natural size, whatever size it is displayed at.
 * Nothing the caller passed is modified; no tensor is left behind but the result.
 *
 * @param source - see {@link ImageSource}; an `<img>` must have loaded (`await img.decode()`), a
 *   `<video>` must have a frame (`readyState >= 2`).
 * @param options - `{ size?, channels = 3, scale?, offset?, batch = false }`.
 * @returns `[H, W, C]` (or `[1, H, W, C]` with `batch: true`): int32 0..255, or float32
 *   `value · scale + offset` when `scale` or `offset` is given; the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` for a source that is not an image, an `<img>` that has not
 *   loaded, a `<video>` without a frame, an empty canvas or closed bitmap, ImageData bytes of the
 *   wrong length, a cross-origin source without CORS; `INVALID_OPTION` for a bad option;
 *   `WRONG_RUNTIME` when a drawable source needs a canvas and the runtime has none.
 * @example
 * ```ts
 * import { gradCam } from 'tfjs-gradcam';
 * import { drawOverlay, fromImage } from 'tfjs-gradcam/browser';
 * const img = document.querySelector('img')!;
 * await img.decode();
 * const x = fromImage(img, { size: [224, 224], scale: 1 / 255, batch: true }); // float32 [1, 224, 224, 3]
 * const result = gradCam(model, x);
 * await drawOverlay(canvas, img, result.heatmap, { alpha: 0.5 });           // at the image's own size
 * x.dispose();
 * result.dispose();
 * ```
 * @category Browser
 */
export function fromImage(source: ImageSource, options: FromImageOptions & { batch: true }): tf.Tensor4D;
export function fromImage(source: ImageSource, options?: FromImageOptions & { batch?: false }): tf.Tensor3D;
export function fromImage(source: ImageSource, options?: FromImageOptions): tf.Tensor3D | tf.Tensor4D;
export function fromImage(source: ImageSource, options: FromImageOptions = {}): tf.Tensor3D | tf.Tensor4D {
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `fromImage(): options must be an object { size?, channels?, scale?, offset?, batch? }; received ${describeValue(options)}.`);
  }
  const { size, channels = 3, scale, offset, batch = false } = options;
  if (size !== undefined && !(Array.isArray(size) && size.length === 2 && size.every((s) => typeof s === 'number' && Number.isInteger(s) && s > 0))) {
    const got = Array.isArray(size) ? `[${size.map((s) => String(s)).join(', ')}]` : describeValue(size);
    throw new CamError('INVALID_OPTION', `fromImage(): options.size must be [height, width] with two positive integers; received ${got}.`);
  }
  if (channels !== 3 && channels !== 4) {
    throw new CamError('INVALID_OPTION', `fromImage(): options.channels must be 3 (RGB, the default) or 4 (RGBA); received ${describeValue(channels)}.`);
  }
  for (const [name, value] of [['scale', scale], ['offset', offset]] as const) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new CamError('INVALID_OPTION', `fromImage(): options.${name} must be a finite number; received ${describeValue(value)}.`);
    }
  }
  if (typeof batch !== 'boolean') {
    throw new CamError('INVALID_OPTION', `fromImage(): options.batch must be a boolean (default false); received ${describeValue(batch)}.`);
  }
  const src = classifySource('fromImage', source);
  const pixels = readPixels('fromImage', src, channels);
  let out: tf.Tensor3D | tf.Tensor4D | undefined;
  // pixels is returned as it is when nothing changes it; otherwise it is freed.
  try {
    out = tf.tidy(() => {
      let x: tf.Tensor3D = pixels;
      const resize = size !== undefined && (size[0] !== src.height || size[1] !== src.width);
      if (resize) x = tf.image.resizeBilinear(tf.cast(x, 'float32'), size, false, true);
      if (scale !== undefined || offset !== undefined) {
        x = tf.cast(x, 'float32');
        if (scale !== undefined) x = tf.mul(x, scale);
        if (offset !== undefined) x = tf.add(x, offset);
      } else if (resize) {
        x = tf.cast(tf.clipByValue(tf.round(x), 0, 255), 'int32');
      }
      return batch ? (tf.expandDims(x, 0) as tf.Tensor4D) : x;
    });
  } finally {
    if (out !== pixels) pixels.dispose();
  }
  return out!;
}
