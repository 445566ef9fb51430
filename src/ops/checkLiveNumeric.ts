import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';

/**
 * Throws unless the tensor argument `name` of the public function `fn` is live (not disposed) and
 * numeric (not `string` or `complex64`): tfjs itself would throw a TypeError or an error naming its
 * own kernel instead. Call it after the argument's rank has been checked, before any tensor work.
 *
 * @param fn - the public function's name, e.g. `'overlay'`.
 * @param name - the argument's name in messages, e.g. `'heatmap'`.
 * @throws CamError `DISPOSED` for a disposed tensor; `INVALID_INPUT` for a non-numeric dtype.
 * @internal
 */
export function checkLiveNumeric(fn: string, name: string, x: tf.Tensor): void {
  if (x.isDisposed) {
    throw new CamError('DISPOSED', `${fn}(): ${name} has been disposed (shape [${x.shape.join(', ')}]); pass a live tensor.`);
  }
  if (x.dtype === 'string' || x.dtype === 'complex64') {
    throw new CamError(
      'INVALID_INPUT',
      `${fn}(): ${name} has dtype ${x.dtype} (shape [${x.shape.join(', ')}]); allowed: a numeric tensor (float32, int32 or bool).`,
    );
  }
}
