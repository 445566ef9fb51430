import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { minMaxNormalize } from '../../src/ops/minMaxNormalize.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

/** The pytorch-grad-cam formula in plain JS (float64): (x - min) / (eps + max(x - min)). */
function reference(values: number[], eps = 1e-7): number[] {
  const min = Math.min(...values);
  const max = Math.max(...values.map((v) => v - min));
  return values.map((v) => (v - min) / (eps + max));
}

describe('minMaxNormalize', () => {
  it('scales each sample of a batch independently', () => {
    const s0 = [1, 3, 2, 5]; // range 4
    const s1 = [-200, -100, 0, 600]; // range 800
    const x = tf.tensor3d([...s0, ...s1], [2, 2, 2]);
    const y = minMaxNormalize(x);
    expect(y.shape).toEqual([2, 2, 2]);
    const got = Array.from(y.dataSync());
    const want = [...reference(s0), ...reference(s1)];
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6));
    // closed form: [0, 0.5, 0.25, 1) and [0, 0.125, 0.25, 1)
    expect(got[1]).toBeCloseTo(0.5, 6);
    expect(got[5]).toBeCloseTo(0.125, 6);
    // the maximum is range / (eps + range), just below 1
    expect(got[3]).toBeLessThanOrEqual(1);
    expect(got[3]).toBeGreaterThan(1 - 1e-6);
    tf.dispose([x, y]);
  });

  it('keeps an all-zero map zero (no NaN) and a constant map zero', () => {
    const x = tf.tensor3d([0, 0, 0, 0, 7, 7, 7, 7], [2, 2, 2]);
    const y = minMaxNormalize(x);
    expect(Array.from(y.dataSync())).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    tf.dispose([x, y]);
  });

  it('applies eps in the denominator exactly', () => {
    const x = tf.tensor2d([0, 1], [1, 2]);
    const y = minMaxNormalize(x, 0.25);
    const got = Array.from(y.dataSync());
    expect(got[0]).toBe(0);
    expect(got[1]).toBeCloseTo(1 / 1.25, 6);
    tf.dispose([x, y]);
  });

  it('accepts one [h, w] map and returns [h, w]', () => {
    const x = tf.tensor2d([2, 4, 6, 10], [2, 2]);
    const y: tf.Tensor2D = minMaxNormalize(x);
    expect(y.shape).toEqual([2, 2]);
    const want = reference([2, 4, 6, 10]);
    Array.from(y.dataSync()).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6));
    tf.dispose([x, y]);
  });

  it('does not leak; rejects bad rank and eps without leaking', () => {
    const x = tf.randomUniform([2, 3, 3]) as tf.Tensor3D;
    expectNoLeak(() => minMaxNormalize(x));
    const x4 = tf.zeros([1, 2, 2, 1]);
    expectCamErrorNoLeak(
      () => minMaxNormalize(x4 as unknown as tf.Tensor3D),
      'INVALID_INPUT',
      /minMaxNormalize\(\): x must be .* shape \[1, 2, 2, 1\]/,
    );
    for (const eps of [-1, NaN, Infinity]) {
      expectCamErrorNoLeak(() => minMaxNormalize(x, eps), 'INVALID_OPTION', /eps must be a finite number >= 0/);
    }
    tf.dispose([x, x4]);
  });
});
