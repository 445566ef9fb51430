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
