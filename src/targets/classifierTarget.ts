import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { classScores } from '../core/selectScore.js';
import { describeValue } from '../ops/describeValue.js';

/**
 * A score target for classifiers: the output column `classIndex` of each row, the same score the
 * `classIndex` option selects (the logit by default, the probability with `logits: false`).
 *
 * Use it where a target function is wanted (to combine with other targets, or in your own
 * method); for plain class selection the `classIndex` option does the same.
 *
 * A list gives one class per sample and is meant for methods whose score is taken on the `B` input
 * rows (the gradient methods, Eigen-CAM): Score-CAM and Ablation-CAM call the target on batches of
 * masked or ablated copies of one sample, so a list of the wrong length is refused there; pass the
 * `classIndex` option to those methods instead, which is mapped to each row.
 *
 * @param classIndex - a non-negative integer class for every row, or one per sample.
 * @returns `(output) => Tensor1D`: for an output `[N, classes]`, the `N` scores
 *   `output[i, class_i]`. It creates new tensors only (the pipeline frees them); nothing is retained.
 * @throws CamError `INVALID_CLASS` at once for an index that is not a non-negative integer or an
 *   empty list; when called, `INVALID_TARGET` for an output that is not `[N, classes]` or a list
 *   whose length is not `N`, and `INVALID_CLASS` for an index ≥ the number of classes.
 *
 * @example
 * ```ts
 * const r = gradCam(model, x, { target: classifierTarget(3) }); // same map as { classIndex: 3 }
 * ```
 * @category Targets
 */
export function classifierTarget(classIndex: number | number[]): (output: tf.Tensor) => tf.Tensor1D {
  const fn = 'classifierTarget()';
  const list = Array.isArray(classIndex) ? [...classIndex] : null;
  const values = list ?? [classIndex];
  if (list !== null && list.length === 0) {
    throw new CamError('INVALID_CLASS', `${fn}: classIndex is an empty list; pass a class index or one per sample`);
  }
  for (const c of values) {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
      throw new CamError(
        'INVALID_CLASS',
        `${fn}: classIndex must be a non-negative integer or a list of them, received ${describeValue(c)}; pass the index of the class to explain`,
      );
    }
  }
  return (output: tf.Tensor): tf.Tensor1D => {
    if (output.rank !== 2) {
      throw new CamError(
        'INVALID_TARGET',
        `${fn}: the model output has shape ${formatShape(output.shape)}, not [batch, classes]; use regressionTarget, segmentationTarget or your own target function for other outputs`,
      );
    }
    const [n, classes] = output.shape as [number, number];
    const idx = list ?? new Array<number>(n).fill(classIndex as number);
    if (idx.length !== n) {
      throw new CamError(
        'INVALID_TARGET',
        `${fn}: ${idx.length} class indices for an output of ${n} rows; pass one index per sample (gradient methods), or a single number, or use the classIndex option with Score-CAM and Ablation-CAM`,
      );
    }
    const bad = idx.find((c) => c >= classes);
    if (bad !== undefined) {
      throw new CamError('INVALID_CLASS', `${fn}: classIndex ${bad} is out of range; the model has ${classes} outputs, allowed 0 to ${classes - 1}`);
    }
    return tf.tidy(() => classScores(output, tf.tensor1d(idx, 'int32')));
  };
}
