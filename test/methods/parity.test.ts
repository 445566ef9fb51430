// Every CAM method against pytorch-grad-cam's own output on the exported fixture models
// (test/fixtures/parity, written by tools/parity/generate.py): raw maps within 1e-4 × max|expected|,
// final maps within 5e-4. Eigen methods agree up to the sign of each sample's principal component
// (pytorch-grad-cam keeps LAPACK's sign; this library's rule is documented on principalComponentMap).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cam, guidedBackprop, type CamMethodName } from '../../src/index.js';
import { loadParityModel, parityCases, parityGuidedCases, parityModelNames, type ParityCase } from '../helpers/parityFixtures.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';

const METHOD: Record<string, CamMethodName> = {
  GradCAM: 'grad-cam',
  HiResCAM: 'hires-cam',
  GradCAMElementWise: 'grad-cam-elementwise',
  XGradCAM: 'xgrad-cam',
  LayerCAM: 'layer-cam',
  GradCAMPlusPlus: 'grad-cam++',
  ScoreCAM: 'score-cam',
  AblationCAM: 'ablation-cam',
  EigenCAM: 'eigen-cam',
  EigenGradCAM: 'eigen-grad-cam',
};

const models = new Map<string, LayersModel>();
beforeAll(async () => {
  for (const name of parityModelNames()) models.set(name, await loadParityModel(name));
});
afterAll(() => {
  for (const m of models.values()) m.dispose();
});

/** The part of `a` ([B,...] flattened) for sample b. */
function sample(a: ArrayLike<number>, batch: number, b: number): number[] {
  const n = a.length / batch;
  return Array.from(a).slice(b * n, (b + 1) * n);
}

const usesSvd = (c: ParityCase) => c.method === 'EigenCAM' || c.method === 'EigenGradCAM' || c.options.eigenSmooth === true;

describe('parity with pytorch-grad-cam: every method', () => {
  const cases = parityCases();
  it('covers every method on every model', () => {
    for (const model of parityModelNames()) {
      expect(new Set(cases.filter((c) => c.model === model).map((c) => c.method))).toEqual(new Set(Object.keys(METHOD)));
    }
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const model = models.get(c.model)!;
    const before = tf.memory().numTensors;
    const x = tf.tensor(c.input.data, c.input.shape);
    const result = cam(model, x, {
      method: METHOD[c.method]!,
      layerName: c.layerNames.length === 1 ? c.layerNames[0]! : c.layerNames,
      ...(c.classIndex ? { classIndex: c.classIndex } : {}),
      ...(c.options.batchSize ? { batchSize: c.options.batchSize } : {}),
      eigenSmooth: c.options.eigenSmooth ?? false,
      augSmooth: c.options.augSmooth ?? false,
    });
    try {
      const batch = c.input.shape[0]!;
      expect(Array.from(result.classIndex.dataSync())).toEqual(c.classes);
      expect(result.heatmap.shape).toEqual(c.final.shape);
      const final = result.heatmap.dataSync();
      for (let l = 0; l < c.raw.length; l++) {
        const expected = c.raw[l]!;
        const got = result.layers[l]!.raw;
        expect(got.shape).toEqual(expected.shape);
        const tol = 1e-4 * maxAbs(expected.data);
        for (let b = 0; b < batch; b++) {
          const e = sample(expected.data, batch, b);
          const g = sample(got.dataSync(), batch, b);
          const diff = maxAbsDiff(g, e);
          if (usesSvd(c)) {
            const flipped = maxAbsDiff(g, e.map((v) => -v));
            expect(Math.min(diff, flipped)).toBeLessThanOrEqual(tol);
            // The final map is the one pytorch-grad-cam makes from the same sign.
            const finalExpected = diff <= flipped ? c.final : c.finalNegated!;
            expect(maxAbsDiff(sample(final, batch, b), sample(finalExpected.data, batch, b))).toBeLessThanOrEqual(5e-4);
          } else {
            expect(diff).toBeLessThanOrEqual(tol);
          }
        }
      }
      if (!usesSvd(c)) expect(maxAbsDiff(final, c.final.data)).toBeLessThanOrEqual(5e-4);
    } finally {
      result.dispose();
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('parity with pytorch-grad-cam: guided backpropagation', () => {
  it.each(parityGuidedCases().map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const model = models.get(c.model)!;
    const before = tf.memory().numTensors;
    const x = tf.tensor(c.input.data, c.input.shape);
    const r = guidedBackprop(model, x, c.classIndex ? { classIndex: c.classIndex } : {});
    try {
      expect(r.gradients.shape).toEqual(c.grads.shape);
      expect(Array.from(r.classIndex.dataSync())).toEqual(c.classes);
      expect(maxAbsDiff(r.gradients.dataSync(), c.grads.data)).toBeLessThanOrEqual(1e-4 * maxAbs(c.grads.data));
    } finally {
      r.dispose();
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
