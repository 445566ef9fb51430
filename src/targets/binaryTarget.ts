import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { describeValue } from '../ops/describeValue.js';

/**
 * A score target for binary classifiers with one output unit (a single logit, usually followed by
 * a sigmoid): the logit for the positive class, its negation for the negative class.
 *
 * Such a model has one output column, so the default class (the arg-max of one column) is always
 * column 0 and the map always shows the evidence *for* the positive class — also for an image the
 * model calls negative, which then looks as if the map "highlights the opposite". Explain the
 * negative class with `binaryTarget(false)`: its score is −logit, because
 * log(σ(−z)) − log(σ(z)) = −z, so −logit is the negative class's logit against the positive one.
 * For gradient methods this equals the `counterfactual: true` map of the positive class.
 *
 * With `logits: false` the output is the sigmoid probability p, and the scores are p and −p.
 *
 * @param positive - `true` (default) to explain the positive class, `false` the negative class.
 * @returns `(output) => Tensor1D`: for an output `[N, 1]` (or `[N]`), `output[:, 0]` or its
 *   negation. It creates new tensors only (the pipeline frees them).
 * @throws CamError `INVALID_OPTION` at once when `positive` is not a boolean; when called,
 *   `INVALID_TARGET` for an output that is not `[N, 1]` or `[N]` (a two-column softmax is a
 *   classifier: use {@link classifierTarget} or `classIndex`).
 *
 * @example
 * ```ts
 * const forPositive = gradCam(model, x, { target: binaryTarget() });      // evidence for class 1
 * const forNegative = gradCam(model, x, { target: binaryTarget(false) }); // evidence for class 0
 * ```
 * @category Targets
 */
export function binaryTarget(positive = true): (output: tf.Tensor) => tf.Tensor1D {
  const fn = 'binaryTarget()';
  if (typeof positive !== 'boolean') {
    throw new CamError('INVALID_OPTION', `${fn}: positive must be true or false, received ${describeValue(positive)}; true explains the positive class, false the negative one`);
  }
  return (output: tf.Tensor): tf.Tensor1D => {
    const n = output.shape[0];
    if (!((output.rank === 2 && output.shape[1] === 1) || output.rank === 1) || n === undefined) {
      throw new CamError(
        'INVALID_TARGET',
        `${fn}: the model output has shape ${formatShape(output.shape)}; binaryTarget needs one output unit, [batch, 1] or [batch]. For a softmax over two classes use classifierTarget(1) or the classIndex option`,
      );
    }
    return tf.tidy(() => {
      const z = tf.reshape(output, [n]) as tf.Tensor1D;
      return positive ? z : (tf.neg(z) as tf.Tensor1D);
    });
  };
}
