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
 * @category Methods
 */
export const gradCamElementWiseMethod = defineCamMethod({
  name: 'grad-cam-elementwise',
  needsGradients: true,
  weights: (ctx) => tf.mul(ctx.gradients, tf.cast(tf.greater(tf.mul(ctx.gradients, ctx.activations), 0), 'float32')) as tf.Tensor4D,
});

/**
 * Element-wise Grad-CAM of `model` for `input`: Σ_k ReLU(∂y/∂A_k ⊙ A_k). Options and result as {@link gradCam}.
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
