import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { describeValue } from './describeValue.js';

/**
 * Weighted sum of activation channels: `cam[b,i,j] = Σ_k w[b,i,j,k] · A[b,i,j,k]`.
 *
 * `weights` broadcasts against `activations`: either per-channel weights `[B, 1, 1, K]`
 * (Grad-CAM, Grad-CAM++, XGrad-CAM, Score-CAM, …) or per-element weights `[B, h, w, K]`
 * (HiResCAM, LayerCAM, element-wise Grad-CAM). No ReLU is applied here; see {@link relu}.
 * Both inputs are read as float32.
 *
 * @param activations - `A`, shape `[B, h, w, K]`.
 * @param weights - `w`, shape `[B, 1, 1, K]` or `[B, h, w, K]` (same `B` and `K` as `activations`).
 * @returns a new float32 tensor of shape `[B, h, w]`; the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` when either input is not 4-D, has dtype `string`/`complex64`, or
 *   the shapes do not broadcast as above (the message names both shapes); `DISPOSED` when either
 *   input has been disposed.
 *
 * @example
 * ```ts
 * const A = tf.ones([1, 7, 7, 3]) as tf.Tensor4D;
 * const w = tf.tensor4d([0.5, 1, 2], [1, 1, 1, 3]);
 * const cam = weightedCombination(A, w); // [1, 7, 7], every value 3.5
 * tf.dispose([A, w, cam]);
 * ```
 * @category Ops
 */
export function weightedCombination(activations: tf.Tensor4D, weights: tf.Tensor4D): tf.Tensor3D {
  if (!(activations instanceof tf.Tensor) || activations.rank !== 4) {
    throw new CamError(
      'INVALID_INPUT',
      `weightedCombination(): activations must be a 4-D tensor [B, h, w, K]; received ${describeValue(activations)}.`,
    );
  }
  if (!(weights instanceof tf.Tensor) || weights.rank !== 4) {
    throw new CamError(
      'INVALID_INPUT',
      `weightedCombination(): weights must be a 4-D tensor [B, 1, 1, K] or [B, h, w, K]; received ${describeValue(weights)}.`,
    );
  }
  checkLiveNumeric('weightedCombination', 'activations', activations);
  checkLiveNumeric('weightedCombination', 'weights', weights);
  const [b, h, w, k] = activations.shape;
  const [wb, wh, ww, wk] = weights.shape;
  const channelWeights = wh === 1 && ww === 1;
  const elementWeights = wh === h && ww === w;
  if (wb !== b || wk !== k || !(channelWeights || elementWeights)) {
    throw new CamError(
      'INVALID_INPUT',
      `weightedCombination(): weights of shape [${weights.shape.join(', ')}] do not match activations of shape ` +
        `[${activations.shape.join(', ')}]; expected [${b}, 1, 1, ${k}] (per-channel weights) or ` +
        `[${b}, ${h}, ${w}, ${k}] (per-element weights). Use tf.mean(x, [1, 2], true) to pool element weights per channel.`,
    );
  }
  return tf.tidy(
    () => tf.sum(tf.mul(tf.cast(activations, 'float32'), tf.cast(weights, 'float32')), 3) as tf.Tensor3D,
  );
}
