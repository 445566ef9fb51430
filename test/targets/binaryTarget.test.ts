import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { cam, gradCam } from '../../src/index.js';
import { binaryTarget } from '../../src/targets/binaryTarget.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

/**
 * A single-logit classifier with a closed form: A = [x, 2x] (1×1 conv, no bias), GAP, Dense(1)
 * with weights [a, b], bias c, sigmoid. logit z = (a + 2b)·mean(x) + c, ∂z/∂A_k = w_k/16, and the
 * Grad-CAM raw map of the positive class is (a + 2b)·x/16.
 */
const A = 0.5;
const B = -0.75;
const C = 0.25;
function sigmoidNet(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 1, useBias: false, name: 'conv' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
    ],
  });
  model.getLayer('conv').setWeights([tf.tensor4d([1, 2], [1, 1, 1, 2])]);
  model.getLayer('out').setWeights([tf.tensor2d([A, B], [2, 1]), tf.tensor1d([C])]);
  return model;
}

const X0 = Float32Array.from({ length: 16 }, (_, i) => (i % 5) - 1);
const X1 = Float32Array.from({ length: 16 }, (_, i) => ((i * 7) % 6) / 2 - 1);
const coef = (A + 2 * B) / 16;
const mean = (v: Float32Array): number => v.reduce((s, t) => s + t, 0) / v.length;

describe('binaryTarget', () => {
  const model = sigmoidNet();
  const x = tf.tensor4d([...X0, ...X1], [2, 4, 4, 1]);
  afterAll(() => {
    x.dispose();
    model.dispose();
  });

  it('is the logit and its negation (closed form), leak-free', () => {
    const out = tf.tensor2d([[1.5], [-2]]);
    expectNoLeak(() => {
      const s = binaryTarget()(out);
      expect(Array.from(s.dataSync())).toEqual([1.5, -2]);
      return s;
    });
    expectNoLeak(() => {
      const s = binaryTarget(false)(out);
      expect(Array.from(s.dataSync())).toEqual([-1.5, 2]);
      return s;
    });
    const flat = tf.tensor1d([3]);
    expectNoLeak(() => binaryTarget(false)(flat));
    tf.dispose([out, flat]);
  });

  it('positive: raw = (a + 2b)·x/16, score = the logit — the same as the default class', () => {
    const r = gradCam(model, x, { layerName: 'conv', target: binaryTarget() });
    const d = gradCam(model, x, { layerName: 'conv' });
    const raw = r.raw.dataSync();
    const xs = [...X0, ...X1];
    for (let i = 0; i < 32; i++) expect(raw[i]).toBeCloseTo(coef * xs[i]!, 6);
    const score = r.score.dataSync();
    expect(score[0]).toBeCloseTo((A + 2 * B) * mean(X0) + C, 5);
    expect(score[1]).toBeCloseTo((A + 2 * B) * mean(X1) + C, 5);
    const dr = d.raw.dataSync();
    for (let i = 0; i < 32; i++) expect(dr[i]).toBeCloseTo(raw[i]!, 6);
    r.dispose();
    d.dispose();
  });

  it('negative: raw = −raw(positive) = the counterfactual raw, score = −logit', () => {
    const pos = gradCam(model, x, { layerName: 'conv', target: binaryTarget(true) });
    const neg = gradCam(model, x, { layerName: 'conv', target: binaryTarget(false) });
    const cf = gradCam(model, x, { layerName: 'conv', counterfactual: true });
    const p = pos.raw.dataSync();
    const n = neg.raw.dataSync();
    const c = cf.raw.dataSync();
    for (let i = 0; i < 32; i++) {
      expect(n[i]).toBeCloseTo(-p[i]!, 6);
      expect(n[i]).toBeCloseTo(c[i]!, 6);
    }
    const ps = pos.score.dataSync();
    const ns = neg.score.dataSync();
    for (let b = 0; b < 2; b++) expect(ns[b]).toBeCloseTo(-ps[b]!, 6);
    // The heatmaps are complementary: where the positive map is hot (raw > 0) the negative one is 0.
    const ph = pos.heatmap.dataSync();
    const nh = neg.heatmap.dataSync();
    for (let i = 0; i < 32; i++) if (ph[i]! > 0) expect(nh[i]).toBe(0);
    for (const r of [pos, neg, cf]) r.dispose();
  });

  it('with logits: false the scores are p and −p', () => {
    const r = cam(model, x, { method: 'hires-cam', layerName: 'conv', target: binaryTarget(false), logits: false });
    const z = (A + 2 * B) * mean(X0) + C;
    expect(r.score.dataSync()[0]).toBeCloseTo(-1 / (1 + Math.exp(-z)), 5);
    r.dispose();
  });

  it('leaves no tensor behind and refuses bad input without leaking', () => {
    const before = tf.memory().numTensors;
    gradCam(model, x, { target: binaryTarget(false) }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expectCamErrorNoLeak(() => binaryTarget('no' as unknown as boolean), 'INVALID_OPTION', /true or false/);
    const two = tf.zeros([2, 2]);
    expectCamErrorNoLeak(() => binaryTarget()(two), 'INVALID_TARGET', /\[2,2\].*classifierTarget\(1\)/);
    two.dispose();
  });
});
