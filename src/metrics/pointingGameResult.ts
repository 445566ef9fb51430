/**
 * What {@link pointingGame} returns, one entry per map.
 *
 * @example
 * ```ts
 * const box: Box = [30, 20, 70, 60];                            // [x0, y0, x1, y1] in pixels
 * const { hits, peaks, accuracy } = await pointingGame(heatmap, box, { tolerance: 15 });
 * console.log(hits[0], peaks[0], accuracy);
 * ```
 * @category Metrics
 */
export interface PointingGameResult {
  /** [B] whether each map's peak lies in its box (within the tolerance). */
  hits: boolean[];
  /** [B] `[x, y]` pixel of each map's maximum (the first in row-major order on ties). */
  peaks: [number, number][];
  /** Fraction of hits. Higher is better. */
  accuracy: number;
}
