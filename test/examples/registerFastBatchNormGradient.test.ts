// The broadcasting batch-norm gradient used to train the demo model must equal tfjs-core's own
// (tiling) gradient for every input of tf.batchNorm.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/mulberry32.js';
import { registerFastBatchNormGradient } from '../../examples/shapes/registerFastBatchNormGradient.js';

function random(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => lo + (hi - lo) * rand()), shape);
}

/** Gradients of Σ w·batchNorm(x, mean, variance, offset, scale) w.r.t. all five inputs. */
function bnGrads(inputs: tf.Tensor[], w: tf.Tensor): Float32Array[] {
  const grads = tf.grads((x, mean, variance, scale, offset) =>
    tf.sum(tf.mul(tf.batchNorm(x!, mean!, variance!, offset, scale, 1e-3), w)),
  )(inputs);
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  return values;
}

describe('registerFastBatchNormGradient', () => {
  it.each([
    ['per-channel statistics (as in BatchNormalization layers)', [2, 5, 4, 3], [3]],
    ['full-shape statistics', [2, 3, 3, 2], [2, 3, 3, 2]],
  ])('matches the stock gradient: %s', (_, xShape, statShape) => {
    const x = random(xShape, 1);
    const w = random(xShape, 2);
    const mean = random(statShape, 3, -0.5, 0.5);
    const variance = random(statShape, 4, 0.2, 2);
    const scale = random(statShape, 5, 0.5, 1.5);
    const offset = random(statShape, 6);
    const inputs = [x, mean, variance, scale, offset];
    const stock = bnGrads(inputs, w);
    const stockGradient = tf.getGradient('FusedBatchNorm');
    const before = tf.memory().numTensors;
    const restore = registerFastBatchNormGradient();
    try {
      expect(tf.getGradient('FusedBatchNorm')).not.toBe(stockGradient);
      const fast = bnGrads(inputs, w);
      expect(tf.memory().numTensors).toBe(before);
      for (let i = 0; i < stock.length; i++) {
        expect(fast[i]!.length).toBe(stock[i]!.length);
        const scaleOfValues = Math.max(...stock[i]!.map(Math.abs));
        expect(scaleOfValues).toBeGreaterThan(0.05);
        stock[i]!.forEach((v, k) => expect(Math.abs(fast[i]![k]! - v)).toBeLessThan(1e-5 * Math.max(1, scaleOfValues)));
      }
    } finally {
      restore();
      tf.dispose([...inputs, w]);
    }
    expect(tf.getGradient('FusedBatchNorm')).toBe(stockGradient);
  });
});
