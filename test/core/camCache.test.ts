import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { CamCache, gradCam } from '../../src/index.js';
import { dagNet, nestedFunctionalNet, randomInput, randomizeWeights } from '../fixtures/models.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';
import { maxAbsDiff } from '../helpers/reference.js';

describe('CamCache', () => {
  it.each([
    ['dag', dagNet, 'post'],
    ['nestedFunctional (separable conv)', nestedFunctionalNet, 'fbase/fb_conv1'],
  ] as const)('%s: cached calls equal uncached ones, the cache holds the only extra tensors', (_n, make, layerName) => {
    const net = make();
    const x = randomInput([2, ...net.inputShape], 31);
    const plain = gradCam(net.model, x, { layerName });
    const cache = new CamCache();
    const before = tf.memory().numTensors;
    const first = gradCam(net.model, x, { layerName, cache });
    const held = cache.numTensors;
    expect(held).toBeGreaterThan(0);
    expect(tf.memory().numTensors - before).toBe(4 + held);
    const second = gradCam(net.model, x, { layerName, cache });
    expect(cache.numTensors).toBe(held);
    for (const r of [first, second]) {
      expect(maxAbsDiff(r.raw.dataSync(), plain.raw.dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(r.heatmap.dataSync(), plain.heatmap.dataSync())).toBeLessThan(1e-5);
    }
    first.dispose();
    second.dispose();
    cache.dispose();
    expect(cache.numTensors).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    plain.dispose();
    x.dispose();
    net.model.dispose();
  });

  it('rebuilds derived filters after the weights change', () => {
    const net = dagNet();
    const x = randomInput([1, ...net.inputShape], 32);
    const cache = new CamCache();
    gradCam(net.model, x, { layerName: 'post', cache }).dispose();
    const held = cache.numTensors;
    randomizeWeights(net.model, 99); // new weights through setWeights
    const fresh = gradCam(net.model, x, { layerName: 'post' });
    const cached = gradCam(net.model, x, { layerName: 'post', cache });
    expect(maxAbsDiff(cached.raw.dataSync(), fresh.raw.dataSync())).toBeLessThan(1e-5);
    expect(cache.numTensors).toBe(held);
    tf.dispose([fresh.raw, fresh.heatmap, fresh.score, fresh.classIndex]);
    cached.dispose();
    cache.dispose();
    x.dispose();
    net.model.dispose();
  });

  it('a non-cache is refused', () => {
    const net = dagNet();
    const x = randomInput([1, ...net.inputShape], 33);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { cache: {} as CamCache }), 'INVALID_OPTION', /cache must be a CamCache/);
    x.dispose();
    net.model.dispose();
  });
});
