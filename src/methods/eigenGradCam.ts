/**
 * EigenGrad-CAM (pytorch-grad-cam's EigenGradCAM): the first principal component of G ⊙ A, a
 * class-discriminative Eigen-CAM. Sign rule as {@link principalComponentMap}.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

/**
 * The EigenGrad-CAM method: element weights G, combined by the first principal component of G·A.
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: eigenGradCamMethod }); // the same map as eigenGradCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const eigenGradCamMethod = defineCamMethod({
  name: 'eigen-grad-cam',
  needsGradients: true,
  combine: 'eigen',
  weights: (ctx) => ctx.gradients,
});

/**
 * EigenGrad-CAM of `model` for `input`. Options and result as {@link gradCam}.
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
 * const r = eigenGradCam(model, image, { classIndex: 1 });
 * r.dispose();
 * ```
 * @category Methods
 */
export function eigenGradCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, eigenGradCamMethod, 'eigenGradCam()');
}
