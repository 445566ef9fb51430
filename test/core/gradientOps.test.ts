import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { depthwiseConv2dBackpropInput, depthwiseConv2dInputGrad } from '../../src/core/depthwiseConv2dBackpropInput.js';
import { conv2dBackpropInputViaForward, conv2dInputGrad } from '../../src/core/conv2dInputGrad.js';
import { gradientCallFor, type GradientCall } from '../../src/core/gradientCall.js';
import type { LayerLike } from '../../src/core/layerGraph.js';
import { maxPoolInputGrad } from '../../src/core/maxPoolInputGrad.js';
import { gaussian, randomizeWeights, rng } from '../fixtures/models.js';
import { maxAbs, maxAbsDiff, onCpu } from '../helpers/reference.js';

function randn(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(gaussian(rng(seed), shape.reduce((a, b) => a * b, 1), 1), shape);
}

function dilateFilter(f: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, c, m] = f.shape;
  const src = f.dataSync();
  const KH = (kh - 1) * dh + 1;
  const KW = (kw - 1) * dw + 1;
  const out = new Float32Array(KH * KW * c * m);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let k = 0; k < c * m; k++) out[(i * dh * KW + j * dw) * c * m + k] = src[(i * kw + j) * c * m + k]!;
  return tf.tensor4d(out, [KH, KW, c, m]);
}

describe('depthwise input gradient from forward ops', () => {
  const cases: Array<[string, number[], number[], [number, number], 'same' | 'valid', [number, number]]> = [
    ['3x3 s1 same', [2, 7, 6, 3], [3, 3, 3, 1], [1, 1], 'same', [1, 1]],
    ['3x3 s2 same', [1, 7, 8, 4], [3, 3, 4, 1], [2, 2], 'same', [1, 1]],
    ['3x3 s2 valid', [1, 9, 7, 2], [3, 3, 2, 1], [2, 2], 'valid', [1, 1]],
    ['5x3 s(2,1) same multiplier 2', [2, 8, 5, 3], [5, 3, 3, 2], [2, 1], 'same', [1, 1]],
    ['3x3 dilation 2 same', [1, 9, 9, 2], [3, 3, 2, 1], [1, 1], 'same', [2, 2]],
    ['2x2 s2 valid even', [1, 8, 8, 2], [2, 2, 2, 1], [2, 2], 'valid', [1, 1]],
  ];
  it.each(cases)('%s equals the cpu kernel', async (_n, xs, fs, strides, pad, dil) => {
    const x = randn(xs, 1) as tf.Tensor4D;
    const f = randn(fs, 2) as tf.Tensor4D;
    const y = tf.depthwiseConv2d(x, f, strides, pad, 'NHWC', dil);
    const dy = randn(y.shape, 3) as tf.Tensor4D;
    // tfjs has no gradient for dilated depthwise convolutions: the reference uses the equivalent
    // undilated convolution with zeros inserted into the filter.
    const fd = dil[0] === 1 && dil[1] === 1 ? f : dilateFilter(f, dil);
    const expected = await onCpu(() => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.mul(tf.depthwiseConv2d(t as tf.Tensor4D, fd, strides, pad, 'NHWC', 1), dy))(x).dataSync()));
    if (fd !== f) fd.dispose();
    const before = tf.memory().numTensors;
    const got = depthwiseConv2dBackpropInput(x.shape, dy, f, strides, pad, dil);
    expect(tf.memory().numTensors - before).toBe(1);
    expect(got.shape).toEqual(x.shape);
    expect(maxAbsDiff(got.dataSync(), expected)).toBeLessThan(1e-4 * maxAbs(expected));
    // Through tf.grad, as the gradient pass uses it.
    const viaGrad = tf.grad((t: tf.Tensor) => tf.mul(depthwiseConv2dInputGrad(t as tf.Tensor4D, f, strides, pad, dil), dy))(x);
    expect(maxAbsDiff(viaGrad.dataSync(), expected)).toBeLessThan(1e-4 * maxAbs(expected));
    tf.dispose([x, f, y, dy, got, viaGrad]);
  });
});

describe('conv2d input gradient from a forward convolution', () => {
  const cases: Array<[string, number[], number[], [number, number], 'same' | 'valid']> = [
    ['3x3 s1 same', [2, 7, 6, 3], [3, 3, 3, 4], [1, 1], 'same'],
    ['3x3 s2 same odd', [1, 7, 9, 4], [3, 3, 4, 2], [2, 2], 'same'],
    ['3x3 s2 same even', [1, 8, 8, 3], [3, 3, 3, 5], [2, 2], 'same'],
    ['7x7 s2 same', [1, 16, 16, 3], [7, 7, 3, 4], [2, 2], 'same'],
    ['3x3 s2 valid', [1, 9, 8, 2], [3, 3, 2, 3], [2, 2], 'valid'],
    ['1x1 s2 valid', [2, 8, 7, 4], [1, 1, 4, 6], [2, 2], 'valid'],
    ['1x1 s1', [1, 5, 5, 6], [1, 1, 6, 3], [1, 1], 'valid'],
    ['3x3 s1 same, filter larger than the maps (data flipped)', [1, 3, 4, 16], [3, 3, 16, 32], [1, 1], 'same'],
    ['3x3 s2 same, filter larger than the maps (data flipped)', [2, 5, 4, 16], [3, 3, 16, 24], [2, 2], 'same'],
  ];
  it.each(cases)('%s equals the cpu kernel', async (_n, xs, fs, strides, pad) => {
    const x = randn(xs, 1) as tf.Tensor4D;
    const f = randn(fs, 2) as tf.Tensor4D;
    const y = tf.conv2d(x, f, strides, pad);
    const dy = randn(y.shape, 3) as tf.Tensor4D;
    const expected = await onCpu(() => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.mul(tf.conv2d(t as tf.Tensor4D, f, strides, pad), dy))(x).dataSync()));
    const before = tf.memory().numTensors;
    const got = conv2dBackpropInputViaForward(x.shape, dy, f, strides, pad, [1, 1]);
    expect(tf.memory().numTensors - before).toBe(1);
    expect(maxAbsDiff(got.dataSync(), expected)).toBeLessThan(1e-4 * maxAbs(expected));
    const viaGrad = tf.grad((t: tf.Tensor) => tf.mul(conv2dInputGrad(t as tf.Tensor4D, f, strides, pad, [1, 1]), dy))(x);
    expect(maxAbsDiff(viaGrad.dataSync(), expected)).toBeLessThan(1e-4 * maxAbs(expected));
    tf.dispose([x, f, y, dy, got, viaGrad]);
  });
});

describe('max-pool input gradient from forward ops', () => {
  it('equals the cpu kernel without ties (valid and same, odd sizes)', async () => {
    for (const [shape, pad] of [[[2, 8, 6, 3], 'valid'], [[1, 7, 9, 2], 'valid'], [[1, 7, 9, 2], 'same']] as const) {
      const x = randn([...shape], 4) as tf.Tensor4D;
      const y = tf.maxPool(x, 2, 2, pad);
      const dy = randn(y.shape, 5) as tf.Tensor4D;
      const expected = await onCpu(() => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, pad), dy))(x).dataSync()));
      const got = tf.grad((t: tf.Tensor) => tf.mul(maxPoolInputGrad(t as tf.Tensor4D, [2, 2], [2, 2], pad), dy))(x);
      expect(maxAbsDiff(got.dataSync(), expected)).toBeLessThan(1e-6);
      tf.dispose([x, y, dy, got]);
    }
  });

  it('shares a window gradient equally among tied maxima, negative ties included', () => {
    const x = tf.tensor4d([0, 0, 2, 2, 0, 0, 2, 1, -1, -1, 5, 5, -1, -1, 5, 5], [1, 4, 4, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(maxPoolInputGrad(t as tf.Tensor4D, [2, 2], [2, 2], 'valid')))(x);
    expect(Array.from(g.dataSync())).toEqual([0.25, 0.25, 1 / 3, 1 / 3, 0.25, 0.25, 1 / 3, 0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25].map((v) => Math.fround(v)));
    tf.dispose([x, g]);
  });
});

describe('gradient-pass layer implementations equal the layers', () => {
  const layers: Array<[string, () => tfl.layers.Layer, number[]]> = [
    ['Conv2D linear s2 same', () => tfl.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }), [2, 9, 8, 3]],
    ['Conv2D relu dilated valid', () => tfl.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, activation: 'relu' }), [1, 9, 9, 2]],
    ['Conv2D no bias relu6', () => tfl.layers.conv2d({ filters: 3, kernelSize: 1, useBias: false, activation: 'relu6' }), [1, 5, 5, 2]],
    ['DepthwiseConv2D s2 multiplier 2', () => tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 2 }), [2, 8, 8, 3]],
    ['SeparableConv2D', () => tfl.layers.separableConv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'elu' }), [1, 6, 6, 3]],
    ['Dense on 2-D', () => tfl.layers.dense({ units: 4, activation: 'tanh' }), [3, 6]],
    ['BatchNormalization', () => tfl.layers.batchNormalization({ epsilon: 0.01 }), [2, 4, 4, 5]],
    ['BatchNormalization without scale and center', () => tfl.layers.batchNormalization({ scale: false, center: false }), [1, 3, 3, 2]],
    ['ReLU maxValue 6', () => tfl.layers.reLU({ maxValue: 6 }), [1, 4, 4, 3]],
    ['ReLU', () => tfl.layers.reLU({}), [1, 4, 4, 3]],
    ['Activation relu6', () => tfl.layers.activation({ activation: 'relu6' }), [1, 4, 4, 3]],
    ['Dense on 4-D', () => tfl.layers.dense({ units: 4 }), [2, 3, 3, 5]],
  ];
  it.each(layers)('%s', async (_n, make, shape) => {
    const layer = make();
    const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: shape.slice(1) }), layer] });
    randomizeWeights(model, 11);
    const x = tf.tidy(() => tf.mul(randn(shape, 12), 4)); // wide enough to reach ReLU6's upper clip
    const call = gradientCallFor(layer as unknown as LayerLike) as GradientCall;
    expect(call).not.toBeNull();
    const want = model.predict(x) as tf.Tensor;
    const got = call(x, false);
    expect(got.shape).toEqual(want.shape);
    expect(maxAbsDiff(got.dataSync(), want.dataSync())).toBeLessThan(1e-4 * Math.max(1, maxAbs(want.dataSync())));
    // The input gradient equals the gradient through the layer's own call (on cpu, where every kernel exists).
    const dy = randn(want.shape, 13);
    // tfjs has no gradient of dilated convolutions: the reference differentiates the same layer with
    // its filter dilated by zero insertion (an equivalent undilated convolution).
    const dil = (layer as unknown as { dilationRate?: number[] }).dilationRate;
    const expected = await onCpu(() =>
      tf.tidy(() => {
        if (dil && (dil[0]! > 1 || dil[1]! > 1)) {
          const [k, b] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
          const kd = dilateFilter(k, [dil[0]!, dil[1]!]);
          return tf.grad((t: tf.Tensor) => tf.mul(tf.relu(tf.add(tf.conv2d(t as tf.Tensor4D, kd, 1, 'valid'), b)), dy))(x).dataSync();
        }
        if (layer.getClassName() === 'BatchNormalization' && layer.getWeights().length === 2) {
          // tfjs's own batchNorm gradient fails without gamma (it saves an undefined scale):
          // closed form dx = dy / √(σ² + ε).
          const [, variance] = layer.getWeights();
          return tf.div(dy, tf.sqrt(tf.add(variance!, 1e-3))).dataSync();
        }
        return tf.grad((t: tf.Tensor) => tf.mul(layer.apply(t) as tf.Tensor, dy))(x).dataSync();
      }),
    );
    const viaGrad = tf.grad((t: tf.Tensor) => tf.mul(call(t, false), dy))(x);
    expect(maxAbsDiff(viaGrad.dataSync(), expected)).toBeLessThan(1e-4 * Math.max(1, maxAbs(expected)));
    tf.dispose([want, got, x, dy, viaGrad]);
    model.dispose();
  });
});
