/**
 * LayerCAM (Jiang et al., "LayerCAM: Exploring Hierarchical Class Activation Maps for
 * Localization", IEEE TIP 2021): L = Σ_k ReLU(G_k) ⊙ A_k, element-wise positive gradients; good at
 * early layers, where Grad-CAM's averaged gradients blur.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

/**
 * The LayerCAM weighting: ReLU of the gradients, [B,h,w,K].
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: layerCamMethod }); // the same map as layerCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const layerCamMethod = defineCamMethod({ name: 'layer-cam', needsGradients: true, weights: (ctx) => tf.relu(ctx.gradients) });

/**
 * LayerCAM of `model` for `input`. Options and result as {@link gradCam}.
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
 * const r = layerCam(model, image, { layerName: 'base/conv2' }); // an early layer
 * r.dispose();
 * ```
 * @category Methods
 */
export function layerCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, layerCamMethod, 'layerCam()');
}
