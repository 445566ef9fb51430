/**
 * What {@link confidenceChange} returns (plain numbers, no tensors), one entry per sample.
 *
 * @example
 * ```ts
 * const { averageDrop, increaseRate } = await confidenceChange(model, x, heatmap);
 * console.log(`${(100 * averageDrop).toFixed(1)} % drop, ${(100 * increaseRate).toFixed(1)} % increase`);
 * ```
 * @category Metrics
 */
export interface ConfidenceChangeResult {
  /** [B] score on the unaltered input. */
  original: number[];
  /** [B] score on `input · heatmap` (the map broadcast over channels). */
  explained: number[];
  /** [B] `explained - original` (pytorch-grad-cam's CamMultImageConfidenceChange). */
  change: number[];
  /** [B] `max(0, original - explained) / original` (0 where `original` is 0). */
  drop: number[];
  /** [B] whether `explained > original`. */
  increase: boolean[];
  /** Mean of `drop` over the batch, a fraction (the Grad-CAM++ paper reports it in percent). Lower is better. */
  averageDrop: number;
  /** Fraction of samples whose score increased (the paper's "Increase in Confidence"). Higher is better. */
  increaseRate: number;
}
