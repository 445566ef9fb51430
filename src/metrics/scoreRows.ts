/** Chunked forward passes of a {@link ScoreModel} that return one score per row on the host. */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { classScores } from '../core/selectScore.js';
import { describeValue } from '../ops/describeValue.js';
import type { CheckedMetricOptions } from './metricArgs.js';
import type { ScoreModel } from './scoreModel.js';

/** The model's single output for the batch `x` (inside the caller's tidy). */
export function forward(model: ScoreModel, x: tf.Tensor4D, fn: string): tf.Tensor {
  const out = typeof model === 'function' ? model(x) : model.predict(x);
  const t = Array.isArray(out) ? (out.length === 1 ? out[0] : undefined) : out;
  if (!(t instanceof tf.Tensor)) {
    const got = Array.isArray(out) ? `${out.length} outputs` : describeValue(out);
    throw new CamError('UNSUPPORTED_MODEL', `${fn}: the model must return one tensor per call, returned ${got}; wrap it in a function (x) => output that returns the output to score`);
  }
  if (t.rank === 0 || t.shape[0] !== x.shape[0]) {
    throw new CamError('UNSUPPORTED_MODEL', `${fn}: the model returned shape ${formatShape(t.shape)} for a batch of ${x.shape[0]}; the first axis must be the batch`);
  }
  return t;
}

/** Scores of the rows of one pass: the target's, or the output at each row's class. */
function pick(output: tf.Tensor, rowClasses: number[] | undefined, opts: CheckedMetricOptions, fn: string): tf.Tensor1D {
  const n = output.shape[0]!;
  if (opts.target !== undefined) {
    const s = opts.target(output);
    if (!(s instanceof tf.Tensor) || s.rank !== 1 || s.shape[0] !== n) {
      throw new CamError('INVALID_TARGET', `${fn}: target must return a Tensor1D with one score per row [${n}], returned ${describeValue(s)}`);
    }
    return tf.cast(s, 'float32') as tf.Tensor1D;
  }
  if (output.rank !== 2) {
    throw new CamError(
      'INVALID_TARGET',
      `${fn}: the model output has shape ${formatShape(output.shape)}, not [batch, classes]; pass a target function that returns one score per row`,
    );
  }
  const k = output.shape[1]!;
  const bad = rowClasses!.find((c) => c >= k);
  if (bad !== undefined) {
    throw new CamError('INVALID_CLASS', `${fn}: classIndex ${bad} is out of range; allowed: integers from 0 to ${k - 1}`);
  }
  return classScores(output, tf.tensor1d(rowClasses!, 'int32'));
}

/**
 * Scores `total` rows in passes of `opts.batchSize`: `build(start, count)` makes the images of rows
 * start..start+count-1 (inside a tidy), `classOf(row)` gives each row's class (ignored with a target).
 */
export async function scoreRows(
  model: ScoreModel,
  total: number,
  build: (start: number, count: number) => tf.Tensor4D,
  classOf: (row: number) => number,
  opts: CheckedMetricOptions,
  fn: string,
): Promise<Float64Array> {
  const out = new Float64Array(total);
  for (let start = 0; start < total; start += opts.batchSize) {
    const count = Math.min(opts.batchSize, total - start);
    const rowClasses = opts.target === undefined ? Array.from({ length: count }, (_, i) => classOf(start + i)) : undefined;
    const scores = tf.tidy(() => pick(forward(model, build(start, count), fn), rowClasses, opts, fn));
    try {
      out.set(await scores.data(), start);
    } finally {
      scores.dispose();
    }
  }
  return out;
}

/** The scores of the unaltered input and the classes they belong to (the arg-max where not given). */
export async function originalScores(
  model: ScoreModel,
  x: tf.Tensor4D,
  opts: CheckedMetricOptions,
  fn: string,
): Promise<{ scores: Float64Array; classes: number[] }> {
  const batch = x.shape[0];
  if (opts.classes !== undefined || opts.target !== undefined) {
    const fixed = opts.classes ?? new Array<number>(batch).fill(-1);
    const scores = await scoreRows(model, batch, (s, n) => tf.slice(x, [s, 0, 0, 0], [n, -1, -1, -1]), (r) => fixed[r]!, opts, fn);
    return { scores, classes: fixed };
  }
  // Default class: the arg-max of each row, picked and scored in the same pass.
  const scores = new Float64Array(batch);
  const classes: number[] = [];
  for (let start = 0; start < batch; start += opts.batchSize) {
    const count = Math.min(opts.batchSize, batch - start);
    const [idx, score] = tf.tidy(() => {
      const output = forward(model, tf.slice(x, [start, 0, 0, 0], [count, -1, -1, -1]), fn);
      if (output.rank !== 2) {
        throw new CamError(
          'INVALID_TARGET',
          `${fn}: the model output has shape ${formatShape(output.shape)}, not [batch, classes]; pass a target function that returns one score per row`,
        );
      }
      const best = tf.cast(tf.argMax(output, 1), 'int32') as tf.Tensor1D;
      return [best, classScores(output, best)];
    });
    try {
      classes.push(...(await idx.data()));
      scores.set(await score.data(), start);
    } finally {
      tf.dispose([idx, score]);
    }
  }
  return { scores, classes };
}
