import type * as tf from '@tensorflow/tfjs-core';

/**
 * Anything that maps a batch of images to an output, as the metrics call it: a tfjs-layers
 * LayersModel, a GraphModel (both through `predict`), or a plain function.
 *
 * The metrics read the model's own output (probabilities for a softmax model, as the metric papers
 * do). A model with several outputs must be wrapped in a function that returns the one to score.
 *
 * @example
 * ```ts
 * const scoreModel: ScoreModel = model;                          // a LayersModel
 * const probs: ScoreModel = (x) => tf.softmax(model.predict(x) as tf.Tensor2D); // logits → probabilities
 * ```
 * @category Metrics
 */
export type ScoreModel =
  | {
      /** Runs the model on a batch `[N,H,W,C]` and returns its output (`LayersModel.predict`, `GraphModel.predict`). */
      predict(x: tf.Tensor, config?: unknown): tf.Tensor | tf.Tensor[];
    }
  | ((x: tf.Tensor4D) => tf.Tensor);
