import type * as tf from '@tensorflow/tfjs-core';
import type { CamContext, CamMethod } from './camMethod.js';
import { CamError } from './errors.js';

/**
 * Defines a CAM method from its weighting rule, checked once here so mistakes surface at definition
 * time rather than on the first call. Pass the result to {@link cam} as `method`.
 *
 * The pipeline does the rest: the split at the target layer, the score (logits by default, one
 * class per sample), the gradients when `needsGradients`, Σ_k weights·A (or the first principal
 * component with `combine: 'eigen'`), ReLU, normalisation and resizing, several layers, smoothing.
 *
 * @param spec - `name` (reported in results), `needsGradients`, `weights(ctx)` returning [B,1,1,K]
 *   channel weights or [B,h,w,K] element weights (it runs inside `tf.tidy`), and optionally `combine`.
 * @returns a frozen {@link CamMethod}.
 * @throws CamError `INVALID_OPTION` for a missing or wrongly typed field.
 *
 * @example
 * ```ts
 * // "Grad-CAM with the spatial maximum of the gradients" in four lines:
 * const maxGradCam = defineCamMethod({
 *   name: 'max-grad-cam',
 *   needsGradients: true,
 *   weights: (ctx) => tf.max(ctx.gradients, [1, 2], true) as tf.Tensor4D,
 * });
 * const result = cam(model, image, { method: maxGradCam });
 * result.dispose();
 * ```
 * @category Methods
 */
export function defineCamMethod(spec: {
  name: string;
  needsGradients: boolean;
  weights: (ctx: CamContext) => tf.Tensor4D;
  combine?: 'sum' | 'eigen';
}): CamMethod {
  const fn = 'defineCamMethod()';
  if (spec == null || typeof spec !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}: pass { name, needsGradients, weights(ctx) }, received ${spec === null ? 'null' : typeof spec}`);
  }
  if (typeof spec.name !== 'string' || spec.name.length === 0) {
    throw new CamError('INVALID_OPTION', `${fn}: name must be a non-empty string, received ${String(spec.name)}`);
  }
  if (typeof spec.needsGradients !== 'boolean') {
    throw new CamError('INVALID_OPTION', `${fn}: needsGradients must be true or false (does weights read ctx.gradients?), received ${String(spec.needsGradients)}`);
  }
  if (typeof spec.weights !== 'function') {
    throw new CamError('INVALID_OPTION', `${fn}: weights must be a function (ctx) => Tensor4D, received ${typeof spec.weights}`);
  }
  if (spec.combine !== undefined && spec.combine !== 'sum' && spec.combine !== 'eigen') {
    throw new CamError('INVALID_OPTION', `${fn}: combine must be 'sum' or 'eigen', received ${String(spec.combine)}`);
  }
  return Object.freeze({ name: spec.name, needsGradients: spec.needsGradients, weights: spec.weights, combine: spec.combine ?? 'sum' });
}
