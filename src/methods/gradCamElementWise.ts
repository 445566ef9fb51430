/**
 * Grad-CAM element-wise (pytorch-grad-cam's GradCAMElementWise): L = Σ_k ReLU(G_k ⊙ A_k), the
 * positive element-wise contributions only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

/**
 * The element-wise Grad-CAM weighting: G where G·A > 0, else 0, so weights·A = ReLU(G·A), [B,h,w,K].
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: gradCamElementWiseMethod }); // the same map as gradCamElementWise(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const gradCamElementWiseMethod = defineCamMethod({
  name: 'grad-cam-elementwise',
  needsGradients: true,
  weights: (ctx) => tf.mul(ctx.gradients, tf.cast(tf.greater(tf.mul(ctx.gradients, ctx.activations), 0), 'float32')) as tf.Tensor4D,
});

/**
 * Element-wise Grad-CAM of `model` for `input`: Σ_k ReLU(∂y/∂A_k ⊙ A_k). Options and result as {@link gradCam}.
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
 * const r = gradCamElementWise(model, image, { classIndex: 2 });
 * r.dispose();
 * ```
 * @category Methods
 */
export function gradCamElementWise(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, gradCamElementWiseMethod, 'gradCamElementWise()');
}
