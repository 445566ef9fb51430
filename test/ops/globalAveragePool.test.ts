import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { globalAveragePool } from '../../src/ops/globalAveragePool.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

describe('globalAveragePool', () => {
  it('averages each channel over H and W, per sample, keeping dims', () => {
    // x[b, i, j, k] = 100 b + 10 k + (3 i + j)  over a 2×3 grid: the spatial mean of 3i + j is 3·0.5 + 1 = 2.5
    const B = 2, H = 2, W = 3, K = 4;
    const values: number[] = [];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < H; i++)
        for (let j = 0; j < W; j++) for (let k = 0; k < K; k++) values.push(100 * b + 10 * k + 3 * i + j);
    const x = tf.tensor4d(values, [B, H, W, K]);
    const y = globalAveragePool(x);
    expect(y.shape).toEqual([2, 1, 1, 4]);
    expect(y.dtype).toBe('float32');
    const got = Array.from(y.dataSync());
    const want = [2.5, 12.5, 22.5, 32.5, 102.5, 112.5, 122.5, 132.5];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    x.dispose();
    y.dispose();
  });

  it('reads int32 input as float32', () => {
    const x = tf.tensor4d([1, 2], [1, 1, 2, 1], 'int32');
    const y = globalAveragePool(x);
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.dataSync())).toEqual([1.5]);
    tf.dispose([x, y]);
  });

  it('does not leak and rejects non-4-D input without leaking', () => {
    const x = tf.ones([1, 3, 3, 2]) as tf.Tensor4D;
    expectNoLeak(() => globalAveragePool(x));
    const bad = tf.ones([3, 3, 2]);
    expectCamErrorNoLeak(
      () => globalAveragePool(bad as unknown as tf.Tensor4D),
      'INVALID_INPUT',
      /globalAveragePool\(\): x must be a 4-D tensor .* shape \[3, 3, 2\]/,
    );
    expect(x.isDisposed).toBe(false);
    tf.dispose([x, bad]);
  });
});
