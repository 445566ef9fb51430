/**
 * Real graph models shipped in @vladmandic/human, loaded from node_modules with loadGraphModel:
 * emotion (mini-Xception, 64×64×1, 7 classes), antispoof (128×128×3, one sigmoid output) and
 * liveness (32×32×3, 2 classes).
 */
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cam, gradCam } from '../../src/index.js';
import type { CustomModel } from '../../src/core/customSplitModel.js';
import type { GraphModelLike } from '../../src/graph/graphModelLike.js';
import { loadGraphModel } from '../../src/node/loadGraphModel.js';
import { graphSplitModel } from '../../src/graph/graphSplitModel.js';
import { EMOTION_CLASSES, humanModelsDir } from '../fixtures/realModels.js';
import { graphReferenceGradCam } from '../helpers/graphReference.js';
import { argMaxRows, emotionInput, exampleImage, expectUsableMap, meanAbsDiff, perSample } from '../helpers/realImages.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';
import type { GraphModel } from '@tensorflow/tfjs-converter';

const P = 'StatefulPartitionedCall/model_1/';
const load = (name: string) => loadGraphModel(join(humanModelsDir(), `${name}.json`));

describe('emotion (mini-Xception graph model)', () => {
  let model: GraphModelLike;
  let faces: tf.Tensor4D; // smile, frown

  beforeAll(async () => {
    model = await load('emotion');
    faces = emotionInput([1, -1]);
  });
  afterAll(() => {
    model.dispose();
    faces.dispose();
  });

  it('reads the drawn faces as the model means them: the smile is "happy", the frown "sad"', () => {
    const p = tf.tidy(() => model.predict(faces) as tf.Tensor);
    expect(argMaxRows(p).map((c) => EMOTION_CLASSES[c])).toEqual(['happy', 'sad']);
    p.dispose();
  });

  it('automatic node: conv2d_5/BiasAdd, the last 4-D map (8×8×7) before global average pooling; its channels are the class maps, so Grad-CAM there is CAM: raw = A[..., c] / 64', () => {
    expect(graphSplitModel(model, 'test()').resolve(undefined, 'test()')).toBe(`${P}conv2d_5/BiasAdd`);
    const before = tf.memory().numTensors;
    const r = gradCam(model, faces, { relu: false, normalize: false, resize: false });
    expect(r.layerName).toBe(`${P}conv2d_5/BiasAdd`);
    expect(Array.from(r.classIndex.dataSync())).toEqual([3, 4]);
    const expected = tf.tidy(() => {
      const a = model.execute(faces, `${P}conv2d_5/BiasAdd`) as tf.Tensor4D;
      return tf.div(tf.concat([tf.slice(a, [0, 0, 0, 3], [1, 8, 8, 1]), tf.slice(a, [1, 0, 0, 4], [1, 8, 8, 1])]), 64);
    });
    expect(maxAbsDiff(r.raw.dataSync(), expected.dataSync())).toBeLessThan(1e-6 * Math.max(1, maxAbs(expected.dataSync())));
    expected.dispose();
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batch of 2 at the last residual block (add_2/add, 8×8×256): usable maps, arg-max classes, no tensor left', () => {
    const before = tf.memory().numTensors;
    const r = gradCam(model, faces, { layerName: 'add_2/add' });
    expect(r.heatmap.shape).toEqual([2, 64, 64]);
    expect(Array.from(r.classIndex.dataSync())).toEqual([3, 4]);
    perSample(r.heatmap).forEach(expectUsableMap);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('"happy" and "angry" on the same face give different maps (mean |Δ| > 0.05) at the automatic node and at add_2/add', () => {
    const smile = tf.tidy(() => tf.concat([tf.slice(faces, [0, 0, 0, 0], [1, 64, 64, 1]), tf.slice(faces, [0, 0, 0, 0], [1, 64, 64, 1])])) as tf.Tensor4D;
    for (const layerName of [undefined, 'add_2/add']) {
      const r = gradCam(model, smile, { classIndex: [3, 0], ...(layerName ? { layerName } : {}) });
      const [happy, angry] = perSample(r.heatmap);
      expectUsableMap(happy!);
      expectUsableMap(angry!);
      expect(meanAbsDiff(happy!, angry!)).toBeGreaterThan(0.05);
      r.dispose();
    }
    smile.dispose();
  });

  it('inside a residual block (block3_sepconv1_act/Relu: separable convolutions, 3×3 stride-2 max pooling, then the add that joins the skip around it) equals the autodiff reference', async () => {
    const node = `${P}block3_sepconv1_act/Relu`;
    const frown = tf.slice(faces, [1, 0, 0, 0], [1, 64, 64, 1]) as tf.Tensor4D;
    const r = gradCam(model, frown, { layerName: node, classIndex: 4 });
    const ref = await graphReferenceGradCam(model as unknown as GraphModel, frown, 'input_1', node, `${P}global_average_pooling2d_1/Mean`, [4], 7);
    frown.dispose();
    expect(maxAbsDiff(r.score.dataSync(), ref.scores)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref.scores)));
    expect(maxAbsDiff(r.raw.dataSync(), ref.raw)).toBeLessThanOrEqual(1e-4 * maxAbs(ref.raw) + 1e-6);
    expect(maxAbsDiff(r.heatmap.dataSync(), ref.heatmap)).toBeLessThan(1e-3);
    r.dispose();
  });
});

describe('antispoof and liveness (Sequential-style graph models)', () => {
  let antispoof: GraphModelLike;
  let liveness: GraphModelLike;
  beforeAll(async () => {
    [antispoof, liveness] = await Promise.all([load('antispoof'), load('liveness')]);
  });
  afterAll(() => {
    antispoof.dispose();
    liveness.dispose();
  });

  it('antispoof: automatic node activation_2/Relu (14×14×16, the last map before Flatten and the dense layers); the score is the logit before the final Sigmoid', async () => {
    const x = await exampleImage('circle-1.png', 128);
    const before = tf.memory().numTensors;
    const r = gradCam(antispoof, x);
    expect(r.layerName).toBe('StatefulPartitionedCall/sequential/activation_2/Relu');
    expect(r.raw.shape).toEqual([1, 14, 14]);
    const logit = tf.tidy(() => antispoof.execute(x, 'StatefulPartitionedCall/sequential/dense_1/BiasAdd') as tf.Tensor);
    expect(Math.abs(r.score.dataSync()[0]! - logit.dataSync()[0]!)).toBeLessThan(1e-4);
    logit.dispose();
    expectUsableMap(perSample(r.heatmap)[0]!);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('liveness: automatic node max_pooling2d_2/MaxPool (8×8×32, before Flatten); batch 2; the two classes give different maps', async () => {
    const a = await exampleImage('ring-1.png', 32);
    const b = await exampleImage('cross-2.png', 32);
    const x = tf.concat([a, a, b]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const r = gradCam(liveness, x, { classIndex: [0, 1, 0] });
    expect(r.layerName).toBe('StatefulPartitionedCall/sequential_1/max_pooling2d_2/MaxPool');
    const maps = perSample(r.heatmap);
    maps.forEach(expectUsableMap);
    expect(meanAbsDiff(maps[0]!, maps[1]!)).toBeGreaterThan(0.05);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b, x]);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'wasm')('faceres (three outputs) through a CustomModel', () => {
  const node = 'conv_pw_13_relu/clip_by_value';
  const AGE = 'age_pred/BiasAdd';
  let model: GraphModelLike;
  beforeAll(async () => {
    model = await load('faceres');
  });
  afterAll(() => model.dispose());

  it('the GraphModel itself is refused (three outputs), naming CustomModel', async () => {
    const x = await exampleImage('circle-2.png', 224);
    expect(() => gradCam(model, x)).toThrow(/has 1 inputs \(input_1\) and 3 outputs .*CustomModel/);
    x.dispose();
  });

  it('cut at its last map (7×7×1024) with the age logits as head: usable maps, equal to the autodiff reference, no tensor left', async () => {
    const custom: CustomModel = {
      name: node,
      features: (x) => model.execute(x, node) as tf.Tensor4D,
      head: (a) => model.execute({ [node]: a }, AGE) as tf.Tensor,
    };
    const [a, b] = await Promise.all([exampleImage('circle-2.png', 224), exampleImage('star-1.png', 224)]);
    const x = tf.concat([a!, b!]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const r = cam(custom, x, { method: 'grad-cam' });
    expect(r.layerName).toBe(node);
    expect(r.raw.shape).toEqual([2, 7, 7]);
    perSample(r.heatmap).forEach(expectUsableMap);
    const classes = Array.from(r.classIndex.dataSync());
    const ref = await graphReferenceGradCam(model as unknown as GraphModel, x, 'input_1', node, AGE, classes, 100);
    expect(maxAbsDiff(r.raw.dataSync(), ref.raw)).toBeLessThanOrEqual(1e-4 * maxAbs(ref.raw) + 1e-7);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a!, b!, x]);
  });
});
