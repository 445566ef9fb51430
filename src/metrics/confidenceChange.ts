import * as tf from '@tensorflow/tfjs-core';
import type { ConfidenceChangeResult } from './confidenceChangeResult.js';
import { checkMetricArgs } from './metricArgs.js';
import type { MetricOptions } from './metricOptions.js';
import { readMap } from './pixelRanking.js';
import { originalScores, scoreRows } from './scoreRows.js';
import type { ScoreModel } from './scoreModel.js';
import { toImageBatch } from './toImageBatch.js';

/**
 * Average Drop and Increase in Confidence (Grad-CAM++, Chattopadhay et al. 2018): how the class
 * score changes when the model sees only the explained part of the image, `input · heatmap` (the
 * map, usually in [0,1], multiplies every channel). A faithful map keeps the score: **lower
 * `averageDrop`, higher `increaseRate` are better**.
 *
 * Per sample: `original = y(input)`, `explained = y(input · heatmap)`, `change = explained - original`,
 * `drop = max(0, original - explained) / original` (0 where `original` is 0; meant for positive
 * scores such as probabilities), `increase = explained > original`. The class is fixed to
 * `classIndex` or the arg-max on the unaltered input; the score is the model's own output there.
 *
 * @param model - a {@link ScoreModel}; not modified.
 * @param input - [B,H,W,C] (or [H,W,C]) images as the model expects them; not disposed.
 * @param heatmap - [B,H,W] (or [H,W] for one image) map at the input size; not disposed.
 * @param options - {@link MetricOptions}: `classIndex`, `target`, `batchSize` (32).
 * @returns a {@link ConfidenceChangeResult} of plain numbers.
 * @throws CamError `INVALID_INPUT`, `INVALID_OPTION`, `INVALID_CLASS`, `INVALID_TARGET`, `NON_FINITE_INPUT`; nothing leaks.
 * @example
 * ```ts
 * const r = cam(model, x);
 * const { averageDrop, increaseRate } = await confidenceChange(model, x, r.heatmap);
 * r.dispose();
 * ```
 * @category Metrics
 */
export async function confidenceChange(
  model: ScoreModel,
  input: tf.Tensor4D | tf.Tensor3D,
  heatmap: tf.Tensor3D | tf.Tensor2D,
  options?: MetricOptions,
): Promise<ConfidenceChangeResult> {
  const fn = 'confidenceChange()';
  const { shape, opts } = checkMetricArgs(model, input, heatmap, options, fn);
  await readMap(heatmap, fn);
  const { batch, height, width } = shape;
  const x = toImageBatch(input);
  try {
    const { scores, classes } = await originalScores(model, x, opts, fn);
    const build = (start: number, count: number): tf.Tensor4D =>
      tf.mul(tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]), tf.reshape(tf.slice(tf.reshape(tf.cast(heatmap, 'float32'), [batch, height, width]), [start, 0, 0], [count, -1, -1]), [count, height, width, 1]));
    const explained = await scoreRows(model, batch, build, (r) => classes[r]!, opts, fn);
    const original = Array.from(scores);
    const exp = Array.from(explained);
    const change = exp.map((e, i) => e - original[i]!);
    const drop = exp.map((e, i) => (original[i] === 0 ? 0 : Math.max(0, original[i]! - e) / original[i]!));
    const increase = exp.map((e, i) => e > original[i]!);
    return {
      original,
      explained: exp,
      change,
      drop,
      increase,
      averageDrop: drop.reduce((a, v) => a + v, 0) / batch,
      increaseRate: increase.filter(Boolean).length / batch,
    };
  } finally {
    if (x !== (input as tf.Tensor)) x.dispose();
  }
}
