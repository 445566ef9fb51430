import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cam, camMethodNames, gradCam } from '../../src/index.js';
import { isCustomModel, type CustomModel } from '../../src/core/customSplitModel.js';
import { nestedFunctionalNet, randomInput, type ZooModel } from '../fixtures/models.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';

let net: ZooModel;
let custom: CustomModel;
let x: tf.Tensor4D;

/** The nested functional net cut by hand at its base: features = the base, head = conv, GAP and logits. */
function cutAtBase(model: tfl.LayersModel): CustomModel {
  const base = model.getLayer('fbase');
  const rest = ['head_conv', 'gap', 'logits'].map((n) => model.getLayer(n));
  return {
    name: 'base',
    features: (input) => base.apply(input, { training: false }) as tf.Tensor4D,
    head: (a) => rest.reduce<tf.Tensor>((t, layer) => layer.apply(t, { training: false }) as tf.Tensor, a),
  };
}

beforeAll(() => {
  net = nestedFunctionalNet();
  custom = cutAtBase(net.model);
  x = randomInput([2, 16, 16, 3], 5) as tf.Tensor4D;
});
afterAll(() => {
  net.model.dispose();
  x.dispose();
});

describe('CustomModel: every method equals the same method on the layers model it was cut from', () => {
  it.each([...camMethodNames])('%s', (method) => {
    const before = tf.memory().numTensors;
    const expected = cam(net.model, x, { method, layerName: 'fbase/fb_relu', batchSize: 4 });
    const got = cam(custom, x, { method, batchSize: 4 });
    expect(got.layerName).toBe('base');
    expect(got.method).toBe(expected.method);
    expect(Array.from(got.classIndex.dataSync())).toEqual(Array.from(expected.classIndex.dataSync()));
    expect(maxAbsDiff(got.score.dataSync(), expected.score.dataSync())).toBeLessThan(1e-4 * Math.max(1, maxAbs(expected.score.dataSync())));
    expect(got.raw.shape).toEqual(expected.raw.shape);
    expect(maxAbsDiff(got.raw.dataSync(), expected.raw.dataSync())).toBeLessThanOrEqual(1e-4 * maxAbs(expected.raw.dataSync()) + 1e-6);
    expect(maxAbsDiff(got.heatmap.dataSync(), expected.heatmap.dataSync())).toBeLessThan(1e-3);
    expected.dispose();
    got.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('CustomModel: closed form and ownership', () => {
  it('features = the input itself, head = the spatial mean: Grad-CAM raw map = x[..., c] / (H·W); the input survives', () => {
    const identity: CustomModel = { features: (input) => input, head: (a) => tf.mean(a, [1, 2]) };
    const [expectedRaw, means] = tf.tidy(() => [
      tf.reshape(tf.div(tf.concat([tf.slice(x, [0, 0, 0, 2], [1, 16, 16, 1]), tf.slice(x, [1, 0, 0, 0], [1, 16, 16, 1])]), 256), [2, 16, 16]),
      tf.mean(x, [1, 2]),
    ]);
    const expectedScores = [means!.dataSync()[2]!, means!.dataSync()[3]!];
    const before = tf.memory().numTensors;
    const r = gradCam(identity, x, { classIndex: [2, 0], resize: false, relu: false, normalize: false });
    expect(r.layerName).toBe('features');
    expect(maxAbsDiff(r.raw.dataSync(), expectedRaw!.dataSync())).toBeLessThan(1e-7);
    expect(maxAbsDiff(r.score.dataSync(), expectedScores)).toBeLessThan(1e-6);
    r.dispose();
    expect(x.isDisposed).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([expectedRaw!, means!]);
  });

  it('ignores the logits option (the head is explained as returned)', () => {
    const a = gradCam(custom, x, { logits: true });
    const b = gradCam(custom, x, { logits: false });
    expect(maxAbsDiff(a.raw.dataSync(), b.raw.dataSync())).toBe(0);
    a.dispose();
    b.dispose();
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('CustomModel: recognising and refusing', () => {
  it('isCustomModel: an object with features and head functions', () => {
    expect(isCustomModel(custom)).toBe(true);
    expect(isCustomModel({ features: () => null })).toBe(false);
    expect(isCustomModel({ features: 1, head: () => null })).toBe(false);
    expect(isCustomModel(null)).toBe(false);
  });

  it('LAYER_NOT_FOUND for a layerName other than its name; INVALID_MODEL for bad features, head output or name', () => {
    expectCamErrorNoLeak(() => gradCam(custom, x, { layerName: 'conv9' }), 'LAYER_NOT_FOUND', /^gradCam\(\): layerName "conv9" does not name the custom model's feature map, which is "base"/);
    const flat: CustomModel = { features: (input) => tf.mean(input, 3) as unknown as tf.Tensor4D, head: (a) => a };
    expectCamErrorNoLeak(() => gradCam(flat, x), 'INVALID_MODEL', /features\(x\) must return a float32 Tensor4D \[2,h,w,K\] for an input of 2 samples, returned a float32 tensor of shape \[2,16,16\]/);
    const oneRow: CustomModel = { features: (input) => input, head: (a) => tf.slice(tf.mean(a, [1, 2]), [0, 0], [1, 3]) };
    expectCamErrorNoLeak(() => gradCam(oneRow, x), 'INVALID_MODEL', /head\(a\) must return a tensor with one row per row of a \(2\), returned shape \[1,3\]/);
    expectCamErrorNoLeak(() => gradCam({ ...custom, name: '' }, x), 'INVALID_MODEL', /name must be a non-empty string/);
  });

  it('a head that cannot be differentiated (read on the host) is reported as not connected', () => {
    const host: CustomModel = { features: (input) => input, head: (a) => tf.tensor2d(tf.mean(a, [1, 2]).arraySync() as number[][]) };
    expectCamErrorNoLeak(() => gradCam(host, x), 'LAYER_NOT_CONNECTED', /score does not depend on layer "features"/);
  });
});
