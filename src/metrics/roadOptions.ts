import type { MetricOptions } from './metricOptions.js';

/**
 * Options of {@link roadScore}.
 *
 * @example
 * ```ts
 * const options: RoadOptions = { percentiles: [20, 50, 80], seed: 7 };
 * ```
 * @category Metrics
 */
export interface RoadOptions extends MetricOptions {
  /** Percent of pixels removed at each point, each in [0, 100) (default `[10, 20, …, 90]`). */
  percentiles?: number[];
  /** Seed of the imputer's Gaussian noise (default 0): the same seed gives the same numbers. */
  seed?: number;
  /**
   * Standard deviation of the imputer's noise as a fraction of each image's value range
   * (max − min over all its pixels and channels). Default 0.01; 0 turns the noise off.
   */
  noise?: number;
}
