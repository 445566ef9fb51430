import type * as tf from '@tensorflow/tfjs-core';
import type { CurveOptions } from './curveOptions.js';
import type { CurveResult } from './curveResult.js';
import { perturbationCurve } from './perturbationCurve.js';
import type { ScoreModel } from './scoreModel.js';

/**
 * Deletion curve (RISE, Petsiuk et al. 2018): starting from the image, replace the most relevant
 * pixels (by `heatmap`, highest first; ties broken by the lower flat index) by the baseline, a
 * fraction `k/steps` at a time, and score the model after each step. A faithful map makes the score
 * fall fast: **lower AUC is better**.
 *
 * Step k changes the `round(k·H·W/steps)` top pixels in every channel. The class is fixed to
 * `classIndex` or the arg-max on the unaltered input; the score is the model's own output there.
 * The `B·(steps+1)` images are scored `batchSize` at a time.
 *
 * @param model - a {@link ScoreModel}; not modified.
 * @param input - [B,H,W,C] (or [H,W,C]) images as the model expects them; not disposed.
 * @param heatmap - [B,H,W] (or [H,W] for one image) relevance map at the input size; not disposed.
 * @param options - {@link CurveOptions}: `steps` (32), `baseline` (`'zero'`), `classIndex`, `target`, `batchSize` (32).
 * @returns plain numbers: `fractions`, `scores` [B][steps+1], `auc` [B], `meanAuc`.
 * @throws CamError `INVALID_INPUT`, `INVALID_OPTION`, `INVALID_CLASS`, `INVALID_TARGET`, `NON_FINITE_INPUT`; nothing leaks.
 * @example
 * ```ts
 * const r = cam(model, x, { method: 'grad-cam' });
 * const { auc, meanAuc } = await deletionCurve(model, x, r.heatmap, { steps: 16 });
 * r.dispose();
 * ```
 * @category Metrics
 */
export function deletionCurve(
  model: ScoreModel,
  input: tf.Tensor4D | tf.Tensor3D,
  heatmap: tf.Tensor3D | tf.Tensor2D,
  options?: CurveOptions,
): Promise<CurveResult> {
  return perturbationCurve('deletion', model, input as tf.Tensor4D, heatmap, options, 'deletionCurve()');
}
