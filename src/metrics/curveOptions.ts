import type { MetricOptions } from './metricOptions.js';

/**
 * Options of {@link deletionCurve} and {@link insertionCurve}.
 *
 * @example
 * ```ts
 * const options: CurveOptions = { steps: 16, baseline: 'mean', batchSize: 17 };
 * ```
 * @category Metrics
 */
export interface CurveOptions extends MetricOptions {
  /** Number of steps: the curve has `steps + 1` points at fractions `0, 1/steps, …, 1` (default 32). */
  steps?: number;
  /**
   * What replaces a pixel (deletion) or what the image starts from (insertion): `'zero'` (all
   * channels 0), `'blur'` (Gaussian blur of the image: 11 taps, sigma 5 px, as RISE, normalised at the
   * borders), `'mean'` (the image's mean per channel), or a number (that constant).
   * Default: `'zero'` for deletion, `'blur'` for insertion (RISE's choices).
   */
  baseline?: 'zero' | 'blur' | 'mean' | number;
}
