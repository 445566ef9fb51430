import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { describeValue } from './describeValue.js';

/**
 * Per-sample min-max scaling to [0, 1], exactly as pytorch-grad-cam's `scale_cam_image`:
 * `y = (x − min x) / (eps + max(x − min x))`, with min and max taken over each map separately.
 *
 * The epsilon is added to the denominator, so a constant map (all zeros included) becomes all zeros
 * rather than NaN, and the maximum of a non-constant map is `range / (eps + range)`, i.e. 1 up to
 * `eps / range`. The input is read as float32.
 *
 * @param x - a batch of maps `[B, h, w]` (each `x[b]` scaled on its own), or one map `[h, w]`.
 * @param eps - added to the denominator; default `1e-7`. Must be a finite number ≥ 0.
 * @returns a new float32 tensor of the same shape as `x`; the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` when `x` is not 2-D or 3-D or has dtype `string`/`complex64`;
 *   `DISPOSED` when `x` has been disposed; `INVALID_OPTION` for a bad `eps`.
 *
 * @example
 * ```ts
 * const cams = tf.tensor3d([[[1, 3]], [[-2, 2]]]); // two 1×2 maps
 * minMaxNormalize(cams).print(); // [[[0, 1]], [[0, 1]]] (up to 1e-7)
 * ```
 * @category Ops
 */
export function minMaxNormalize(x: tf.Tensor3D, eps?: number): tf.Tensor3D;
export function minMaxNormalize(x: tf.Tensor2D, eps?: number): tf.Tensor2D;
export function minMaxNormalize(x: tf.Tensor2D | tf.Tensor3D, eps = 1e-7): tf.Tensor2D | tf.Tensor3D {
  if (!(x instanceof tf.Tensor) || (x.rank !== 2 && x.rank !== 3)) {
    throw new CamError(
      'INVALID_INPUT',
      `minMaxNormalize(): x must be a batch of maps [B, h, w] or one map [h, w]; received ${describeValue(x)}.`,
    );
  }
  checkLiveNumeric('minMaxNormalize', 'x', x);
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new CamError(
      'INVALID_OPTION',
      `minMaxNormalize(): eps must be a finite number >= 0 (default 1e-7); received ${describeValue(eps)}.`,
    );
  }
  const axes = x.rank === 3 ? [1, 2] : [0, 1];
  return tf.tidy(() => {
    const xf = tf.cast(x, 'float32');
    const shifted = tf.sub(xf, tf.min(xf, axes, true));
    return tf.div(shifted, tf.add(tf.max(shifted, axes, true), eps)) as tf.Tensor2D | tf.Tensor3D;
  });
}
