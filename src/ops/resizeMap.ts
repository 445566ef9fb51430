import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { describeValue } from './describeValue.js';

/**
 * Options of {@link resizeMap}; every field is optional.
 * @example
 * ```ts
 * const options: ResizeMapOptions = { alignCorners: true }; // as PyTorch's UpsamplingBilinear2d
 * const up = resizeMap(heatmap, [224, 224], options);
 * up.dispose();
 * ```
 * @category Ops
 */
export interface ResizeMapOptions {
  /**
   * `false` (default): half-pixel centres, `src = (dst + 0.5)·in/out − 0.5` clamped to the edges,
   * identical to OpenCV's `cv2.resize(..., INTER_LINEAR)` as used by pytorch-grad-cam.
   * `true`: corner-aligned, `src = dst·(in − 1)/(out − 1)`, identical to PyTorch's
   * `UpsamplingBilinear2d` (Score-CAM masks) and `scipy.ndimage.zoom(order=1)`.
   */
  alignCorners?: boolean;
}

/**
 * Bilinear resize of a batch of single-channel maps `[B, h, w]` to `[B, H, W]`.
 *
 * The default uses half-pixel centres, i.e. `tf.image.resizeBilinear(x, size, false, true)`,
 * which matches OpenCV's `INTER_LINEAR`. tfjs's own default (`halfPixelCenters = false`) is a
 * shifted interpolation and is deliberately not used. The input is read as float32.
 *
 * @param x - maps, shape `[B, h, w]`.
 * @param size - target `[H, W]`, positive integers.
 * @param options - see {@link ResizeMapOptions}; default `{ alignCorners: false }`.
 * @returns a new float32 tensor of shape `[B, H, W]`; the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` when `x` is not 3-D or has dtype `string`/`complex64`; `DISPOSED`
 *   when `x` has been disposed; `INVALID_OPTION` for a bad `size` or `alignCorners`.
 *
 * @example
 * ```ts
 * const cam = tf.randomUniform([1, 7, 7]) as tf.Tensor3D;
 * const up = resizeMap(cam, [224, 224]); // [1, 224, 224], like cv2.resize(cam, (224, 224))
 * tf.dispose([cam, up]);
 * ```
 * @category Ops
 */
export function resizeMap(x: tf.Tensor3D, size: [number, number], options: ResizeMapOptions = {}): tf.Tensor3D {
  if (!(x instanceof tf.Tensor) || x.rank !== 3) {
    throw new CamError(
      'INVALID_INPUT',
      `resizeMap(): x must be a batch of maps [B, h, w]; received ${describeValue(x)}. ` +
        'Use tf.expandDims(map, 0) for a single [h, w] map.',
    );
  }
  checkLiveNumeric('resizeMap', 'x', x);
  if (
    !Array.isArray(size) ||
    size.length !== 2 ||
    !size.every((s) => typeof s === 'number' && Number.isInteger(s) && s > 0)
  ) {
    const got = Array.isArray(size) ? `[${size.map((s) => String(s)).join(', ')}]` : describeValue(size);
    throw new CamError(
      'INVALID_OPTION',
      `resizeMap(): size must be [height, width] with two positive integers; received ${got}.`,
    );
  }
  const alignCorners = options.alignCorners ?? false;
  if (typeof alignCorners !== 'boolean') {
    throw new CamError(
      'INVALID_OPTION',
      `resizeMap(): options.alignCorners must be a boolean (default false); received ${describeValue(alignCorners)}.`,
    );
  }
  return tf.tidy(() => {
    const x4 = tf.expandDims(tf.cast(x, 'float32'), 3) as tf.Tensor4D;
    const y = tf.image.resizeBilinear(x4, size, alignCorners, !alignCorners);
    return tf.squeeze(y, [3]) as tf.Tensor3D;
  });
}
