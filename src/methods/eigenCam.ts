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
