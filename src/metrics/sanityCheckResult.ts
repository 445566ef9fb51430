/**
 * One step of the cascading randomisation in a {@link SanityCheckResult}.
 *
 * @example
 * ```ts
 * const { steps } = await sanityCheck(model, x);
 * for (const s of steps) console.log(s.layer, s.correlation[0]);
 * ```
 * @category Metrics
 */
export interface SanityCheckStep {
  /** Path of the layer randomised at this step (all layers of the earlier steps stay randomised). */
  layer: string;
  /** [B] Spearman rank correlation between this step's heatmap and the original one. */
  correlation: number[];
  /** [B] Spearman rank correlation of the raw maps (at the layer's resolution, before ReLU and normalisation). */
  rawCorrelation: number[];
  /** [B] Spearman rank correlation of the absolute values of the raw maps. */
  rawAbsCorrelation: number[];
}

/**
 * What {@link sanityCheck} returns (plain numbers, no tensors).
 *
 * @example
 * ```ts
 * const { original, steps, classIndex } = await sanityCheck(model, x, { seed: 3 });
 * console.log(original[0].length, steps.map((s) => s.correlation[0]), classIndex);
 * ```
 * @category Metrics
 */
export interface SanityCheckResult {
  /** [B][H·W] the heatmaps of the original model, row-major. */
  original: number[][];
  /** One entry per randomised layer, in the order they were randomised. */
  steps: SanityCheckStep[];
  /** [B] the class explained at every step (fixed to the original model's choice). */
  classIndex: number[];
}
