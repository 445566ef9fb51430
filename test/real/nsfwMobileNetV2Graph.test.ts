/**
 * nsfwjs's "mid" model: a MobileNetV2 (width 1.4, 224×224) from TF Hub under a Dense classifier,
 * converted to a tfjs graph model (fused convolutions and depthwise convolutions, residual adds).
 * wasm only: the cpu backend needs seconds per pass at 224×224, and nsfwMobileNetV2.test.ts already
 * runs a 224×224 MobileNetV2 there.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '../../src/index.js';
import { graphSplitModel } from '../../src/graph/graphSplitModel.js';
import { loadNsfwGraphModel } from '../fixtures/realModels.js';
import { graphReferenceGradCam } from '../helpers/graphReference.js';
import { argMaxRows, exampleImage, expectUsableMap, meanAbsDiff, perSample } from '../helpers/realImages.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';

const NET = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/';
const LOGITS = 'StatefulPartitionedCall/sequential/dense/BiasAdd';

let model: GraphModel;
let x: tf.Tensor4D; // star, circle

const onWasm = process.env.TFJS_BACKEND === 'wasm';

beforeAll(async () => {
  if (!onWasm) return;
  model = await loadNsfwGraphModel();
  const [star, circle] = await Promise.all([exampleImage('star-1.png', 224), exampleImage('circle-1.png', 224)]);
  x = tf.concat([star!, circle!]) as tf.Tensor4D;
  tf.dispose([star!, circle!]);
});
afterAll(() => {
  if (!onWasm) return;
  model.dispose();
  x.dispose();
});

describe.runIf(onWasm)('nsfwjs MobileNetV2 (graph model)', () => {
  it('automatic node: MobilenetV2/Conv_1/Relu6 (7×7×1792), the last convolution before Logits/AvgPool and the Dense classifier', () => {
    const sm = graphSplitModel(model, 'test()');
    expect(sm.resolve(undefined, 'test()')).toBe(`${NET}Conv_1/Relu6`);
    expect(sm.candidates().at(-1)).toEqual({ name: `${NET}Conv_1/Relu6`, shape: [null, 7, 7, 1792] });
    expect(sm.outputShape).toEqual([null, 5]);
  });

  it('batch of 2 images: arg-max classes, usable maps, no tensor left; two classes on one image differ', () => {
    const probs = tf.tidy(() => model.predict(x) as tf.Tensor);
    const classes = argMaxRows(probs);
    probs.dispose();
    const before = tf.memory().numTensors;
    const r = gradCam(model, x);
    expect(r.layerName).toBe(`${NET}Conv_1/Relu6`);
    expect(r.heatmap.shape).toEqual([2, 224, 224]);
    expect(Array.from(r.classIndex.dataSync())).toEqual(classes);
    perSample(r.heatmap).forEach(expectUsableMap);
    r.dispose();
    const star = tf.tidy(() => tf.concat([tf.slice(x, [0, 0, 0, 0], [1, 224, 224, 3]), tf.slice(x, [0, 0, 0, 0], [1, 224, 224, 3])])) as tf.Tensor4D;
    const c = classes[0]!;
    const two = gradCam(model, star, { classIndex: [c, c === 0 ? 2 : 0] });
    const [a, b] = perSample(two.heatmap);
    expectUsableMap(a!);
    expectUsableMap(b!);
    expect(meanAbsDiff(a!, b!)).toBeGreaterThan(0.05);
    two.dispose();
    star.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.runIf(onWasm)('nsfwjs MobileNetV2 (graph model): a middle block', () => {
  it('at the residual add of block 15 (7×7×224; fused depthwise, fused convolutions with and without ReLU6, AvgPool, Squeeze, fused MatMul after it) equals tfjs autodiff of the converter on cpu', async () => {
    const star = tf.slice(x, [0, 0, 0, 0], [1, 224, 224, 3]) as tf.Tensor4D;
    const node = `${NET}expanded_conv_15/add`;
    const r = gradCam(model, star, { layerName: 'expanded_conv_15/add', classIndex: 2 });
    expect(r.layerName).toBe(node);
    const ref = await graphReferenceGradCam(model, star, 'input', node, LOGITS, [2], 5);
    expect(maxAbsDiff(r.score.dataSync(), ref.scores)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref.scores)));
    expect(maxAbsDiff(r.raw.dataSync(), ref.raw)).toBeLessThanOrEqual(1e-3 * maxAbs(ref.raw));
    expect(maxAbsDiff(r.heatmap.dataSync(), ref.heatmap)).toBeLessThan(2e-3);
    r.dispose();
    star.dispose();
  });
});
