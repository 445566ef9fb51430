// Parity with pytorch-grad-cam on the exported fixture models (test/fixtures/parity, written by
// tools/parity/generate.py): first the export itself (tfjs predict = PyTorch outputs), then gradCam.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '../../src/methods/gradCam.js';
import { loadParityModel, parityCases, parityInput, parityLogits, parityModelNames, parityOutputs } from '../helpers/parityFixtures.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';

const models = new Map<string, LayersModel>();
beforeAll(async () => {
  for (const name of parityModelNames()) models.set(name, await loadParityModel(name));
});
afterAll(() => {
  for (const m of models.values()) m.dispose();
});

describe('parity fixtures: the exported tfjs models', () => {
  it('has the three models, each with single-layer GradCAM cases for both target layers and both class modes', () => {
    expect(parityModelNames()).toEqual(['seq', 'dag', 'nested']);
    for (const name of parityModelNames()) {
      const gc = parityCases(name).filter((c) => c.method === 'GradCAM' && c.layerNames.length === 1 && !c.options.eigenSmooth && !c.options.augSmooth);
      expect(gc.length).toBe(4);
      expect(new Set(gc.map((c) => c.layerNames[0])).size).toBe(2);
      // The fixed input gives a different arg-max class per sample, and differs from the fixed classes.
      const logits = parityLogits(name);
      const [b, k] = logits.shape as [number, number];
      const argmax = Array.from({ length: b }, (_, i) => {
        const row = Array.from(logits.data.subarray(i * k, (i + 1) * k));
        return row.indexOf(Math.max(...row));
      });
      expect(new Set(argmax).size).toBe(b);
      expect(gc.find((c) => c.classIndex === null)!.classes).toEqual(argmax);
    }
  });

  it.each(['seq', 'dag', 'nested'])('%s: tfjs predict reproduces the PyTorch outputs', (name) => {
    const model = models.get(name)!;
    const input = parityInput(name);
    const expected = parityOutputs(name);
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => (model.predict(tf.tensor(input.data, input.shape)) as tf.Tensor).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(model.outputs[0]!.shape)).toEqual([null, expected.shape[1]]);
    expect(maxAbsDiff(got, expected.data)).toBeLessThanOrEqual(1e-4 * maxAbs(expected.data));
  });
});

describe('parity with pytorch-grad-cam: gradCam', () => {
  const cases = parityCases().filter(
    (c) => c.method === 'GradCAM' && c.layerNames.length === 1 && !c.options.eigenSmooth && !c.options.augSmooth,
  );

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const model = models.get(c.model)!;
    const logits = parityLogits(c.model);
    const before = tf.memory().numTensors;
    const x = tf.tensor(c.input.data, c.input.shape);
    const result = gradCam(model, x, { layerName: c.layerNames[0]!, ...(c.classIndex ? { classIndex: c.classIndex } : {}) });
    try {
      const raw = c.raw[0]!;
      expect(result.raw.shape).toEqual(raw.shape);
      expect(result.heatmap.shape).toEqual(c.final.shape);
      expect(Array.from(result.classIndex.dataSync())).toEqual(c.classes);
      // The explained score is the logit (nested: the softmax is stripped, as PGC ran without it).
      expect(maxAbsDiff(result.score.dataSync(), c.scores)).toBeLessThanOrEqual(1e-4 * maxAbs(logits.data));
      expect(maxAbsDiff(result.raw.dataSync(), raw.data)).toBeLessThanOrEqual(1e-4 * maxAbs(raw.data));
      expect(maxAbsDiff(result.heatmap.dataSync(), c.final.data)).toBeLessThanOrEqual(5e-4);
    } finally {
      result.dispose();
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
