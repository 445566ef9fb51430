import * as tf from '@tensorflow/tfjs-core';

/** Pads (positive) or crops (negative) one spatial axis of a 4-D tensor. */
export function padOrCrop(x: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  let y = x;
  const cropBefore = Math.max(0, -before);
  const cropAfter = Math.max(0, -after);
  if (cropBefore > 0 || cropAfter > 0) {
    const begin: [number, number, number, number] = [0, 0, 0, 0];
    const size: [number, number, number, number] = [-1, -1, -1, -1];
    begin[axis] = cropBefore;
    size[axis] = y.shape[axis] - cropBefore - cropAfter;
    y = tf.slice(y, begin, size);
  }
  const pb = Math.max(0, before);
  const pa = Math.max(0, after);
  if (pb > 0 || pa > 0) {
    const paddings: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [0, 0]];
    paddings[axis] = [pb, pa];
    y = tf.pad(y, paddings);
  }
  return y;
}
