import type * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from './camCache.js';

/**
 * A model cut in two at the explained layer: `features` (input → activations A) and `head`
 * (A → model output). Every CAM method is written against this view, so one pipeline serves
 * tfjs-layers models (split passes), GraphModels (internal nodes) and user-supplied functions.
 *
 * A split lives only inside {@link SplitModel.withSplit}'s callback: the model may be temporarily
 * patched while it runs, and the tensors it holds are freed when the callback returns.
 * @example
 * ```ts
 * // The predicted class per sample, read from the split's own activations.
 * function predictedClasses(model: SplitModel, x: tf.Tensor4D, layerName: string): tf.Tensor1D {
 *   return model.withSplit(x, layerName, { logits: true, fn: 'predictedClasses()' }, (split: ModelSplit) =>
 *     tf.tidy(() => tf.argMax(split.head(split.activations), 1) as tf.Tensor1D),
 *   );
 * }
 * ```
 * @category Extending
 */
export interface ModelSplit {
  /** Path or name of the explained layer or node. */
  readonly layerName: string;
  /** [B,h,w,K] activations of the explained layer for the split's input; owned by the split. */
  readonly activations: tf.Tensor4D;
  /**
   * The model output (logits unless the split was made with `logits: false`) computed from
   * activations `a` [N,h,w,K] in place of the layer's own. Row i of `a` stands for sample `rows[i]`
   * of the split's input (default: row i is sample i), which matters where the model joins a branch
   * that skips the layer. Differentiable with respect to `a` (call it inside `tf.grad`).
   * `differentiable: false` may use faster kernels when no gradient is taken; with it, `classes`
   * says that only column `classes[i]` of row i of the output will be read (the others may be 0).
   * The caller owns the result.
   */
  head(a: tf.Tensor4D, rows?: tf.Tensor1D, options?: { differentiable?: boolean; classes?: tf.Tensor1D }): tf.Tensor;
  /** The model output (logits unless `logits: false`) for a new input batch [N,H,W,C]. The caller owns it. */
  forward(x: tf.Tensor4D): tf.Tensor;
}

/**
 * Options a {@link SplitModel} receives to make a split.
 * @example
 * ```ts
 * const options: SplitOptions = { logits: true, fn: 'myMethod()' };
 * ```
 * @category Extending
 */
export interface SplitOptions {
  /** Strip a final softmax/sigmoid so the output is the pre-activation (default in every method). */
  logits: boolean;
  /** Name of the public function, for error messages. */
  fn: string;
  /** Keeps derived filters between calls (layers and graph models). */
  cache?: CamCache;
}

/**
 * A candidate layer or node of a {@link SplitModel}: its path and output shape.
 * @example
 * ```ts
 * const spatial = (model: SplitModel): SplitCandidate[] =>
 *   model.candidates().filter((c) => c.shape.length === 4);
 * ```
 * @category Extending
 */
export interface SplitCandidate {
  /** Path or node name, usable as `layerName`. */
  name: string;
  /** Output shape, batch first; null entries where unknown. */
  shape: ReadonlyArray<number | null>;
}

/**
 * Anything the pipeline can explain: tfjs-layers models, GraphModels and `{ features, head }`
 * objects are each adapted to this interface. Custom CAM methods and tools can be written against
 * it; the tensors it hands out in a {@link ModelSplit} stay owned by the split.
 * @example
 * ```ts
 * const describeModel = (model: SplitModel): string =>
 *   `${model.kind} model, input ${model.inputShape.join('x')}, layers: ` +
 *   model.candidates().map((c) => c.name).join(', ');
 * ```
 * @category Extending
 */
export interface SplitModel {
  /** 'layers', 'graph' or 'custom'. */
  readonly kind: string;
  /** [null,H,W,C] (entries may be null when unknown). */
  readonly inputShape: ReadonlyArray<number | null>;
  /** Shape of the output, [null, classes] for classifiers; null when unknown. */
  readonly outputShape: ReadonlyArray<number | null> | null;
  /** The layers or nodes that can be explained, in execution order. */
  candidates(): SplitCandidate[];
  /** The path of the layer named `layerName`, or the automatic choice; throws a CamError listing candidates. */
  resolve(layerName: string | undefined, fn: string): string;
  /** Runs `body` with the model split at `layerName` for input `x` [B,H,W,C]; restores everything after. */
  withSplit<T>(x: tf.Tensor4D, layerName: string, options: SplitOptions, body: (split: ModelSplit) => T): T;
  /** Throws a CamError when the model was disposed. */
  checkAlive?(fn: string): void;
}
