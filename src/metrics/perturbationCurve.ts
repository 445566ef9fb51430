/** The shared engine of deletion and insertion curves (RISE, Petsiuk et al. 2018). */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { blurImages } from './blurImages.js';
import type { CurveOptions } from './curveOptions.js';
import type { CurveResult } from './curveResult.js';
import { checkIntegerOption, checkMetricArgs } from './metricArgs.js';
import { rankPixels, readMap } from './pixelRanking.js';
import { originalScores, scoreRows } from './scoreRows.js';
import type { ScoreModel } from './scoreModel.js';
import { toImageBatch } from './toImageBatch.js';

/** Trapezoid-rule area under `ys` over `xs`. */
export function trapezoid(xs: readonly number[], ys: ArrayLike<number>): number {
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((ys[i - 1]! + ys[i]!) / 2) * (xs[i]! - xs[i - 1]!);
  return area;
}

/** The baseline images [B,H,W,C] for `x` (inside a tidy). */
function baselineImages(x: tf.Tensor4D, baseline: CurveOptions['baseline']): tf.Tensor4D {
  if (typeof baseline === 'number') return tf.fill(x.shape, baseline) as tf.Tensor4D;
  if (baseline === 'zero') return tf.zerosLike(x);
  if (baseline === 'mean') return tf.add(tf.zerosLike(x), tf.mean(x, [1, 2], true)) as tf.Tensor4D;
  return blurImages(x);
}

/**
 * Deletion (`kind 'deletion'`: start from the image, replace the top pixels by the baseline) or
 * insertion (start from the baseline, restore the top pixels) curve.
 */
export async function perturbationCurve(
  kind: 'deletion' | 'insertion',
  model: ScoreModel,
  input: tf.Tensor4D,
  heatmap: tf.Tensor3D | tf.Tensor2D,
  options: CurveOptions | undefined,
  fn: string,
): Promise<CurveResult> {
  const { shape, opts } = checkMetricArgs(model, input, heatmap, options, fn);
  const steps = checkIntegerOption('steps', options?.steps ?? 32, 1, 100_000, fn);
  const baseline = options?.baseline ?? (kind === 'deletion' ? 'zero' : 'blur');
  if (!(baseline === 'zero' || baseline === 'blur' || baseline === 'mean' || (typeof baseline === 'number' && Number.isFinite(baseline)))) {
    throw new CamError('INVALID_OPTION', `${fn}: baseline must be 'zero', 'blur', 'mean' or a finite number, received ${describeValue(baseline)}`);
  }
  const { batch, height, width } = shape;
  const n = height * width;
  const values = await readMap(heatmap, fn);
  const ranks = new Float32Array(batch * n);
  for (let b = 0; b < batch; b++) ranks.set(rankPixels(values, b * n, n).rank, b * n);
  const fractions = Array.from({ length: steps + 1 }, (_, k) => k / steps);
  const counts = fractions.map((_, k) => Math.round((k * n) / steps));

  const x = toImageBatch(input);
  let base: tf.Tensor4D | undefined;
  let rankT: tf.Tensor4D | undefined;
  try {
    const { classes } = await originalScores(model, x, opts, fn);
    base = tf.tidy(() => baselineImages(x, baseline));
    rankT = tf.tensor4d(ranks, [batch, height, width, 1]);
    const perSample = steps + 1;
    // Each row is image·keep + other·(1 − keep) with a 0/1 mask [k,H,W,1] from the rank (rank < count
    // changes the pixel), broadcast over the channels; each sample's slices are taken once per pass.
    const build = (start: number, count: number): tf.Tensor4D => {
      const parts: tf.Tensor4D[] = [];
      for (let r = start; r < start + count; ) {
        const b = Math.floor(r / perSample);
        const end = Math.min(start + count, (b + 1) * perSample);
        const limits = Array.from({ length: end - r }, (_, i) => counts[(r + i) % perSample]!);
        const image = tf.slice(x, [b, 0, 0, 0], [1, height, width, shape.channels]);
        const other = tf.slice(base!, [b, 0, 0, 0], [1, height, width, shape.channels]);
        const rank = tf.slice(rankT!, [b, 0, 0, 0], [1, height, width, 1]);
        const changed = tf.cast(tf.less(rank, tf.tensor4d(limits, [limits.length, 1, 1, 1])), 'float32');
        const kept = tf.sub(1, changed);
        parts.push(
          (kind === 'deletion'
            ? tf.add(tf.mul(image, kept), tf.mul(other, changed))
            : tf.add(tf.mul(image, changed), tf.mul(other, kept))) as tf.Tensor4D,
        );
        r = end;
      }
      return parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
    };
    const flat = await scoreRows(model, batch * perSample, build, (r) => classes[Math.floor(r / perSample)]!, opts, fn);
    const scores = Array.from({ length: batch }, (_, b) => Array.from(flat.subarray(b * perSample, (b + 1) * perSample)));
    const auc = scores.map((s) => trapezoid(fractions, s));
    return { fractions, scores, auc, meanAuc: auc.reduce((a, v) => a + v, 0) / batch };
  } finally {
    if (x !== (input as tf.Tensor)) x.dispose();
    base?.dispose();
    rankT?.dispose();
  }
}
