/**
 * nsfwjs's InceptionV3 (tfjs-layers, Keras 2.2.4 `Model`, 299×299, 22 MB of uint8-quantized
 * weights in six base64 shards). wasm only: on the cpu backend one forward pass takes tens of
 * seconds.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, listCandidateLayers } from '../../src/index.js';
import { loadNsfwLayersModel } from '../fixtures/realModels.js';
import { argMaxRows, exampleImage, expectUsableMap, meanAbsDiff, perSample } from '../helpers/realImages.js';

describe.runIf(process.env.TFJS_BACKEND === 'wasm')('nsfwjs InceptionV3 (layers model)', () => {
  let model: tfl.LayersModel;
  let x: tf.Tensor4D; // star, star, ring

  beforeAll(async () => {
    model = await loadNsfwLayersModel('inception_v3');
    const [star, ring] = await Promise.all([exampleImage('star-1.png', 299), exampleImage('ring-2.png', 299)]);
    x = tf.concat([star!, star!, ring!]) as tf.Tensor4D;
    tf.dispose([star!, ring!]);
  }, 120_000);
  afterAll(() => {
    model.dispose();
    x.dispose();
  });

  it('automatic layer: mixed10 (8×8×2048), the last Inception block (a Concatenate of four branches), before global average pooling', () => {
    const last = listCandidateLayers(model).at(-1)!;
    expect(last).toEqual({ path: 'mixed10', className: 'Concatenate', outputShape: [null, 8, 8, 2048], isDefault: true });
  });

  it('batch of 3 (the star twice, top class and another; a ring): usable maps, the classes differ in their maps, no tensor left', () => {
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor);
    const [top, , ringTop] = argMaxRows(probs);
    probs.dispose();
    const other = top === 0 ? 2 : 0;
    const before = tf.memory().numTensors;
    const r = gradCam(model, x, { classIndex: [top!, other, ringTop!] });
    expect(r.layerName).toBe('mixed10');
    expect(r.heatmap.shape).toEqual([3, 299, 299]);
    const maps = perSample(r.heatmap);
    maps.forEach(expectUsableMap);
    expect(meanAbsDiff(maps[0]!, maps[1]!)).toBeGreaterThan(0.05);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
