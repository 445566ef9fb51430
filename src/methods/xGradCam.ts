/**
 * XGrad-CAM (Fu et al., "Axiom-based Grad-CAM: Towards Accurate Visualization and Explanation of
 * CNNs", BMVC 2020): w_k = Σ_ij G_kij·A_kij / (Σ_ij A_kij + 1e-7).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

/**
 * The XGrad-CAM weighting, [B,1,1,K]: activation-weighted gradient sums, normalised by the
 * activation sums (ε = 1e-7, as pytorch-grad-cam).
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: xGradCamMethod }); // the same map as xGradCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const xGradCamMethod = defineCamMethod({
  name: 'xgrad-cam',
  needsGradients: true,
  weights: (ctx) =>
    tf.div(
      tf.sum(tf.mul(ctx.gradients, ctx.activations), [1, 2], true),
      tf.add(tf.sum(ctx.activations, [1, 2], true), 1e-7),
    ) as tf.Tensor4D,
});

/**
 * XGrad-CAM of `model` for `input`. Options and result as {@link gradCam}.
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
 * const r = xGradCam(model, image);
 * r.dispose();
 * ```
 * @category Methods
 */
export function xGradCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, xGradCamMethod, 'xGradCam()');
}
