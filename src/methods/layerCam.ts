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
 * @category Methods
 */
export const layerCamMethod = defineCamMethod({ name: 'layer-cam', needsGradients: true, weights: (ctx) => tf.relu(ctx.gradients) });

/**
 * LayerCAM of `model` for `input`. Options and result as {@link gradCam}.
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
