/**
 * Eigen-CAM (Muhammad & Yeasin, "Eigen-CAM: Class Activation Map using Principal Components",
 * IJCNN 2020): the projection of the centred activations on their first principal component. No
 * gradients and no class: the map is the same for every class. The sign rule is documented on
 * {@link principalComponentMap}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

/**
 * The Eigen-CAM method: unit weights, combined by the first principal component.
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: eigenCamMethod }); // the same map as eigenCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const eigenCamMethod = defineCamMethod({
  name: 'eigen-cam',
  needsGradients: false,
  combine: 'eigen',
  weights: (ctx) => tf.ones([ctx.activations.shape[0], 1, 1, ctx.activations.shape[3]]) as tf.Tensor4D,
});

/**
 * Eigen-CAM of `model` for `input`: class-agnostic, one forward pass. Options and result as
 * {@link gradCam} (the class options only choose the reported score).
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
 * const r = eigenCam(model, image);
 * r.dispose();
 * ```
 * @category Methods
 */
export function eigenCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, eigenCamMethod, 'eigenCam()');
}
