/**
 * HiResCAM (Draelos & Carin, "Use HiResCAM instead of Grad-CAM for faithful explanations of
 * convolutional neural networks", 2020): the element-wise product of gradients and activations,
 * L = Σ_k G_k ⊙ A_k — Grad-CAM without the spatial averaging of the gradients.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

/**
 * The HiResCAM weighting: the gradients themselves, [B,h,w,K].
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: hiResCamMethod }); // the same map as hiResCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const hiResCamMethod = defineCamMethod({ name: 'hires-cam', needsGradients: true, weights: (ctx) => ctx.gradients });

/**
 * HiResCAM of `model` for `input`: Σ_k ∂y/∂A_k ⊙ A_k, which provably reflects the locations the
 * score depends on for a final linear layer. Options and result as {@link gradCam}.
 * @param model - a LayersModel, a GraphModel or a {@link CustomModel}, with one image input
 *   [B,H,W,C] and one output.
 * @param input - float32 [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - {@link CamOptions}; every default as for {@link gradCam}.
 * @returns a {@link CamResult} (`heatmap` float32 [B,H,W] in [0,1]); the caller owns its tensors
 *   (`result.dispose()`).
 * @throws CamError `INVALID_MODEL`, `DISPOSED` (a disposed model), `INVALID_INPUT`, `LAYER_NOT_FOUND`,
 *   `INVALID_CLASS`, `INVALID_OPTION` and the other codes {@link gradCam} reports.
 * @example
 * ```ts
 * const r = hiResCam(model, image); // r.heatmap [1,H,W]
 * r.dispose();
 * ```
 * @category Methods
 */
export function hiResCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, hiResCamMethod, 'hiResCam()');
}
