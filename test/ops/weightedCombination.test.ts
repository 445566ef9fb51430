import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { weightedCombination } from '../../src/ops/weightedCombination.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

// A[b, i, j, k] for B = 2, h = 1, w = 2, K = 3
const A = [
  // b = 0: position (0,0), (0,1)
  1, 2, 3, 4, 5, 6,
  // b = 1
  -1, 0, 2, 10, 20, 30,
];

describe('weightedCombination', () => {
  it('sums channel-weighted activations ([B,1,1,K] weights)', () => {
    const a = tf.tensor4d(A, [2, 1, 2, 3]);
    const w = tf.tensor4d([1, 0.5, -1, 2, 0, 1], [2, 1, 1, 3]);
    const cam = weightedCombination(a, w);
    expect(cam.shape).toEqual([2, 1, 2]);
    // b0: 1 + 1 - 3 = -1 ; 4 + 2.5 - 6 = 0.5 ; b1: -2 + 0 + 2 = 0 ; 20 + 0 + 30 = 50
    expect(Array.from(cam.dataSync())).toEqual([-1, 0.5, 0, 50]);
    tf.dispose([a, w, cam]);
  });

  it('sums element-weighted activations ([B,h,w,K] weights)', () => {
    const a = tf.tensor4d(A, [2, 1, 2, 3]);
    const w = tf.tensor4d([1, 1, 1, 0, 0, 1, 2, 2, 2, -1, 0, 0], [2, 1, 2, 3]);
    const cam = weightedCombination(a, w);
    // b0: 6 ; 6 ; b1: 2 ; -10
    expect(Array.from(cam.dataSync())).toEqual([6, 6, 2, -10]);
    tf.dispose([a, w, cam]);
  });

  it('rejects mismatched shapes naming both, without leaking', () => {
    const a = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    const wrongK = tf.zeros([2, 1, 1, 5]) as tf.Tensor4D;
    const wrongB = tf.zeros([1, 1, 1, 3]) as tf.Tensor4D;
    const wrongHW = tf.zeros([2, 2, 2, 3]) as tf.Tensor4D;
    const rank3 = tf.zeros([2, 1, 3]);
    for (const w of [wrongK, wrongB, wrongHW]) {
      const err = expectCamErrorNoLeak(() => weightedCombination(a, w), 'INVALID_INPUT');
      expect(err.message).toContain(`[${w.shape.join(', ')}]`);
      expect(err.message).toContain('[2, 4, 4, 3]');
      expect(err.message).toMatch(/^weightedCombination\(\)/);
    }
    expectCamErrorNoLeak(
      () => weightedCombination(a, rank3 as unknown as tf.Tensor4D),
      'INVALID_INPUT',
      /weights must be a 4-D tensor.*\[2, 1, 3\]/,
    );
    expectCamErrorNoLeak(
      () => weightedCombination(rank3 as unknown as tf.Tensor4D, a),
      'INVALID_INPUT',
      /activations must be a 4-D tensor/,
    );
    tf.dispose([a, wrongK, wrongB, wrongHW, rank3]);
  });

  it('does not leak', () => {
    const a = tf.ones([1, 3, 3, 4]) as tf.Tensor4D;
    const w = tf.ones([1, 1, 1, 4]) as tf.Tensor4D;
    expectNoLeak(() => weightedCombination(a, w));
    expect(a.isDisposed || w.isDisposed).toBe(false);
    tf.dispose([a, w]);
  });
});
