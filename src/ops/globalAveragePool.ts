import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { describeValue } from './describeValue.js';

/**
 * Spatial mean of NHWC activations: averages over H and W, keeping both axes.
 *
 * This is Grad-CAM's channel weighting `α_k = mean_ij ∂y/∂A_kij` when applied to gradients.
 * The input is read as float32 (an integer tensor is averaged in float32).
 *
 * @param x - activations or gradients, shape `[B, h, w, K]`.
 * @returns a new float32 tensor of shape `[B, 1, 1, K]`; the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` when `x` is not 4-D or has dtype `string`/`complex64`;
 *   `DISPOSED` when `x` has been disposed.
 *
 * @example
 * ```ts
 * const g = tf.ones([1, 7, 7, 512]) as tf.Tensor4D;
 * const alpha = globalAveragePool(g); // [1, 1, 1, 512], every value 1
 * tf.dispose([g, alpha]);
 * ```
 * @category Ops
 */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor4D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) {
    throw new CamError(
      'INVALID_INPUT',
      `globalAveragePool(): x must be a 4-D tensor [B, h, w, K]; received ${describeValue(x)}. ` +
        'Add a batch axis with tf.expandDims(x, 0) for a single sample.',
    );
  }
  checkLiveNumeric('globalAveragePool', 'x', x);
  return tf.tidy(() => tf.mean(tf.cast(x, 'float32'), [1, 2], true) as tf.Tensor4D);
}
