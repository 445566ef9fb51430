// Cascading model-parameter randomisation: correlations, fixed class, and exact weight restoration.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCamMethod } from '../../src/core/defineCamMethod.js';
import { gradCamMethod } from '../../src/methods/gradCam.js';
import { rankCorrelation } from '../../src/metrics/rankCorrelation.js';
import { sanityCheck } from '../../src/metrics/sanityCheck.js';
import { randomInput, randomizeWeights, sequentialNet } from '../fixtures/models.js';
import { expectRejectsNoLeak } from '../helpers/tensorLeaks.js';

/** Every weight's values (copies) and the variables themselves. */
async function snapshot(model: tfl.LayersModel): Promise<{ values: Float32Array[]; vars: tf.Tensor[] }> {
  const vars = model.weights.map((w) => w.read());
  return { values: await Promise.all(vars.map(async (v) => Float32Array.from((await v.data()) as Float32Array))), vars };
}

async function expectSame(model: tfl.LayersModel, before: { values: Float32Array[]; vars: tf.Tensor[] }): Promise<void> {
  const after = await snapshot(model);
  expect(after.vars.length).toBe(before.vars.length);
  after.vars.forEach((v, i) => expect(v).toBe(before.vars[i]));
  // Bit-identical: compare the raw bits (NaN-safe, -0 aware).
  after.values.forEach((v, i) => expect(new Uint32Array(v.buffer)).toEqual(new Uint32Array(before.values[i]!.buffer)));
}

let model: tfl.LayersModel;
let x: tf.Tensor4D;

beforeAll(() => {
  model = sequentialNet(11).model;
  x = randomInput([2, 8, 8, 3], 5) as tf.Tensor4D;
});
afterAll(() => {
  model.dispose();
  x.dispose();
});

describe('sanityCheck', () => {
  it('randomises every weighted layer top-down, correlations fall, the model is restored bit for bit', async () => {
    const before = await snapshot(model);
    const tensors = tf.memory().numTensors;
    const r = await sanityCheck(model, x, { seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    await expectSame(model, before);
    expect(r.steps.map((s) => s.layer)).toEqual(['probs', 'c3', 'c2_fused_relu', 'bn1', 'c1']);
    expect(r.original).toHaveLength(2);
    expect(r.original[0]).toHaveLength(64);
    expect(r.classIndex).toHaveLength(2);
    for (const s of r.steps) {
      for (const c of [...s.correlation, ...s.rawCorrelation, ...s.rawAbsCorrelation]) {
        expect(c).toBeGreaterThanOrEqual(-1);
        expect(c).toBeLessThanOrEqual(1);
      }
    }
    // On this model a random head already flips the class weights: every step's map decorrelates
    // from the original (ReLU'd maps often become all zero: correlation 0), and so do the raw maps.
    for (const s of r.steps) for (const c of [...s.correlation, ...s.rawCorrelation]) expect(c).toBeLessThan(0.5);
    // The same seed gives the same numbers; the original maps are those of the unmodified model.
    const again = await sanityCheck(model, x, { seed: 1, layers: ['probs'] });
    expect(again.steps[0]).toEqual(r.steps[0]);
    expect(again.original).toEqual(r.original);
    await expectSame(model, before);
  });

  it('correlation 1 when the randomised layer has constant weights (std 0 keeps them); fixed class', async () => {
    // A fresh batch-norm layer: gamma 1, beta 0, moving mean 0, variance 1: every tensor is constant.
    const m = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', name: 'conv' }),
        tfl.layers.batchNormalization({ name: 'bn' }),
        tfl.layers.reLU({ name: 'relu' }),
        tfl.layers.globalAveragePooling2d({ name: 'gap' }),
        tfl.layers.dense({ units: 3, name: 'head' }),
      ],
    });
    randomizeWeights(m, 4);
    const bnWeights = m.getLayer('bn').getWeights();
    const fresh = [tf.onesLike(bnWeights[0]!), tf.zerosLike(bnWeights[1]!), tf.zerosLike(bnWeights[2]!), tf.onesLike(bnWeights[3]!)];
    m.getLayer('bn').setWeights(fresh);
    tf.dispose(fresh);
    const r = await sanityCheck(m, x, { layers: ['bn'], layerName: 'relu', classIndex: [2, 0] });
    expect(r.classIndex).toEqual([2, 0]);
    expect(r.steps[0]!.correlation).toEqual([1, 1]);
    expect(rankCorrelation(r.original[0]!, r.original[0]!)).toBe(1);
    m.dispose();
  });

  it('an injected failure mid-cascade restores the weights exactly and leaks nothing', async () => {
    const before = await snapshot(model);
    let calls = 0;
    const failing = defineCamMethod({
      name: 'fails-on-third-call',
      needsGradients: true,
      weights: (ctx) => {
        calls++;
        if (calls === 3) throw new Error('injected failure');
        return gradCamMethod.weights(ctx);
      },
    });
    const tensors = tf.memory().numTensors;
    await expect(sanityCheck(model, x, { method: failing, seed: 2 })).rejects.toThrow('injected failure');
    expect(calls).toBe(3);
    expect(tf.memory().numTensors).toBe(tensors);
    await expectSame(model, before);
  });

  it('bad options → CamError, model untouched, no leak', async () => {
    const before = await snapshot(model);
    await expectRejectsNoLeak(() => sanityCheck(model, x, { layers: ['nope'] }), 'LAYER_NOT_FOUND', /sanityCheck\(\): layers entry "nope" is not a layer with weights; layers with weights: c1, bn1/);
    await expectRejectsNoLeak(() => sanityCheck(model, x, { seed: 1.5 }), 'INVALID_OPTION', /seed must be an integer/);
    await expectRejectsNoLeak(() => sanityCheck(model, x, { method: 'nope' as never }), 'INVALID_OPTION', /sanityCheck\(\): .*not a built-in method/);
    await expectRejectsNoLeak(() => sanityCheck({} as never, x), 'INVALID_MODEL', /sanityCheck\(\): model must be/);
    await expectRejectsNoLeak(() => sanityCheck(model, x, { classIndex: 9 }), 'INVALID_CLASS', /classIndex 9/);
    await expectSame(model, before);
  });
});
