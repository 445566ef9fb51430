/**
 * Ablation-CAM (Desai & Ramaswamy, "Ablation-CAM: Visual Explanations for Deep Convolutional
 * Network via Gradient-free Localization", WACV 2020), as pytorch-grad-cam computes it:
 * w_k = (y − y_k) / y, where y_k is the score with channel k of the target layer's activations
 * ablated. Only the part of the model after the target layer runs again, `batchSize` ablated
 * copies at a time. The ablated channel is set to 0 when the sample's activations have minimum 0
 * (after a ReLU), otherwise to that minimum − 1e7, as pytorch-grad-cam's ablation layer does for
 * its first row.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamContext } from '../core/camMethod.js';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { runCam } from '../core/runCam.js';

function ablationWeights(ctx: CamContext): tf.Tensor4D {
  const a = ctx.activations;
  const [batch, h, w, k] = a.shape;
  const perSample: tf.Tensor[] = [];
  for (let b = 0; b < batch; b++) {
    const ab = tf.slice(a, [b, 0, 0, 0], [1, h, w, k]);
    const low = tf.min(ab);
    const minValue = low.dataSync()[0]!;
    const value = minValue === 0 ? 0 : minValue - 1e7;
    const scores: tf.Tensor1D[] = [];
    for (let k0 = 0; k0 < k; k0 += ctx.batchSize) {
      const n = Math.min(ctx.batchSize, k - k0);
      scores.push(
        tf.tidy(() => {
          // [n,1,1,K]: row i masks channel k0 + i. (An int32 one-hot cast to float32: wasm's
          // broadcasting Equal is slow, and its float32 OneHot returns zeros.)
          const mask = tf.reshape(tf.cast(tf.oneHot(tf.range(k0, k0 + n, 1, 'int32') as tf.Tensor1D, k), 'float32'), [n, 1, 1, k]);
          const kept = tf.mul(ab, tf.sub(1, mask));
          const ablated = (value === 0 ? kept : tf.add(kept, tf.mul(mask, value))) as tf.Tensor4D;
          return ctx.scoreActivations(ablated, new Array<number>(n).fill(b));
        }),
      );
    }
    const y = tf.slice(ctx.score, [b], [1]);
    // A score of exactly 0 gives weights 0 rather than NaN.
    perSample.push(tf.reshape(tf.divNoNan(tf.sub(y, tf.concat(scores)), y), [1, 1, 1, k]));
  }
  return tf.concat(perSample, 0) as tf.Tensor4D;
}

/**
 * The Ablation-CAM method (gradient-free weights w_k = (y − y_k) / y, [B,1,1,K]).
 * The pipeline calls `weights(ctx)` inside a tidy and frees what it returns.
 * @example
 * ```ts
 * const r = cam(model, image, { method: ablationCamMethod }); // the same map as ablationCam(model, image)
 * r.dispose();
 * ```
 * @category Methods
 */
export const ablationCamMethod = defineCamMethod({ name: 'ablation-cam', needsGradients: false, weights: ablationWeights });

/**
 * Ablation-CAM of `model` for `input`: gradient-free; K re-runs of the layers after the target per
 * sample, `batchSize` at a time (default 32; cheap at the last block). Options and result as {@link gradCam}.
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
 * const r = ablationCam(model, image, { batchSize: 64 });
 * r.dispose();
 * ```
 * @category Methods
 */
export function ablationCam(model: unknown, input: tf.Tensor, options?: CamOptions): CamResult {
  return runCam(model, input, options, ablationCamMethod, 'ablationCam()');
}
