/**
 * Grad-CAM++ (Chattopadhyay et al., "Grad-CAM++: Improved Visual Explanations for Deep
 * Convolutional Networks", WACV 2018).
 *
 * Default variant, as pytorch-grad-cam: α_kij = G² / (2G² + Σ_ab A_kab · G³ + 1e-6), α = 0 where
 * G = 0, w_k = Σ_ij ReLU(G_kij)·α_kij. The paper's variant (`variant: 'paper'`, as tf-keras-vis)
 * uses the gradients of exp(score): α as above without the ε, then divided by its spatial sum
 * (a sum of 0 read as 1), and w_k = Σ_ij ReLU(exp(S)·G_kij)·α_kij. The exp(S) factor is one positive
 * number per sample, so it scales the raw map but not the normalised heatmap; S is clipped at 80
 * so the factor stays finite in float32.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamMethod } from '../core/camMethod.js';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { CamError } from '../core/errors.js';
import { runCam } from '../core/runCam.js';
import { asCaller } from '../core/asCaller.js';
import { optionsObject } from '../core/validateInput.js';

/**
 * Which Grad-CAM++ formula: pytorch-grad-cam's (default) or the paper's with exp(score) and the
 * normalised α.
 * @example
 * ```ts
 * const variant: GradCamPlusPlusVariant = 'paper';
 * const r = gradCamPlusPlus(model, image, { variant });
 * r.dispose();
 * ```
 * @category Methods
 */
export type GradCamPlusPlusVariant = 'pytorch-grad-cam' | 'paper';

/**
 * The Grad-CAM++ weighting, [B,1,1,K], for a variant.
 * @param options - `variant`: `'pytorch-grad-cam'` (default) or `'paper'`.
 * @returns a {@link CamMethod} named `'grad-cam++'` (or `'grad-cam++ (paper)'`).
 * @throws CamError `INVALID_OPTION` for an unknown variant, or options that are not an object.
 * @example
 * ```ts
 * const r = cam(model, image, { method: gradCamPlusPlusMethod({ variant: 'paper' }) });
 * r.dispose();
 * ```
 * @category Methods
 */
export function gradCamPlusPlusMethod(options: { variant?: GradCamPlusPlusVariant } = {}): CamMethod {
  const variant = optionsObject(options, 'gradCamPlusPlusMethod()').variant ?? 'pytorch-grad-cam';
  if (variant !== 'pytorch-grad-cam' && variant !== 'paper') {
    throw new CamError('INVALID_OPTION', `gradCamPlusPlusMethod(): variant must be 'pytorch-grad-cam' or 'paper', received ${String(variant)}`);
  }
  const paper = variant === 'paper';
  return defineCamMethod({
    name: paper ? 'grad-cam++ (paper)' : 'grad-cam++',
    needsGradients: true,
    weights: (ctx) => {
      const g = ctx.gradients;
      const g2 = tf.square(g);
      const g3 = tf.mul(g2, g);
      const sumA = tf.sum(ctx.activations, [1, 2], true);
      const denom = tf.add(tf.mul(g2, 2), tf.mul(sumA, g3));
      const nonZero = tf.notEqual(g, 0);
      let alpha: tf.Tensor;
      if (!paper) {
        alpha = tf.where(nonZero, tf.div(g2, tf.add(denom, 1e-6)), tf.zerosLike(g));
      } else {
        alpha = tf.where(nonZero, tf.div(g2, tf.where(nonZero, denom, tf.onesLike(denom))), tf.zerosLike(g));
        const total = tf.sum(alpha, [1, 2], true);
        alpha = tf.div(alpha, tf.where(tf.notEqual(total, 0), total, tf.onesLike(total)));
      }
      let w = tf.sum(tf.mul(tf.relu(g), alpha), [1, 2], true);
      if (paper) w = tf.mul(w, tf.reshape(tf.exp(tf.minimum(ctx.score, 80)), [-1, 1, 1, 1]));
      return w as tf.Tensor4D;
    },
  });
}

/**
 * Grad-CAM++ of `model` for `input`. Options and result as {@link gradCam}, plus `variant`
 * (default `'pytorch-grad-cam'`).
 * @param model - a LayersModel, a GraphModel or a {@link CustomModel}, with one image input
 *   [B,H,W,C] and one output.
 * @param input - float32 [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - {@link CamOptions} plus `variant`; other defaults as for {@link gradCam}.
 * @returns a {@link CamResult} (`heatmap` float32 [B,H,W] in [0,1]); the caller owns its tensors
 *   (`result.dispose()`).
 * @throws CamError `INVALID_MODEL`, `DISPOSED` (a disposed model), `INVALID_INPUT`, `LAYER_NOT_FOUND`,
 *   `INVALID_CLASS`, `INVALID_OPTION` (also for an unknown `variant`, or options that are not an
 *   object) and the other codes {@link gradCam} reports.
 * @example
 * ```ts
 * const r = gradCamPlusPlus(model, image);                       // pytorch-grad-cam's formula
 * const p = gradCamPlusPlus(model, image, { variant: 'paper' }); // the paper's
 * r.dispose();
 * p.dispose();
 * ```
 * @category Methods
 */
export function gradCamPlusPlus(model: unknown, input: tf.Tensor, options?: CamOptions & { variant?: GradCamPlusPlusVariant }): CamResult {
  const { variant, ...rest } = optionsObject(options, 'gradCamPlusPlus()');
  const method = asCaller('gradCamPlusPlus()', () => gradCamPlusPlusMethod({ variant }));
  return runCam(model, input, rest, method, 'gradCamPlusPlus()');
}
