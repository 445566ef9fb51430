import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { describeValue } from '../ops/describeValue.js';

/**
 * A score target for segmentation models (output `[B, H, W, C]`): the sum of the class channel over
 * a region, `score_b = Σ_{y,x} mask[b,y,x] · output[b,y,x,classIndex]` (pytorch-grad-cam's
 * `SemanticSegmentationTarget`). The mask is usually 0/1 — the pixels predicted as the class, or a
 * region of interest — but any weights work.
 *
 * A `[H, W]` mask applies to every row and works with every method. A `[B, H, W]` mask gives one
 * region per sample and is meant for methods that score the `B` input rows (the gradient methods,
 * Eigen-CAM); Score-CAM and Ablation-CAM score batches of copies of one sample, where only a
 * `[H, W]` mask is correct.
 *
 * @param classIndex - the output channel to explain, a non-negative integer.
 * @param mask - float or int `[H, W]` or `[B, H, W]`, the output's height and width. Still owned by
 *   the caller: it is read at each call and not copied, so keep it alive until the CAM call has
 *   returned, and dispose it afterwards.
 * @returns `(output) => Tensor1D`, the `N` masked sums. It creates new tensors only (the pipeline
 *   frees them).
 * @throws CamError `INVALID_CLASS` at once for a bad `classIndex`, `INVALID_TARGET` for a mask that is
 *   not a 2-D or 3-D tensor; when called, `INVALID_TARGET` for an output that is not `[N, H, W, C]`,
 *   a mask whose size or batch does not match it, or a disposed mask, and `INVALID_CLASS` for
 *   `classIndex` ≥ C.
 *
 * @example
 * ```ts
 * // Why does the model label these pixels "road" (class 1)?
 * const logits = model.predict(x) as tf.Tensor4D;                        // [1, H, W, C]
 * const mask = tf.tidy(() => tf.squeeze(tf.cast(tf.equal(tf.argMax(logits, 3), 1), 'float32'), [0]));
 * const r = gradCam(model, x, { target: segmentationTarget(1, mask as tf.Tensor2D) });
 * tf.dispose([logits, mask]);
 * ```
 * @category Targets
 */
export function segmentationTarget(classIndex: number, mask: tf.Tensor2D | tf.Tensor3D): (output: tf.Tensor) => tf.Tensor1D {
  const fn = 'segmentationTarget()';
  if (typeof classIndex !== 'number' || !Number.isInteger(classIndex) || classIndex < 0) {
    throw new CamError('INVALID_CLASS', `${fn}: classIndex must be a non-negative integer (the output channel), received ${describeValue(classIndex)}`);
  }
  if (!(mask instanceof tf.Tensor) || (mask.rank !== 2 && mask.rank !== 3)) {
    throw new CamError(
      'INVALID_TARGET',
      `${fn}: mask must be a tensor [H, W] or [B, H, W] (the region to explain, in the output's size), received ${describeValue(mask)}`,
    );
  }
  return (output: tf.Tensor): tf.Tensor1D => {
    if (mask.isDisposed) {
      throw new CamError('INVALID_TARGET', `${fn}: the mask has been disposed; keep it alive until the CAM call returns`);
    }
    if (output.rank !== 4) {
      throw new CamError(
        'INVALID_TARGET',
        `${fn}: the model output has shape ${formatShape(output.shape)}, not [batch, height, width, classes]; segmentationTarget is for per-pixel outputs`,
      );
    }
    const [n, h, w, c] = output.shape as [number, number, number, number];
    const [mh, mw] = mask.shape.slice(-2) as [number, number];
    if (mh !== h || mw !== w) {
      throw new CamError('INVALID_TARGET', `${fn}: the mask is ${mh}×${mw} but the model output is ${h}×${w}; resize the mask to the output's size`);
    }
    if (mask.rank === 3 && mask.shape[0] !== n) {
      throw new CamError(
        'INVALID_TARGET',
        `${fn}: the mask has ${mask.shape[0]} samples for an output of ${n} rows; pass one [H, W] mask for every row, or one per sample with gradient methods`,
      );
    }
    if (classIndex >= c) {
      throw new CamError('INVALID_CLASS', `${fn}: classIndex ${classIndex} is out of range; the model has ${c} output channels, allowed 0 to ${c - 1}`);
    }
    return tf.tidy(() => {
      const channel = tf.cast(tf.equal(tf.range(0, c, 1, 'int32'), classIndex), 'float32');
      const m = tf.cast(mask.rank === 2 ? tf.reshape(mask, [1, h, w, 1]) : tf.reshape(mask, [n, h, w, 1]), 'float32');
      return tf.sum(tf.mul(tf.mul(output, m), channel), [1, 2, 3]) as tf.Tensor1D;
    });
  };
}
