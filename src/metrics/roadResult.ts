/**
 * What {@link roadScore} returns (plain numbers, no tensors).
 *
 * @example
 * ```ts
 * const { percentiles, morf, lerf, meanCombined } = await roadScore(model, x, heatmap);
 * console.log(percentiles[0], morf[0][0], lerf[0][0], meanCombined);
 * ```
 * @category Metrics
 */
export interface RoadResult {
  /** The percentiles used (percent of pixels removed). */
  percentiles: number[];
  /** [B][P] score change (imputed − original) when the most relevant pixels are removed first. Lower is better. */
  morf: number[][];
  /** [B][P] score change (imputed − original) when the least relevant pixels are removed first. Higher is better. */
  lerf: number[][];
  /** [B] mean over percentiles of `(lerf − morf) / 2` (pytorch-grad-cam's ROADCombined). Higher is better. */
  combined: number[];
  /** Mean of `combined` over the batch. */
  meanCombined: number;
}
