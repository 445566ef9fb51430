import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { gradCam } from '../../src/index.js';

/**
 * A hand-weighted net whose Grad-CAM has a closed form:
 * A = [x, 2x] (1×1 conv, no bias, linear), GAP, Dense with weights [a, b] and bias c.
 * score = a·mean(x) + 2b·mean(x) + c, so ∂score/∂A_k = w_k/(h·w), α_k = w_k/(h·w) and
 * raw = (a·x + 2b·x)/(h·w).
 */
function handNet(a: number, b: number, softmax: boolean): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 1, useBias: false, name: 'conv' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 2, name: 'out', activation: softmax ? 'softmax' : 'linear' }),
    ],
  });
  model.getLayer('conv').setWeights([tf.tensor4d([1, 2], [1, 1, 1, 2])]);
  // Class 0 uses (a, b); class 1 uses (-a, -b).
  model.getLayer('out').setWeights([tf.tensor2d([a, -a, b, -b], [2, 2]), tf.tensor1d([0.5, 0])]);
  return model;
}

const X = Float32Array.from({ length: 16 }, (_, i) => (i % 5) - 1); // values in [-1, 3]

describe('Grad-CAM closed form', () => {
  it('raw map, score and heatmap equal the formula', () => {
    const model = handNet(0.5, 0.25, false);
    const x = tf.tensor4d(X, [1, 4, 4, 1]);
    const r = gradCam(model, x, { layerName: 'conv', classIndex: 0 });
    const raw = r.raw.dataSync();
    const coef = (0.5 + 2 * 0.25) / 16;
    for (let i = 0; i < 16; i++) expect(raw[i]).toBeCloseTo(coef * X[i]!, 6);
    const mean = X.reduce((s, v) => s + v, 0) / 16;
    expect(r.score.dataSync()[0]).toBeCloseTo(0.5 * mean + 2 * 0.25 * mean + 0.5, 5);
    // Same resolution as the input: heatmap = minmax(relu(raw)).
    const relu = Array.from(X, (v) => Math.max(coef * v, 0));
    const max = Math.max(...relu);
    const hm = r.heatmap.dataSync();
    for (let i = 0; i < 16; i++) expect(hm[i]).toBeCloseTo(relu[i]! / (1e-7 + max), 5);
    r.dispose();
    x.dispose();
    model.dispose();
  });

  it('the opposite class gives the negated raw map and an all-zero heatmap where every value is ≤ 0', () => {
    const model = handNet(0.5, 0.25, false);
    const x = tf.tensor4d(X.map((v) => Math.abs(v) + 0.1), [1, 4, 4, 1]);
    const r = gradCam(model, x, { layerName: 'conv', classIndex: 1 });
    const raw = r.raw.dataSync();
    for (let i = 0; i < 16; i++) expect(raw[i]).toBeLessThan(0);
    const hm = r.heatmap.dataSync();
    expect(Array.from(hm).every((v) => v === 0)).toBe(true);
    r.dispose();
    x.dispose();
    model.dispose();
  });

  it('explains the logit under a softmax output, and the probability with logits: false', () => {
    const model = handNet(0.5, 0.25, true);
    const x = tf.tensor4d(X, [1, 4, 4, 1]);
    const logit = gradCam(model, x, { layerName: 'conv', classIndex: 0 });
    const coef = (0.5 + 2 * 0.25) / 16;
    const raw = logit.raw.dataSync();
    for (let i = 0; i < 16; i++) expect(raw[i]).toBeCloseTo(coef * X[i]!, 6);
    const mean = X.reduce((s, v) => s + v, 0) / 16;
    const z0 = mean + 0.5;
    const z1 = -mean;
    expect(logit.score.dataSync()[0]).toBeCloseTo(z0, 5);
    // Probability: ∂p0/∂A = p0(1-p0)·∂(z0 - z1)/∂A → raw scaled by 2·p0(1-p0).
    const p0 = Math.exp(z0) / (Math.exp(z0) + Math.exp(z1));
    const prob = gradCam(model, x, { layerName: 'conv', classIndex: 0, logits: false });
    expect(prob.score.dataSync()[0]).toBeCloseTo(p0, 5);
    const rawP = prob.raw.dataSync();
    for (let i = 0; i < 16; i++) expect(rawP[i]).toBeCloseTo(2 * p0 * (1 - p0) * coef * X[i]!, 6);
    // The model still outputs probabilities afterwards.
    const out = model.predict(x) as tf.Tensor;
    expect(out.dataSync()[0]).toBeCloseTo(p0, 5);
    tf.dispose([logit.raw, logit.heatmap, logit.score, logit.classIndex, out]);
    prob.dispose();
    x.dispose();
    model.dispose();
  });

  it('a custom target score is differentiated as given', () => {
    const model = handNet(0.5, 0.25, true);
    const x = tf.tensor4d(X, [1, 4, 4, 1]);
    // score = z0 - z1 (a "difference of logits" target): ∂/∂A_k = (w_k0 - w_k1)/16.
    const r = gradCam(model, x, {
      layerName: 'conv',
      target: (out) => tf.sub(tf.reshape(tf.slice(out, [0, 0], [-1, 1]), [-1]), tf.reshape(tf.slice(out, [0, 1], [-1, 1]), [-1])) as tf.Tensor1D,
    });
    const coef = (2 * 0.5 + 2 * 2 * 0.25) / 16;
    const raw = r.raw.dataSync();
    for (let i = 0; i < 16; i++) expect(raw[i]).toBeCloseTo(coef * X[i]!, 6);
    expect(Array.from(r.classIndex.dataSync())).toEqual([-1]);
    r.dispose();
    x.dispose();
    model.dispose();
  });

  it('a sigmoid output is explained through its logit', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 1, useBias: false, name: 'conv' }),
        tfl.layers.globalAveragePooling2d({}),
        tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
      ],
    });
    model.getLayer('conv').setWeights([tf.tensor4d([1, 2], [1, 1, 1, 2])]);
    model.getLayer('out').setWeights([tf.tensor2d([0.5, 0.25], [2, 1]), tf.tensor1d([0.1])]);
    const x = tf.tensor4d(X, [1, 4, 4, 1]);
    const r = gradCam(model, x, { layerName: 'conv' });
    const mean = X.reduce((s, v) => s + v, 0) / 16;
    expect(r.score.dataSync()[0]).toBeCloseTo(mean + 0.1, 5);
    expect(Array.from(r.classIndex.dataSync())).toEqual([0]);
    const raw = r.raw.dataSync();
    for (let i = 0; i < 16; i++) expect(raw[i]).toBeCloseTo((1 / 16) * X[i]!, 6);
    r.dispose();
    x.dispose();
    model.dispose();
  });
});
