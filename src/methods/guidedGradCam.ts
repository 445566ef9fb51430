/**
 * Guided Grad-CAM (Selvaraju et al., ICCV 2017, §3.2): guided backpropagation multiplied point-wise
 * by the upsampled CAM, fine-grained and class-discriminative.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamResult } from '../core/camResult.js';
import { asCaller } from '../core/asCaller.js';
import { optionsObject } from '../core/validateInput.js';
import { cam, type CamCallOptions } from './cam.js';
import { guidedBackprop } from './guidedBackprop.js';

/**
 * What {@link guidedGradCam} returns: the CAM result plus the guided maps. The caller owns every
 * tensor; `dispose()` frees them all.
 * @example
 * ```ts
 * const r: GuidedGradCamResult = guidedGradCam(model, image);
 * console.log(r.heatmap.shape, r.guided.shape); // [1,H,W] and [1,H,W,C]
 * r.dispose();
 * ```
 * @category Methods
 */
export interface GuidedGradCamResult extends CamResult {
  /** [B,H,W,C] float32 guided gradients (guided backpropagation alone). */
  gradients: tf.Tensor4D;
  /** [B,H,W,C] float32 guided gradients × heatmap: the Guided Grad-CAM. */
  guided: tf.Tensor4D;
}

/**
 * Guided Grad-CAM for a batch, one class per sample. The CAM part can be any method (`method`,
 * default `'grad-cam'`); its heatmap is taken at the input size.
 *
 * @param model - a tfjs-layers LayersModel with one image input and one output.
 * @param input - [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - {@link CamCallOptions}; `resize` is forced to the input size.
 * @returns a {@link GuidedGradCamResult}; the caller owns its tensors.
 * @throws CamError `INVALID_OPTION` for options that are not an object, `DISPOSED` for a disposed
 *   model, and the other codes {@link cam} and {@link guidedBackprop} report. An error thrown by
 *   `target` itself passes through unchanged.
 * @example
 * ```ts
 * const r = guidedGradCam(model, image, { classIndex: 1 });
 * const picture = deprocessGradients(r.guided); // [1,H,W,3] in [0,1]
 * r.dispose();
 * ```
 * @category Methods
 */
export function guidedGradCam(model: unknown, input: tf.Tensor, options?: CamCallOptions): GuidedGradCamResult {
  const fn = 'guidedGradCam()';
  const opts = optionsObject(options, fn);
  const result = asCaller(fn, () => cam(model, input, { ...opts, resize: true }));
  try {
    // The guided pass explains the classes the CAM explained.
    const classes = opts.target !== undefined ? undefined : Array.from(result.classIndex.dataSync());
    const gb = asCaller(fn, () =>
      guidedBackprop(model, input, {
        classIndex: classes,
        target: opts.target,
        logits: opts.logits,
        checkFinite: false,
      }),
    );
    const guided = tf.tidy(() => tf.mul(gb.gradients, tf.expandDims(result.heatmap, 3)) as tf.Tensor4D);
    gb.classIndex.dispose();
    gb.score.dispose();
    return {
      ...result,
      gradients: gb.gradients,
      guided,
      dispose() {
        result.dispose();
        for (const t of [gb.gradients, guided]) if (!t.isDisposed) t.dispose();
      },
    };
  } catch (e) {
    result.dispose();
    throw e;
  }
}
