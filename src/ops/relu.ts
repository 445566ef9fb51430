import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { describeValue } from './describeValue.js';

/**
 * Element-wise `max(x, 0)` for a tensor of any rank, keeping its shape and dtype.
 *
 * In the CAM pipeline it is applied after the channel sum, and again after resizing
 * (pytorch-grad-cam's `np.maximum(cam, 0)`).
 *
 * @param x - any tensor.
 * @returns a new tensor with the same shape, rank and dtype as `x`; the caller owns the returned tensor.
 * @throws CamError `INVALID_INPUT` when `x` is not a tensor or has dtype `string`/`complex64`;
 *   `DISPOSED` when `x` has been disposed.
 *
 * @example
 * ```ts
 * relu(tf.tensor1d([-1, 0, 2])).print(); // [0, 0, 2]
 * ```
 * @category Ops
 */
export function relu<T extends tf.Tensor>(x: T): T {
  if (!(x instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `relu(): x must be a tensor; received ${describeValue(x)}.`);
  }
  checkLiveNumeric('relu', 'x', x);
  return tf.relu(x);
}
