import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { classScores } from '../core/selectScore.js';
import { describeValue } from '../ops/describeValue.js';

/**
 * A score target for regression outputs: output `index` of each row, or its negation.
 *
 * `direction: 'increase'` (default) explains what pushes the prediction up; `'decrease'` explains
 * what pushes it down (the score is −output, as `counterfactual: true` does for gradient methods).
 * Heads with a final sigmoid are explained before the sigmoid unless `logits: false`.
 *
 * @param options - `index`: the output unit to explain, a non-negative integer; default 0, and
 *   required when the output has more than one unit. `direction`: `'increase'` (default) or
 *   `'decrease'`.
 * @returns `(output) => Tensor1D`: for an output `[N]` or `[N, K]`, `output[:, index]` (negated for
 *   `'decrease'`). It creates new tensors only (the pipeline frees them).
 * @throws CamError `INVALID_OPTION` at once for a bad `index` or `direction`; when called,
 *   `INVALID_TARGET` for an output that is not `[N]` or `[N, K]`, for `index` ≥ K, or for an output
 *   with several units and no `index`.
 *
 * @example
 * ```ts
 * // An age regressor with outputs [age, confidence]: where does the model see "older"?
 * const r = gradCam(model, x, { target: regressionTarget({ index: 0, direction: 'increase' }) });
 * ```
 * @category Targets
 */
export function regressionTarget(
  options: { index?: number; direction?: 'increase' | 'decrease' } = {},
): (output: tf.Tensor) => tf.Tensor1D {
  const fn = 'regressionTarget()';
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object { index?, direction? }, received ${describeValue(options)}`);
  }
  const { index, direction = 'increase' } = options;
  if (index !== undefined && !(typeof index === 'number' && Number.isInteger(index) && index >= 0)) {
    throw new CamError('INVALID_OPTION', `${fn}: index must be a non-negative integer (the output unit), received ${describeValue(index)}`);
  }
  if (direction !== 'increase' && direction !== 'decrease') {
    throw new CamError('INVALID_OPTION', `${fn}: direction must be 'increase' or 'decrease', received ${describeValue(direction)}`);
  }
  return (output: tf.Tensor): tf.Tensor1D => {
    const n = output.shape[0];
    if ((output.rank !== 1 && output.rank !== 2) || n === undefined) {
      throw new CamError(
        'INVALID_TARGET',
        `${fn}: the model output has shape ${formatShape(output.shape)}; regressionTarget needs [batch] or [batch, units]. Write your own target for other shapes`,
      );
    }
    const units = output.rank === 1 ? 1 : output.shape[1]!;
    if (index === undefined && units > 1) {
      throw new CamError('INVALID_TARGET', `${fn}: the model has ${units} outputs per sample; pass index (0 to ${units - 1}) to choose one`);
    }
    const k = index ?? 0;
    if (k >= units) {
      throw new CamError('INVALID_TARGET', `${fn}: index ${k} is out of range; the model has ${units} outputs per sample, allowed 0 to ${units - 1}`);
    }
    return tf.tidy(() => {
      const s =
        output.rank === 1
          ? (tf.reshape(output, [n]) as tf.Tensor1D)
          : classScores(output, tf.fill([n], k, 'int32') as tf.Tensor1D);
      return direction === 'decrease' ? (tf.neg(s) as tf.Tensor1D) : s;
    });
  };
}
