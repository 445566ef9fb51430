// Guided backpropagation on a model that has never run: a Sequential loaded from JSON lists its
// output layer only once it has run, and the first call must still strip the output's softmax.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { guidedBackprop } from '../../src/index.js';
import { loadParityModel, parityGuidedCases, parityModelInfo } from '../helpers/parityFixtures.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';

describe('guidedBackprop on a freshly loaded model (first call)', () => {
  it.each(parityGuidedCases('nested').map((c) => [c.id, c] as const))('%s: the first call matches pytorch-grad-cam (logits, not the softmax)', async (_id, c) => {
    expect(parityModelInfo('nested').outputIsSoftmax).toBe(true); // there is a softmax to strip
    const model = await loadParityModel('nested');
    try {
      const before = tf.memory().numTensors;
      const x = tf.tensor(c.input.data, c.input.shape);
      const r = guidedBackprop(model, x, c.classIndex ? { classIndex: c.classIndex } : {});
      try {
        expect(Array.from(r.classIndex.dataSync())).toEqual(c.classes);
        expect(maxAbsDiff(r.gradients.dataSync(), c.grads.data)).toBeLessThanOrEqual(1e-4 * maxAbs(c.grads.data));
      } finally {
        r.dispose();
        x.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});
