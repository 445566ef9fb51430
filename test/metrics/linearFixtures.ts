// A linear "model" whose metric values have closed forms: f(x)_0 = Σ w·x, f(x)_1 = -Σ w·x.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export const H = 4;
export const W = 4;
export const C = 2;
export const N = H * W;

/** Weights w[p, c] (flat NHWC order) and an input x, both small integers so sums are exact. */
export const weights = Float32Array.from({ length: N * C }, (_, i) => ((i * 7) % 5) - 1);
export const image0 = Float32Array.from({ length: N * C }, (_, i) => ((i * 3) % 7) + 1);
export const image1 = Float32Array.from({ length: N * C }, (_, i) => ((i * 5) % 4) + 2);

/** Σ_p,c w·x for a flat image. */
export function linear(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < N * C; i++) s += weights[i]! * x[i]!;
  return s;
}

/** A LayersModel computing [Σ w·x, -Σ w·x] (flatten → dense without bias). */
export function linearModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [H, W, C] }), tfl.layers.dense({ units: 2, useBias: false, name: 'lin' })],
  });
  const k = new Float32Array(N * C * 2);
  for (let i = 0; i < N * C; i++) {
    k[2 * i] = weights[i]!;
    k[2 * i + 1] = -weights[i]!;
  }
  const kt = tf.tensor2d(k, [N * C, 2]);
  model.setWeights([kt]);
  kt.dispose();
  return model;
}

/** The same function as a plain function model. */
export function linearFunction(x: tf.Tensor4D): tf.Tensor {
  return tf.tidy(() => {
    const w = tf.tensor4d(weights, [1, H, W, C]);
    const s = tf.sum(tf.mul(x, w), [1, 2, 3]);
    return tf.stack([s, tf.neg(s)], 1);
  });
}

/** Ranking of the pixels of a flat map, highest first, ties to the lower index. */
export function ranking(map: ArrayLike<number>): number[] {
  return Array.from({ length: map.length }, (_, i) => i).sort((a, b) => map[b]! - map[a]! || a - b);
}
