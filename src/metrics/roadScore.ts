import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { imputeLinear } from './linearImputer.js';
import { checkMetricArgs } from './metricArgs.js';
import { rankPixels, readMap } from './pixelRanking.js';
import type { RoadOptions } from './roadOptions.js';
import type { RoadResult } from './roadResult.js';
import { originalScores, scoreRows } from './scoreRows.js';
import type { ScoreModel } from './scoreModel.js';
import { toImageBatch } from './toImageBatch.js';

/**
 * ROAD, RemOve And Debias (Rong et al. 2022): remove a percentage of the pixels, most relevant first
 * (MoRF) or least relevant first (LeRF), fill them in with a noisy linear imputer instead of a
 * constant (so the model cannot tell which pixels were removed from the mask's shape), and measure
 * the change of the class score. Faithful maps make MoRF hurt and LeRF not:
 * **`combined` = mean over percentiles of `(lerf − morf) / 2`, higher is better**.
 *
 * For percentile p, the `round(p/100·H·W)` pixels ranked highest (MoRF) or lowest (LeRF) by the
 * heatmap (ties broken by the lower flat index; LeRF takes the reversed ranking) are removed in every
 * channel. Each removed pixel is the weighted mean of its 8 neighbours (1/6 direct, 1/12 diagonal,
 * renormalised at the borders), the system over all removed pixels solved exactly per channel (conjugate
 * gradients in Float64 on the host), plus seeded Gaussian noise of std `noise` × the image's value range.
 * The class is fixed to `classIndex` or the arg-max on the unaltered input; the score is the model's
 * own output there. The `2·B·P` imputed images are made and scored `batchSize` at a time.
 *
 * @param model - a {@link ScoreModel}; not modified.
 * @param input - [B,H,W,C] (or [H,W,C]) images as the model expects them; not disposed.
 * @param heatmap - [B,H,W] (or [H,W] for one image) relevance map at the input size; not disposed.
 * @param options - {@link RoadOptions}: `percentiles` ([10..90]), `seed` (0), `noise` (0.01), `classIndex`, `target`, `batchSize` (32).
 * @returns a {@link RoadResult} of plain numbers.
 * @throws CamError `INVALID_INPUT`, `INVALID_OPTION`, `INVALID_CLASS`, `INVALID_TARGET`, `NON_FINITE_INPUT`; nothing leaks.
 * @example
 * ```ts
 * const r = cam(model, x, { method: 'grad-cam++' });
 * const { combined, meanCombined } = await roadScore(model, x, r.heatmap, { percentiles: [20, 50, 80] });
 * r.dispose();
 * ```
 * @category Metrics
 */
export async function roadScore(
  model: ScoreModel,
  input: tf.Tensor4D | tf.Tensor3D,
  heatmap: tf.Tensor3D | tf.Tensor2D,
  options?: RoadOptions,
): Promise<RoadResult> {
  const fn = 'roadScore()';
  const { shape, opts } = checkMetricArgs(model, input, heatmap, options, fn);
  const percentiles = options?.percentiles ?? [10, 20, 30, 40, 50, 60, 70, 80, 90];
  if (!Array.isArray(percentiles) || percentiles.length === 0 || percentiles.some((p) => typeof p !== 'number' || !(p >= 0 && p < 100))) {
    throw new CamError('INVALID_OPTION', `${fn}: percentiles must be a non-empty array of numbers in [0, 100), received ${describeValue(percentiles)}${Array.isArray(percentiles) ? ` [${percentiles.join(', ')}]` : ''}`);
  }
  const seed = options?.seed ?? 0;
  if (!Number.isInteger(seed)) throw new CamError('INVALID_OPTION', `${fn}: seed must be an integer, received ${describeValue(seed)}`);
  const noise = options?.noise ?? 0.01;
  if (typeof noise !== 'number' || !(noise >= 0) || !Number.isFinite(noise)) {
    throw new CamError('INVALID_OPTION', `${fn}: noise must be a finite number >= 0 (a fraction of the image's value range), received ${describeValue(noise)}`);
  }
  const { batch, height, width, channels } = shape;
  const n = height * width;
  const size = n * channels;
  const values = await readMap(heatmap, fn);
  const orders = Array.from({ length: batch }, (_, b) => rankPixels(values, b * n, n).order);
  const P = percentiles.length;
  const counts = percentiles.map((p) => Math.min(n - 1, Math.round((p / 100) * n)));

  const x = toImageBatch(input);
  try {
    const { scores: original, classes } = await originalScores(model, x, opts, fn);
    const pixels = (await x.data()) as Float32Array;
    const ranges = Array.from({ length: batch }, (_, b) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = b * size; i < (b + 1) * size; i++) {
        lo = Math.min(lo, pixels[i]!);
        hi = Math.max(hi, pixels[i]!);
      }
      return hi - lo;
    });
    // Row r: sample b = floor(r / 2P), mode (0 MoRF, 1 LeRF) and percentile index from the rest.
    const perSample = 2 * P;
    const build = (start: number, count: number): tf.Tensor4D => {
      const data = new Float32Array(count * size);
      for (let i = 0; i < count; i++) {
        const row = start + i;
        const b = Math.floor(row / perSample);
        const lerf = (row % perSample) >= P;
        const k = counts[row % P]!;
        const removed = new Uint8Array(n);
        const order = orders[b]!;
        for (let j = 0; j < k; j++) removed[order[lerf ? n - 1 - j : j]!] = 1;
        const image = pixels.subarray(b * size, (b + 1) * size);
        data.set(imputeLinear(image, removed, height, width, channels, noise * ranges[b]!, (seed + Math.imul(row + 1, 0x9e3779b1)) | 0), i * size);
      }
      return tf.tensor4d(data, [count, height, width, channels]);
    };
    const flat = await scoreRows(model, batch * perSample, build, (r) => classes[Math.floor(r / perSample)]!, opts, fn);
    const morf: number[][] = [];
    const lerf: number[][] = [];
    for (let b = 0; b < batch; b++) {
      morf.push(Array.from({ length: P }, (_, p) => flat[b * perSample + p]! - original[b]!));
      lerf.push(Array.from({ length: P }, (_, p) => flat[b * perSample + P + p]! - original[b]!));
    }
    const combined = morf.map((m, b) => m.reduce((a, v, p) => a + (lerf[b]![p]! - v) / 2, 0) / P);
    return { percentiles: percentiles.slice(), morf, lerf, combined, meanCombined: combined.reduce((a, v) => a + v, 0) / batch };
  } finally {
    if (x !== (input as tf.Tensor)) x.dispose();
  }
}
