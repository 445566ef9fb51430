import type * as tf from '@tensorflow/tfjs-core';

/**
 * Options shared by the faithfulness metrics ({@link confidenceChange}, {@link deletionCurve},
 * {@link insertionCurve}, {@link roadScore}).
 *
 * The score of a sample is the model's own output at the class (a probability for a softmax model).
 *
 * @example
 * ```ts
 * const options: MetricOptions = { classIndex: [3, 7], batchSize: 16 };
 * ```
 * @category Metrics
 */
export interface MetricOptions {
  /**
   * One class for all samples or one per sample. Default: the arg-max of the model's output on the
   * unaltered input, per sample; the class then stays fixed for every altered copy.
   */
  classIndex?: number | number[];
  /**
   * Custom score from the model's output: receives the output of one forward pass ([N, ...]) and
   * returns one score per row ([N]). Overrides `classIndex`. The rows of a pass are altered copies of
   * any of the samples, so the target must score each row on its own (pick a unit, a sigmoid, a mask
   * sum), not depend on the row's position.
   */
  target?: (output: tf.Tensor) => tf.Tensor1D;
  /** Images per forward pass (default 32): memory grows with it. */
  batchSize?: number;
}
