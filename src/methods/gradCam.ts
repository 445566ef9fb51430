/**
 * Grad-CAM (Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
 * Localization", ICCV 2017): α_k = mean_ij ∂y_c/∂A_kij, L = ReLU(Σ_k α_k A_k).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CamMethod } from '../core/camMethod.js';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { runCam } from '../core/runCam.js';
import { globalAveragePool } from '../ops/globalAveragePool.js';

/**
 * The Grad-CAM weighting: the spatial mean of the gradients per channel, [B,1,1,K].
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: gradCamMethod }); // the same map as gradCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const gradCamMethod: CamMethod = {
  name: 'grad-cam',
  needsGradients: true,
  weights: (ctx) => globalAveragePool(ctx.gradients),
};

/**
 * Grad-CAM of `model` for `input`: where the network looks when it scores a class.
 *
 * Works on Sequential models, functional models with branches and residual adds, and nested
 * models (a pretrained base inside a Sequential); the target layer may sit inside the nested model.
 * The score is the logit by default (a final softmax/sigmoid is stripped), the class is the
 * arg-max per sample unless `classIndex` or `target` says otherwise, and gradients are pooled per
 * sample over H,W. Numerics follow pytorch-grad-cam (DESIGN §5).
 *
 * @param model - a tfjs-layers LayersModel, a tfjs-converter GraphModel or a {@link CustomModel},
 *   with one image input [B,H,W,C] and one output.
 * @param input - float32 [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - layer, class, score and post-processing options ({@link CamOptions}; all optional).
 * @returns a {@link CamResult} (`heatmap` float32 [B,H,W] in [0,1], `raw` [B,h,w], `classIndex` int32
 *   [B], `score` float32 [B]); the caller owns its tensors (`result.dispose()` frees them).
 * @throws CamError `INVALID_MODEL` / `DISPOSED` / `UNSUPPORTED_MODEL` (model), `INVALID_INPUT` /
 *   `NON_FINITE_INPUT` (input), `LAYER_NOT_FOUND` / `NO_SPATIAL_LAYER` / `LAYER_NOT_SPATIAL` /
 *   `LAYER_SHARED` / `LAYER_NOT_CONNECTED` (layer), `INVALID_CLASS`, `INVALID_TARGET`,
 *   `INVALID_OPTION`, `GRADIENTS_NOT_REGISTERED` (tfjs has no gradient functions registered: import
 *   `@tensorflow/tfjs-layers` once).
 *
 * @example
 * ```ts
 * const result = gradCam(model, image, { layerName: 'base/conv3' });
 * const colored = applyColormap(result.heatmap, 'jet');   // [1,H,W,3] int32
 * result.dispose();
 * ```
 * @category Core
 */
export function gradCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, gradCamMethod, 'gradCam()');
}
