/**
 * Options of {@link pointingGame}.
 *
 * @example
 * ```ts
 * const options: PointingGameOptions = { tolerance: 15 }; // Zhang et al.'s 15 px
 * ```
 * @category Metrics
 */
export interface PointingGameOptions {
  /** A peak within this Euclidean distance (pixels) of the box's nearest pixel counts as a hit (default 0). */
  tolerance?: number;
}
