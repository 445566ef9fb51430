/** One entry point for every CAM method, by name or as a user-defined {@link CamMethod}. */
import type * as tf from '@tensorflow/tfjs-core';
import type { CamMethod } from '../core/camMethod.js';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { CamError } from '../core/errors.js';
import { runCam } from '../core/runCam.js';
import { optionsObject } from '../core/validateInput.js';
import { ablationCamMethod } from './ablationCam.js';
import { eigenCamMethod } from './eigenCam.js';
import { eigenGradCamMethod } from './eigenGradCam.js';
import { gradCamMethod } from './gradCam.js';
import { gradCamElementWiseMethod } from './gradCamElementWise.js';
import { gradCamPlusPlusMethod } from './gradCamPlusPlus.js';
import { hiResCamMethod } from './hiResCam.js';
import { layerCamMethod } from './layerCam.js';
import { scoreCamMethod } from './scoreCam.js';
import { xGradCamMethod } from './xGradCam.js';
import { camMethodNames, type CamMethodName } from './camMethodNames.js';

const BUILT_IN: Record<CamMethodName, () => CamMethod> = {
  'grad-cam': () => gradCamMethod,
  'hires-cam': () => hiResCamMethod,
  'grad-cam-elementwise': () => gradCamElementWiseMethod,
  'xgrad-cam': () => xGradCamMethod,
  'layer-cam': () => layerCamMethod,
  'grad-cam++': () => gradCamPlusPlusMethod(),
  'score-cam': () => scoreCamMethod(),
  'ablation-cam': () => ablationCamMethod,
  'eigen-cam': () => eigenCamMethod,
  'eigen-grad-cam': () => eigenGradCamMethod,
};


/**
 * Options of {@link cam} and {@link guidedGradCam}: the shared {@link CamOptions} plus the method.
 * @example
 * ```ts
 * const options: CamCallOptions = { method: 'layer-cam', layerName: 'base/conv2', classIndex: 1 };
 * const r = cam(model, image, options);
 * r.dispose();
 * ```
 * @category Methods
 */
export interface CamCallOptions extends CamOptions {
  /** A built-in method name (default `'grad-cam'`) or a method from {@link defineCamMethod}. */
  method?: CamMethodName | CamMethod;
}

/**
 * The built-in method called `name`, or a CamError listing the names.
 * @param name - one of {@link camMethodNames}.
 * @returns its {@link CamMethod} with default settings.
 * @throws CamError `INVALID_OPTION` for an unknown name.
 * @example
 * ```ts
 * const m = getCamMethod('layer-cam'); // m.needsGradients === true
 * ```
 * @category Methods
 */
export function getCamMethod(name: string): CamMethod {
  const make = Object.prototype.hasOwnProperty.call(BUILT_IN, name) ? BUILT_IN[name as CamMethodName] : undefined;
  if (make === undefined) {
    throw new CamError('INVALID_OPTION', `getCamMethod(): method "${String(name)}" is not a built-in method; allowed: ${camMethodNames.join(', ')}; or pass a method from defineCamMethod()`);
  }
  return make();
}

/**
 * Explains `model` on `input` with any CAM method: a built-in name or your own
 * {@link defineCamMethod} method. Everything else (layers, classes, targets, logits, smoothing,
 * post-processing, batches) works as for {@link gradCam}.
 *
 * @param model - a tfjs-layers LayersModel with one image input [B,H,W,C] and one output.
 * @param input - [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - {@link CamCallOptions}; `method` defaults to `'grad-cam'`.
 * @returns a {@link CamResult}; the caller owns its tensors (`result.dispose()`).
 * @throws CamError `INVALID_OPTION` for an unknown method name or options that are not an object,
 *   `DISPOSED` for a disposed model, and every code {@link gradCam} reports.
 * @example
 * ```ts
 * for (const method of camMethodNames) {
 *   const r = cam(model, image, { method, classIndex: 3 });
 *   console.log(method, r.heatmap.shape);
 *   r.dispose();
 * }
 * ```
 * @category Methods
 */
export function cam(model: unknown, input: tf.Tensor, options?: CamCallOptions): CamResult {
  const { method = 'grad-cam', ...rest } = optionsObject(options, 'cam()');
  let m: CamMethod;
  try {
    m = typeof method === 'string' ? getCamMethod(method) : method;
  } catch (e) {
    if (e instanceof CamError) throw new CamError(e.code, e.message.replace(/^getCamMethod\(\): /, 'cam(): '));
    throw e;
  }
  return runCam(model, input, rest, m, 'cam()');
}
