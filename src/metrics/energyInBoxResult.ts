/**
 * What {@link energyInBox} returns, one entry per map.
 *
 * @example
 * ```ts
 * const box: Box = [30, 20, 70, 60];                            // [x0, y0, x1, y1] in pixels
 * const { energy, mean } = await energyInBox(heatmap, box);
 * console.log(energy[0], mean);
 * ```
 * @category Metrics
 */
export interface EnergyInBoxResult {
  /** [B] sum of the map inside the box / sum over the whole map, in [0, 1] (0 for an all-zero map). Higher is better. */
  energy: number[];
  /** Mean of `energy` over the batch. */
  mean: number;
}
