/**
 * nsfwjs's MobileNetV2 (tfjs-layers, Keras 2.2.4 `Model`, 224×224, uint8-quantized weights),
 * decoded from the package's .min.js bundles.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, listCandidateLayers } from '../../src/index.js';
import { loadNsfwLayersModel } from '../fixtures/realModels.js';
import { argMaxRows, exampleImage, expectUsableMap, meanAbsDiff, perSample } from '../helpers/realImages.js';

let model: tfl.LayersModel;
let x: tf.Tensor4D; // star, circle

beforeAll(async () => {
  model = await loadNsfwLayersModel('mobilenet_v2');
  const [star, circle] = await Promise.all([exampleImage('star-1.png', 224), exampleImage('circle-1.png', 224)]);
  x = tf.concat([star!, circle!]) as tf.Tensor4D;
  tf.dispose([star!, circle!]);
});
afterAll(() => {
  model.dispose();
  x.dispose();
});

describe('nsfwjs MobileNetV2 (layers model)', () => {
  it('automatic layer: out_relu (7×7×1280), the last 4-D map: the next layer, AveragePooling2D 7×7, reduces it to 1×1 before Flatten and three Dense layers', () => {
    const candidates = listCandidateLayers(model);
    expect(candidates.at(-1)).toEqual({ path: 'out_relu', className: 'ReLU', outputShape: [null, 7, 7, 1280], isDefault: true });
    expect(model.getLayer('average_pooling2d_1').outputShape).toEqual([null, 1, 1, 1280]);
  });

  it('batch of 2 images: explains out_relu, arg-max classes, usable maps, no tensor left', () => {
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor);
    const classes = argMaxRows(probs);
    probs.dispose();
    const before = tf.memory().numTensors;
    const r = gradCam(model, x);
    expect(r.layerName).toBe('out_relu');
    expect(r.raw.shape).toEqual([2, 7, 7]);
    expect(r.heatmap.shape).toEqual([2, 224, 224]);
    expect(Array.from(r.classIndex.dataSync())).toEqual(classes);
    perSample(r.heatmap).forEach(expectUsableMap);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('two classes on the same image (its top class and "Drawing") give different maps', () => {
    const star = tf.tidy(() => tf.concat([tf.slice(x, [0, 0, 0, 0], [1, 224, 224, 3]), tf.slice(x, [0, 0, 0, 0], [1, 224, 224, 3])])) as tf.Tensor4D;
    const top = tf.tidy(() => tf.argMax(model.predict(tf.slice(star, [0, 0, 0, 0], [1, 224, 224, 3])) as tf.Tensor, 1));
    const c = top.dataSync()[0]!;
    top.dispose();
    const other = c === 0 ? 2 : 0;
    const r = gradCam(model, star, { classIndex: [c, other] });
    const [a, b] = perSample(r.heatmap);
    expectUsableMap(a!);
    expectUsableMap(b!);
    expect(meanAbsDiff(a!, b!)).toBeGreaterThan(0.05);
    r.dispose();
    star.dispose();
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'wasm')('nsfwjs MobileNetV2: a middle block', () => {
  it('block_8_add (14×14×64, a residual add) gives usable maps and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const r = gradCam(model, x, { layerName: 'block_8_add' });
    expect(r.raw.shape).toEqual([2, 14, 14]);
    perSample(r.heatmap).forEach(expectUsableMap);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
