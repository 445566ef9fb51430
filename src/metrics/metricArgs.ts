/** Argument checks shared by the faithfulness metrics, run before any tensor work. */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { describeValue } from '../ops/describeValue.js';
import type { MetricOptions } from './metricOptions.js';

/** The input's batch and image size. */
export interface MetricInputShape {
  batch: number;
  height: number;
  width: number;
  channels: number;
}

/** The checked options: classes fixed by the caller (or undefined), the target and the pass size. */
export interface CheckedMetricOptions {
  classes: number[] | undefined;
  target: ((output: tf.Tensor) => tf.Tensor1D) | undefined;
  batchSize: number;
}

/** Checks that `model` can be called: a function or an object with `predict`. */
function checkScoreModel(model: unknown, fn: string): void {
  const ok = typeof model === 'function' || (model != null && typeof model === 'object' && typeof (model as { predict?: unknown }).predict === 'function');
  if (!ok) {
    throw new CamError(
      'INVALID_MODEL',
      `${fn}: model must be a LayersModel, a GraphModel (anything with predict(x)) or a function (x) => output, received ${describeValue(model)}`,
    );
  }
}

/** Checks the image batch: a live float32/int32 tensor [B,H,W,C] (or [H,W,C] for one image). */
function checkMetricInput(input: unknown, fn: string): MetricInputShape {
  if (!(input instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `${fn}: input must be a tf.Tensor of shape [B,H,W,C] (or [H,W,C]), received ${describeValue(input)}`);
  }
  if (input.isDisposed) throw new CamError('DISPOSED', `${fn}: the input tensor has been disposed; pass a live tensor`);
  if (input.rank !== 3 && input.rank !== 4) {
    throw new CamError('INVALID_INPUT', `${fn}: input must have rank 4 [B,H,W,C] (or 3 [H,W,C]), received shape ${formatShape(input.shape)}`);
  }
  if (input.dtype !== 'float32' && input.dtype !== 'int32') {
    throw new CamError('INVALID_INPUT', `${fn}: input dtype must be float32 or int32, received ${input.dtype}`);
  }
  const s: number[] = input.rank === 3 ? [1, ...input.shape] : input.shape;
  if (s.some((d) => d === 0)) throw new CamError('INVALID_INPUT', `${fn}: input is empty (shape ${formatShape(input.shape)})`);
  return { batch: s[0]!, height: s[1]!, width: s[2]!, channels: s[3]! };
}

/** Checks a heatmap [B,H,W] (or [H,W] for one image) against the input's batch and size. */
function checkMetricHeatmap(heatmap: unknown, shape: MetricInputShape, fn: string): void {
  if (!(heatmap instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `${fn}: heatmap must be a tf.Tensor [B,H,W] (a CamResult's heatmap), received ${describeValue(heatmap)}`);
  }
  if (heatmap.isDisposed) throw new CamError('DISPOSED', `${fn}: the heatmap tensor has been disposed; pass a live tensor`);
  if (heatmap.dtype !== 'float32' && heatmap.dtype !== 'int32') {
    throw new CamError('INVALID_INPUT', `${fn}: heatmap dtype must be float32 or int32, received ${heatmap.dtype}`);
  }
  const { batch, height, width } = shape;
  const s: number[] = heatmap.rank === 2 ? [1, ...heatmap.shape] : heatmap.shape;
  if ((heatmap.rank !== 2 && heatmap.rank !== 3) || s[0] !== batch || s[1] !== height || s[2] !== width) {
    throw new CamError(
      'INVALID_INPUT',
      `${fn}: heatmap shape ${formatShape(heatmap.shape)} does not match the input: expected [${batch},${height},${width}]` +
        `${batch === 1 ? ` or [${height},${width}]` : ''}; resize the map to the input size (cam()'s default resize: true)`,
    );
  }
}

/** Checks `classIndex`, `target` and `batchSize` (class ranges are checked once the output is known). */
function checkMetricOptions(options: MetricOptions | undefined, batch: number, fn: string): CheckedMetricOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object, received ${describeValue(options)}`);
  }
  const { classIndex, target, batchSize = 32 } = options ?? {};
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CamError('INVALID_OPTION', `${fn}: batchSize must be a positive integer, received ${describeValue(batchSize)}`);
  }
  if (target !== undefined && typeof target !== 'function') {
    throw new CamError('INVALID_TARGET', `${fn}: target must be a function (output) => Tensor1D, received ${describeValue(target)}`);
  }
  let classes: number[] | undefined;
  if (target === undefined && classIndex !== undefined) {
    classes = Array.isArray(classIndex) ? classIndex.slice() : new Array<number>(batch).fill(classIndex as number);
    if (classes.length !== batch) {
      throw new CamError('INVALID_CLASS', `${fn}: classIndex has ${classes.length} entries but the batch has ${batch} samples; pass one index per sample or a single number`);
    }
    for (const c of classes) {
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
        throw new CamError('INVALID_CLASS', `${fn}: classIndex ${describeValue(c)} is not a class index; allowed: integers from 0 to the number of classes - 1`);
      }
    }
  }
  return { classes, target, batchSize };
}

/**
 * The checks every faithfulness metric starts with, in order: the model, the input, the heatmap
 * against the input's size, and the shared options against the batch.
 */
export function checkMetricArgs(
  model: unknown,
  input: unknown,
  heatmap: unknown,
  options: MetricOptions | undefined,
  fn: string,
): { shape: MetricInputShape; opts: CheckedMetricOptions } {
  checkScoreModel(model, fn);
  const shape = checkMetricInput(input, fn);
  checkMetricHeatmap(heatmap, shape, fn);
  return { shape, opts: checkMetricOptions(options, shape.batch, fn) };
}

/** Checks an integer option within [min, max]. */
export function checkIntegerOption(name: string, value: unknown, min: number, max: number, fn: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CamError('INVALID_OPTION', `${fn}: ${name} must be an integer from ${min} to ${max}, received ${describeValue(value)}`);
  }
  return value;
}
