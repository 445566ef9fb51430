/** Builds the per-sample score picker from `classIndex` / `target`. */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from './errors.js';
import { formatShape } from './formatShape.js';
import { describeValue } from '../ops/describeValue.js';
import type { CamOptions } from './camOptions.js';

/** Per-sample scores and the classes they belong to. */
export interface SelectedScore {
  /** [B] the score of each sample (summed for the gradient). */
  score: tf.Tensor1D;
  /** [B] int32 class explained per sample (-1 for a custom target). */
  classIndex: tf.Tensor1D;
}

/**
 * A float32 one-hot mask [B,depth], built by comparison with a range: `tf.oneHot` refuses depth 1
 * (a single-logit binary classifier), and wasm's OneHot returns zeros for a float32 dtype (tfjs 4.22).
 */
function oneHotMask(idx: tf.Tensor1D, depth: number): tf.Tensor2D {
  // An int32 one-hot cast to float32 where it can be (wasm's broadcasting Equal is slow); a
  // comparison for depth 1.
  if (depth > 1) return tf.cast(tf.oneHot(idx, depth), 'float32') as tf.Tensor2D;
  return tf.cast(tf.equal(tf.expandDims(idx, 1), tf.range(0, depth, 1, 'int32')), 'float32') as tf.Tensor2D;
}

/**
 * The arg-max of each row and its one-hot mask, as constants for the gradient: the mask depends on
 * the output but no gradient flows through it (comparisons have none in tfjs).
 */
function argMaxMask(output: tf.Tensor): tf.Tensor2D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const out = args[0] as tf.Tensor2D;
    const value = oneHotMask(tf.argMax(out, 1) as tf.Tensor1D, out.shape[1]);
    return { value, gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return op(output) as tf.Tensor2D;
}

/**
 * Returns a function from the model output to the per-sample scores. Class scores are picked with a
 * one-hot mask (never `gather`, whose gradient has no wasm kernel); the default class is the arg-max,
 * computed on the device.
 */
export function scoreSelector(
  options: Pick<CamOptions, 'classIndex' | 'target'>,
  batch: number,
  outputShape: ReadonlyArray<number | null>,
  fn: string,
): (output: tf.Tensor) => SelectedScore {
  const { target, classIndex } = options;
  if (target !== undefined) {
    return (output) => {
      const score = target(output);
      if (!(score instanceof tf.Tensor) || score.rank !== 1 || score.shape[0] !== batch) {
        const got = score instanceof tf.Tensor ? `shape [${score.shape.join(',')}]` : typeof score;
        throw new CamError('INVALID_TARGET', `${fn}: target must return a Tensor1D with one score per sample [${batch}], returned ${got}`);
      }
      return { score: tf.cast(score, 'float32') as tf.Tensor1D, classIndex: tf.fill([batch], -1, 'int32') as tf.Tensor1D };
    };
  }
  if (outputShape.length !== 2) {
    throw new CamError(
      'INVALID_TARGET',
      `${fn}: the model output has shape ${formatShape(outputShape)}, not [batch, classes]; pass a target function that returns one score per sample`,
    );
  }
  const numClasses = outputShape[1];
  if (classIndex === undefined) {
    return (output) => {
      const mask = argMaxMask(output);
      return { score: tf.sum(tf.mul(output, mask), 1) as tf.Tensor1D, classIndex: tf.cast(tf.argMax(mask, 1), 'int32') as tf.Tensor1D };
    };
  }
  const list = Array.isArray(classIndex) ? classIndex : new Array<number>(batch).fill(classIndex);
  if (list.length !== batch) {
    throw new CamError('INVALID_CLASS', `${fn}: classIndex has ${list.length} entries but the batch has ${batch} samples; pass one index per sample or a single number`);
  }
  const allowed = `integers from 0 to ${numClasses != null ? numClasses - 1 : 'the number of classes - 1'}`;
  for (const c of list) {
    if (typeof c !== 'number') {
      throw new CamError('INVALID_CLASS', `${fn}: classIndex must be a number or a list of numbers, one per sample; received ${describeValue(c)}; allowed: ${allowed}`);
    }
    if (!Number.isInteger(c) || c < 0 || (numClasses != null && c >= numClasses)) {
      throw new CamError(
        'INVALID_CLASS',
        `${fn}: classIndex ${String(c)} is out of range; allowed: ${allowed}`,
      );
    }
  }
  return (output) => {
    const idx = tf.tensor1d(list, 'int32');
    const mask = oneHotMask(idx, output.shape[1]!);
    return { score: tf.sum(tf.mul(output, mask), 1) as tf.Tensor1D, classIndex: idx };
  };
}

/**
 * The score of class `classes[i]` in row i of a [N,classes] output, picked with a one-hot mask.
 */
export function classScores(output: tf.Tensor, classes: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.mul(output, oneHotMask(classes, output.shape[1]!)), 1) as tf.Tensor1D);
}
