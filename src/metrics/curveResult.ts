/**
 * What {@link deletionCurve} and {@link insertionCurve} return (plain numbers, no tensors).
 *
 * @example
 * ```ts
 * const { fractions, scores, auc } = await deletionCurve(model, x, heatmap);
 * console.log(fractions.length === scores[0].length, auc[0]);
 * ```
 * @category Metrics
 */
export interface CurveResult {
  /** The x-axis: fraction of pixels changed, `[0, 1/steps, …, 1]`. */
  fractions: number[];
  /** [B][steps+1] the score of each sample after each step. */
  scores: number[][];
  /** [B] area under each curve over `fractions` (trapezoid rule). */
  auc: number[];
  /** Mean of `auc` over the batch. */
  meanAuc: number;
}
