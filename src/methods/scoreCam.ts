/**
 * Score-CAM (Wang et al., "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural
 * Networks", CVPR Workshops 2020), as pytorch-grad-cam computes it: each channel A_k is upsampled
 * to the input size (bilinear, corner-aligned), min-max normalised (ε = 1e-8) into a mask M_k, the
 * model scores the masked input x ⊙ M_k, and the weights are the softmax of those scores over the
 * channels. No gradients; one forward pass per channel.
 *
 * The masked inputs are streamed in chunks of `batchSize` (default 32), so memory does not grow with
 * the channel count. `maxChannels: N` is Faster Score-CAM (Wang et al., 2020): only the N channels
 * with the largest spatial variance are scored (the softmax runs over those; the rest weigh 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamContext, CamMethod } from '../core/camMethod.js';
import type { CamOptions } from '../core/camOptions.js';
import type { CamResult } from '../core/camResult.js';
import { defineCamMethod } from '../core/defineCamMethod.js';
import { CamError } from '../core/errors.js';
import { runCam } from '../core/runCam.js';
import { asCaller } from '../core/asCaller.js';
import { optionsObject } from '../core/validateInput.js';

/** The channels of sample b with the largest spatial variance (all when `max` is undefined). */
function channelsToScore(a: tf.Tensor4D, max: number | undefined): number[] {
  const k = a.shape[3];
  if (max === undefined || max >= k) return Array.from({ length: k }, (_, i) => i);
  const top = tf.tidy(() => tf.topk(tf.moments(a, [0, 1, 2]).variance as tf.Tensor1D, max).indices);
  const idx = Array.from(top.dataSync());
  top.dispose();
  return idx.sort((p, q) => p - q);
}

function scoreCamWeights(ctx: CamContext, maxChannels: number | undefined): tf.Tensor4D {
  const a = ctx.activations;
  const [batch, h, w, k] = a.shape;
  const [, height, width, c] = ctx.input.shape;
  const perSample: tf.Tensor[] = [];
  for (let b = 0; b < batch; b++) {
    const ab = tf.slice(a, [b, 0, 0, 0], [1, h, w, k]) as tf.Tensor4D;
    const xb = tf.slice(ctx.input, [b, 0, 0, 0], [1, height, width, c]);
    const channels = channelsToScore(ab, maxChannels);
    const scores: tf.Tensor1D[] = [];
    for (let i = 0; i < channels.length; i += ctx.batchSize) {
      const chunk = channels.slice(i, i + ctx.batchSize);
      scores.push(
        tf.tidy(() => {
          const picked = tf.gather(ab, tf.tensor1d(chunk, 'int32'), 3) as tf.Tensor4D; // [1,h,w,n]
          const up = tf.image.resizeBilinear(picked, [height, width], true); // corner-aligned, as UpsamplingBilinear2d
          const masks = tf.transpose(up, [3, 1, 2, 0]); // [n,H,W,1]
          const lo = tf.min(masks, [1, 2, 3], true);
          const hi = tf.max(masks, [1, 2, 3], true);
          const m = tf.div(tf.sub(masks, lo), tf.add(tf.sub(hi, lo), 1e-8));
          return ctx.scoreInputs(tf.mul(xb, m) as tf.Tensor4D, new Array<number>(chunk.length).fill(b));
        }),
      );
    }
    const soft = tf.softmax(tf.concat(scores));
    const full =
      channels.length === k
        ? soft
        : tf.scatterND(tf.tensor2d(channels, [channels.length, 1], 'int32'), soft, [k]);
    perSample.push(tf.reshape(full, [1, 1, 1, k]));
  }
  return tf.concat(perSample, 0) as tf.Tensor4D;
}

/**
 * The Score-CAM method; `maxChannels` makes it Faster Score-CAM.
 * @param options - `maxChannels`: score only this many channels, those with the largest spatial
 *   variance (default: all).
 * @returns a {@link CamMethod} named `'score-cam'`.
 * @throws CamError `INVALID_OPTION` for a bad `maxChannels`, or options that are not an object.
 * @example
 * ```ts
 * const r = cam(model, image, { method: scoreCamMethod({ maxChannels: 64 }), batchSize: 16 });
 * r.dispose();
 * ```
 * @category Methods
 */
export function scoreCamMethod(options: { maxChannels?: number } = {}): CamMethod {
  const max = optionsObject(options, 'scoreCamMethod()').maxChannels;
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    throw new CamError('INVALID_OPTION', `scoreCamMethod(): maxChannels must be a positive integer, received ${String(max)}`);
  }
  return defineCamMethod({ name: 'score-cam', needsGradients: false, weights: (ctx) => scoreCamWeights(ctx, max) });
}

/**
 * Score-CAM of `model` for `input`: gradient-free, K forward passes per sample (K channels at the
 * target layer), streamed `batchSize` at a time. Options and result as {@link gradCam}, plus
 * `maxChannels` (Faster Score-CAM).
 * @param model - a LayersModel, a GraphModel or a {@link CustomModel}, with one image input
 *   [B,H,W,C] and one output.
 * @param input - float32 [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - {@link CamOptions} plus `maxChannels` (default: all channels); other
 *   defaults as for {@link gradCam}.
 * @returns a {@link CamResult} (`heatmap` float32 [B,H,W] in [0,1]); the caller owns its tensors
 *   (`result.dispose()`).
 * @throws CamError `INVALID_MODEL`, `DISPOSED` (a disposed model), `INVALID_INPUT`, `LAYER_NOT_FOUND`,
 *   `INVALID_CLASS`, `INVALID_OPTION` (also for a bad `maxChannels`, or options that are not an
 *   object) and the other codes {@link gradCam} reports.
 * @example
 * ```ts
 * const r = scoreCam(model, image, { batchSize: 32 });
 * r.dispose();
 * ```
 * @category Methods
 */
export function scoreCam(model: unknown, input: tf.Tensor, options?: CamOptions & { maxChannels?: number }): CamResult {
  const { maxChannels, ...rest } = optionsObject(options, 'scoreCam()');
  const method = asCaller('scoreCam()', () => scoreCamMethod({ maxChannels }));
  return runCam(model, input, rest, method, 'scoreCam()');
}
