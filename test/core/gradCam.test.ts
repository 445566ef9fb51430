import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '../../src/index.js';
import { zoo, randomInput, type ZooModel } from '../fixtures/models.js';
import { maxAbs, maxAbsDiff, onCpu, referenceGradCam, type ReferenceCam } from '../helpers/reference.js';

const models = Object.entries(zoo) as Array<[string, () => ZooModel]>;

describe.each(models)('gradCam on the %s model', (_name, make) => {
  let net: ZooModel;
  beforeAll(() => {
    net = make();
  });
  afterAll(() => net.model.dispose());

  const cases: Array<[string, number, 'default' | 'fixed']> = [];
  for (const t of [0, 1, 2]) for (const batch of [1, 2]) for (const cls of ['default', 'fixed'] as const) cases.push([`target#${t}`, batch, cls]);

  it.each(cases)('%s, batch %i, %s class: matches the probe reference', async (targetKey, batch, cls) => {
    const layerPath = net.targets[Number(targetKey.slice(7))]!;
    const x = randomInput([batch, ...net.inputShape], 100 + batch);
    const classes = cls === 'fixed' ? Array.from({ length: batch }, (_, i) => (i + 1) % net.classes) : null;
    const ref: ReferenceCam = await onCpu(() => referenceGradCam(net.model, x, layerPath, classes));
    const before = tf.memory().numTensors;
    const result = gradCam(net.model, x, { layerName: layerPath, ...(classes ? { classIndex: classes } : {}) });
    expect(tf.memory().numTensors - before).toBe(4);
    expect(result.layerName.endsWith(layerPath.split('/').pop()!)).toBe(true);
    expect(result.method).toBe('grad-cam');
    const [, h, w] = ref.shape;
    expect(result.raw.shape).toEqual([batch, h, w]);
    expect(result.heatmap.shape).toEqual([batch, net.inputShape[0], net.inputShape[1]]);
    expect(Array.from(result.classIndex.dataSync())).toEqual(ref.classes);
    expect(result.classIndex.dtype).toBe('int32');
    expect(maxAbsDiff(result.score.dataSync(), ref.scores)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref.scores)));
    expect(maxAbsDiff(result.raw.dataSync(), ref.raw)).toBeLessThanOrEqual(1e-4 * maxAbs(ref.raw) + 1e-7);
    expect(maxAbsDiff(result.heatmap.dataSync(), ref.heatmap)).toBeLessThan(5e-4);
    const hm = result.heatmap.dataSync();
    expect(Math.min(...hm)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...hm)).toBeLessThanOrEqual(1);
    result.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before - 1);
  });

  it('picks the last spatial layer by default and leaves the model unchanged', () => {
    const x = randomInput([1, ...net.inputShape], 7);
    const before = tf.memory().numTensors;
    const probsBefore = tf.tidy(() => (net.model.predict(x) as tf.Tensor).dataSync());
    const result = gradCam(net.model, x);
    expect(result.layerName).toBe(net.targets[0]);
    result.dispose();
    const probsAfter = tf.tidy(() => (net.model.predict(x) as tf.Tensor).dataSync());
    expect(Array.from(probsAfter)).toEqual(Array.from(probsBefore));
    for (const layer of net.model.layers) expect(Object.prototype.hasOwnProperty.call(layer, 'call')).toBe(false);
    tf.dispose(x);
    expect(tf.memory().numTensors).toBe(before - 1);
  });
});
