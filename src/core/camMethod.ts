import type * as tf from '@tensorflow/tfjs-core';

/**
 * What a weighting function receives: the target layer's activations and the gradients of the
 * explained score with respect to them. All tensors belong to the pipeline; do not dispose them.
 * @category Methods
 */
export interface CamContext {
  /** [B,h,w,K] activations A of the target layer. */
  activations: tf.Tensor4D;
  /** [B,h,w,K] ∂(Σ_b score_b)/∂A, equal per sample to ∂score_b/∂A_b. */
  gradients: tf.Tensor4D;
  /** [B] explained scores. */
  score: tf.Tensor1D;
  /** [B] int32 explained classes (-1 for a custom target). */
  classIndex: tf.Tensor1D;
}

/**
 * A CAM method is its weighting rule: weights that broadcast against the activations,
 * [B,1,1,K] per channel or [B,h,w,K] per element; the map is Σ_k weights·A.
 * @category Methods
 */
export interface CamMethod {
  /** Name reported in {@link CamResult.method}. */
  name: string;
  /** Whether `weights` reads `ctx.gradients`. */
  needsGradients: boolean;
  /** The weights, [B,1,1,K] or [B,h,w,K]; runs inside `tf.tidy`. */
  weights(ctx: CamContext): tf.Tensor4D;
}
