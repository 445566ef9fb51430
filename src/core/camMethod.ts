import type * as tf from '@tensorflow/tfjs-core';

/**
 * What a weighting function receives. All tensors belong to the pipeline; do not dispose them.
 * Everything runs inside `tf.tidy`, so tensors a method makes are freed for it.
 * @example
 * ```ts
 * // Grad-CAM with the gradients weighted by the activations' channel means.
 * const weighted = defineCamMethod({
 *   name: 'weighted-grad-cam',
 *   needsGradients: true,
 *   weights: (ctx: CamContext) =>
 *     tf.mul(tf.mean(ctx.gradients, [1, 2], true), tf.mean(ctx.activations, [1, 2], true)) as tf.Tensor4D,
 * });
 * const r = cam(model, image, { method: weighted });
 * r.dispose();
 * ```
 * @category Methods
 */
export interface CamContext {
  /** [B,h,w,K] activations A of the target layer. */
  readonly activations: tf.Tensor4D;
  /**
   * [B,h,w,K] ∂(Σ_b score_b)/∂A, equal per sample to ∂score_b/∂A_b. Only for methods with
   * `needsGradients: true`; reading it otherwise throws.
   */
  readonly gradients: tf.Tensor4D;
  /** [B] float32 explained scores (the logits by default). */
  readonly score: tf.Tensor1D;
  /** [B] int32 explained classes (-1 for a custom target). */
  readonly classIndex: tf.Tensor1D;
  /** [B,H,W,C] float32 model input, as given (already preprocessed). */
  readonly input: tf.Tensor4D;
  /** How many rows forward-pass methods run at once (the `batchSize` option). */
  readonly batchSize: number;
  /**
   * The explained score of each row of `a` [N,h,w,K] used in place of the layer's activations,
   * running only the part of the model after the target layer. Row i stands for sample `rows[i]`
   * (its class is used). Returns float32 [N], owned by the caller (freed by the surrounding tidy);
   * no gradients are taken.
   */
  scoreActivations(a: tf.Tensor4D, rows: number[]): tf.Tensor1D;
  /**
   * The explained score of each row of a new input batch `x` [N,H,W,C] (the whole model runs).
   * Row i stands for sample `rows[i]` (its class is used). Returns float32 [N], owned by the caller
   * (freed by the surrounding tidy).
   */
  scoreInputs(x: tf.Tensor4D, rows: number[]): tf.Tensor1D;
}

/**
 * A CAM method is its weighting rule: weights that broadcast against the activations,
 * [B,1,1,K] per channel or [B,h,w,K] per element. The map is Σ_k weights·A (or, with
 * `combine: 'eigen'`, the first principal component of weights·A). The pipeline calls `weights`
 * inside `tf.tidy` and frees what it returns; {@link defineCamMethod} checks the shape.
 * @example
 * ```ts
 * const uniform: CamMethod = {
 *   name: 'mean-activation',
 *   needsGradients: false,
 *   weights: (ctx) => tf.onesLike(tf.mean(ctx.activations, [1, 2], true)) as tf.Tensor4D,
 * };
 * const r = cam(model, image, { method: uniform });
 * r.dispose();
 * ```
 * @category Methods
 */
export interface CamMethod {
  /** Name reported in {@link CamResult.method}. */
  readonly name: string;
  /** Whether `weights` reads `ctx.gradients` (a backward pass is run only for such methods). */
  readonly needsGradients: boolean;
  /** The float32 weights, [B,1,1,K] or [B,h,w,K]; runs inside `tf.tidy`, which frees them. */
  weights(ctx: CamContext): tf.Tensor4D;
  /**
   * How weighted activations become a map: `'sum'` (default) over channels, or `'eigen'` for their
   * projection on the first principal component (Eigen-CAM).
   */
  readonly combine?: 'sum' | 'eigen';
}
