import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { cam, gradCam } from '../../src/index.js';
import { classifierTarget } from '../../src/targets/classifierTarget.js';
import { randomInput, sequentialNet } from '../fixtures/models.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

function expectClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-6): void {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(tol);
}

describe('classifierTarget', () => {
  const net = sequentialNet(11);
  const x = randomInput([2, 8, 8, 3], 5);
  afterAll(() => {
    x.dispose();
    net.model.dispose();
  });

  it('picks the column of each row (closed form) and leaks nothing', () => {
    const out = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    expectNoLeak(() => {
      const s = classifierTarget(1)(out);
      expect(Array.from(s.dataSync())).toEqual([2, 5]);
      return s;
    });
    expectNoLeak(() => {
      const s = classifierTarget([2, 0])(out);
      expect(Array.from(s.dataSync())).toEqual([3, 4]);
      return s;
    });
    // A single-column output (depth-1 one-hot) works too.
    const one = tf.tensor2d([[-1.5], [2]]);
    expectNoLeak(() => {
      const s = classifierTarget(0)(one);
      expect(Array.from(s.dataSync())).toEqual([-1.5, 2]);
      return s;
    });
    tf.dispose([out, one]);
  });

  it('Grad-CAM with classifierTarget equals Grad-CAM with classIndex (one class and one per sample)', () => {
    for (const c of [2, [1, 3]] as const) {
      const a = gradCam(net.model, x, { classIndex: c as number | number[] });
      const b = gradCam(net.model, x, { target: classifierTarget(c as number | number[]) });
      expectClose(a.raw, b.raw);
      expectClose(a.heatmap, b.heatmap);
      expectClose(a.score, b.score);
      expect(Array.from(b.classIndex.dataSync())).toEqual([-1, -1]);
      a.dispose();
      b.dispose();
    }
  });

  it('Ablation-CAM and Score-CAM with a single class equal the classIndex option', () => {
    for (const method of ['ablation-cam', 'score-cam'] as const) {
      const a = cam(net.model, x, { method, classIndex: 3, batchSize: 3 });
      const b = cam(net.model, x, { method, target: classifierTarget(3), batchSize: 3 });
      expectClose(a.raw, b.raw, 1e-5);
      a.dispose();
      b.dispose();
    }
  });

  it('explains probabilities with logits: false like classIndex does', () => {
    const a = gradCam(net.model, x, { classIndex: 0, logits: false });
    const b = gradCam(net.model, x, { target: classifierTarget(0), logits: false });
    expectClose(a.raw, b.raw);
    expectClose(a.score, b.score);
    const s = b.score.dataSync();
    for (const v of s) expect(v > 0 && v < 1).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    gradCam(net.model, x, { target: classifierTarget([0, 1]) }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad indices at once and bad outputs when called, without leaking', () => {
    for (const bad of [-1, 1.5, Number.NaN, [], [0, -2]] as unknown[]) {
      expectCamErrorNoLeak(() => classifierTarget(bad as number), 'INVALID_CLASS', /classifierTarget\(\)/);
    }
    expectCamErrorNoLeak(() => gradCam(net.model, x, { target: classifierTarget(4) }), 'INVALID_CLASS', /out of range.*4 outputs/);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { target: classifierTarget([0, 1, 2]) }), 'INVALID_TARGET', /3 class indices.*2 rows/);
    const out3 = tf.zeros([1, 2, 2]);
    expectCamErrorNoLeak(() => classifierTarget(0)(out3), 'INVALID_TARGET', /\[1,2,2\]/);
    out3.dispose();
  });
});
