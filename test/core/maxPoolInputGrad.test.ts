import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { maxPoolInputGrad } from '../../src/core/maxPoolInputGrad.js';
import { maxAbsDiff, onCpu } from '../helpers/reference.js';

const randn = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

describe('max-pool input gradient for overlapping and padded windows', () => {
  // Random normal data: about half the values are negative, no ties. The wasm MaxPoolGrad kernel
  // loses the gradient of windows whose maximum is negative and of border windows next to 'same'
  // padding; these cases are what graph models (3×3/2 'same' on batch-norm outputs) and
  // InceptionV3 / ResNet stems use.
  const cases: Array<[number[], [number, number], [number, number], 'same' | 'valid']> = [
    [[2, 15, 15, 3], [3, 3], [2, 2], 'same'],
    [[1, 16, 14, 2], [3, 3], [2, 2], 'same'],
    [[1, 15, 16, 2], [3, 3], [2, 2], 'valid'],
    [[1, 8, 8, 2], [3, 3], [1, 1], 'same'],
    [[1, 7, 9, 2], [2, 3], [1, 2], 'same'],
    [[1, 9, 9, 1], [5, 5], [2, 2], 'same'],
    [[1, 10, 10, 2], [3, 3], [3, 3], 'same'],
  ];
  it.each(cases)('%j pool %j strides %j %s: equals the cpu kernel', async (shape, pool, strides, pad) => {
    const x = randn(shape, 4) as tf.Tensor4D;
    const y = tf.maxPool(x, pool, strides, pad);
    const dy = randn(y.shape, 5) as tf.Tensor4D;
    const expected = await onCpu(() => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.mul(tf.maxPool(t as tf.Tensor4D, pool, strides, pad), dy))(x).dataSync()));
    const before = tf.memory().numTensors;
    const [value, got] = tf.tidy(() => [maxPoolInputGrad(x, pool, strides, pad), tf.grad((t: tf.Tensor) => tf.mul(maxPoolInputGrad(t as tf.Tensor4D, pool, strides, pad), dy))(x)]);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(maxAbsDiff(value!.dataSync(), y.dataSync())).toBe(0);
    expect(maxAbsDiff(got!.dataSync(), expected)).toBeLessThan(1e-6);
    tf.dispose([x, y, dy, value!, got!]);
  });

  it('shares the gradient of overlapping windows among their tied maxima', () => {
    // 1×4 row, 3-wide windows at stride 1 'valid': windows [2,2,1] and [2,1,2]... on a 1×4 map.
    const x = tf.tensor4d([2, 2, 1, 2], [1, 1, 4, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(maxPoolInputGrad(t as tf.Tensor4D, [1, 3], [1, 1], 'valid')))(x);
    // Window 1 (2,2,1): 1/2 to each 2. Window 2 (2,1,2): 1/2 to positions 1 and 3.
    expect(Array.from(g.dataSync())).toEqual([0.5, 1, 0, 0.5]);
    tf.dispose([x, g]);
  });
});
