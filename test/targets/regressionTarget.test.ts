import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { cam, gradCam } from '../../src/index.js';
import { regressionTarget } from '../../src/targets/regressionTarget.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

/**
 * A two-output regressor with a closed form: A = [x, 2x] (1×1 conv, no bias), GAP, linear Dense(2)
 * with weights W (2×2) and biases c. y_j = (W0j + 2·W1j)·mean(x) + c_j and the Grad-CAM raw map of
 * y_j is (W0j + 2·W1j)·x/16.
 */
const W = [
  [0.5, -1],
  [0.25, 0.75],
];
const BIAS = [0.1, -0.2];
function regressor(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 1, useBias: false, name: 'conv' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 2, name: 'out' }),
    ],
  });
  model.getLayer('conv').setWeights([tf.tensor4d([1, 2], [1, 1, 1, 2])]);
  model.getLayer('out').setWeights([tf.tensor2d(W), tf.tensor1d(BIAS)]);
  return model;
}
const X = Float32Array.from({ length: 16 }, (_, i) => (i % 5) - 1);
const meanX = X.reduce((s, v) => s + v, 0) / 16;

describe('regressionTarget', () => {
  const model = regressor();
  const x = tf.tensor4d(X, [1, 4, 4, 1]);
  afterAll(() => {
    x.dispose();
    model.dispose();
  });

  it('picks a unit, negated for decrease (closed form), leak-free', () => {
    const out = tf.tensor2d([[1, 2], [3, 4]]);
    expectNoLeak(() => {
      const s = regressionTarget({ index: 1 })(out);
      expect(Array.from(s.dataSync())).toEqual([2, 4]);
      return s;
    });
    expectNoLeak(() => {
      const s = regressionTarget({ index: 0, direction: 'decrease' })(out);
      expect(Array.from(s.dataSync())).toEqual([-1, -3]);
      return s;
    });
    const flat = tf.tensor1d([5, -6]);
    expectNoLeak(() => {
      const s = regressionTarget()(flat);
      expect(Array.from(s.dataSync())).toEqual([5, -6]);
      return s;
    });
    const col = tf.tensor2d([[7], [8]]);
    expectNoLeak(() => {
      const s = regressionTarget({ direction: 'decrease' })(col);
      expect(Array.from(s.dataSync())).toEqual([-7, -8]);
      return s;
    });
    tf.dispose([out, flat, col]);
  });

  it('Grad-CAM of each unit and direction equals the formula', () => {
    for (const j of [0, 1]) {
      for (const direction of ['increase', 'decrease'] as const) {
        const sign = direction === 'increase' ? 1 : -1;
        const r = gradCam(model, x, { layerName: 'conv', target: regressionTarget({ index: j, direction }) });
        const coef = (W[0]![j]! + 2 * W[1]![j]!) / 16;
        const raw = r.raw.dataSync();
        for (let i = 0; i < 16; i++) expect(raw[i]).toBeCloseTo(sign * coef * X[i]!, 6);
        expect(r.score.dataSync()[0]).toBeCloseTo(sign * ((W[0]![j]! + 2 * W[1]![j]!) * meanX + BIAS[j]!), 5);
        r.dispose();
      }
    }
  });

  it('decrease equals the counterfactual map of increase (HiResCAM)', () => {
    const inc = cam(model, x, { method: 'hires-cam', layerName: 'conv', target: regressionTarget({ index: 1 }), counterfactual: true });
    const dec = cam(model, x, { method: 'hires-cam', layerName: 'conv', target: regressionTarget({ index: 1, direction: 'decrease' }) });
    const a = inc.raw.dataSync();
    const b = dec.raw.dataSync();
    for (let i = 0; i < 16; i++) expect(b[i]).toBeCloseTo(a[i]!, 6);
    inc.dispose();
    dec.dispose();
  });

  it('refuses bad options at once and mismatched outputs when called, without leaking', () => {
    expectCamErrorNoLeak(() => regressionTarget({ index: -1 }), 'INVALID_OPTION', /index/);
    expectCamErrorNoLeak(() => regressionTarget({ index: 0.5 }), 'INVALID_OPTION', /index/);
    expectCamErrorNoLeak(() => regressionTarget({ direction: 'up' as 'increase' }), 'INVALID_OPTION', /'increase' or 'decrease'/);
    expectCamErrorNoLeak(() => gradCam(model, x, { target: regressionTarget() }), 'INVALID_TARGET', /2 outputs per sample; pass index/);
    expectCamErrorNoLeak(() => gradCam(model, x, { target: regressionTarget({ index: 2 }) }), 'INVALID_TARGET', /index 2 is out of range/);
    const out4 = tf.zeros([1, 2, 2, 1]);
    expectCamErrorNoLeak(() => regressionTarget()(out4), 'INVALID_TARGET', /\[1,2,2,1\]/);
    out4.dispose();
  });
});
