// Smoke test of the benchmark networks at the bench's --quick size (96×96): they build with the
// reference parameter counts, their benchmark blocks resolve, and Grad-CAM runs on them without leaking.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, listCandidateLayers } from '../../src/index.js';
import { mobileNetV2Blocks, mobileNetV2Like, resNet18Blocks, resNet18Like, type BenchBlocks } from '../../bench/nets.js';

const QUICK = 96;

interface NetCase {
  make: (size: number) => tfl.LayersModel;
  blocks: BenchBlocks;
  /** Keras `MobileNetV2(alpha=1.0, weights=None)` / torchvision `resnet18()`: total and trainable parameters. */
  params: { total: number; trainable: number };
  /** Output shapes of the last, middle and early blocks at 96×96. */
  shapes: Record<keyof BenchBlocks, number[]>;
  counts: Record<string, number>;
}

const nets: Array<[string, NetCase]> = [
  [
    'mobileNetV2Like',
    {
      make: (s) => mobileNetV2Like(s),
      blocks: mobileNetV2Blocks,
      // Keras reports 3,538,984 total, 34,112 of them BN moving statistics.
      params: { total: 3_538_984, trainable: 3_504_872 },
      shapes: { last: [3, 3, 1280], middle: [6, 6, 64], early: [24, 24, 24] },
      // 17 inverted-residual blocks (one depthwise each), 10 of them residual; 35 convs in all.
      counts: { DepthwiseConv2D: 17, Add: 10, Conv2D: 35, BatchNormalization: 52, ReLU: 35 },
    },
  ],
  [
    'resNet18Like',
    {
      make: (s) => resNet18Like(s),
      blocks: resNet18Blocks,
      // torchvision's resnet18 has 11,689,512 parameters; Keras also counts 2 × 4,800 BN moving statistics.
      params: { total: 11_699_112, trainable: 11_689_512 },
      shapes: { last: [3, 3, 512], middle: [6, 6, 256], early: [24, 24, 64] },
      // stem + 16 block convs + 3 projection shortcuts; 8 BasicBlocks.
      counts: { Conv2D: 20, Add: 8, BatchNormalization: 20, MaxPooling2D: 1 },
    },
  ],
];

describe.each(nets)('%s', (_name, net) => {
  let model: tfl.LayersModel;
  let tensorsBeforeBuild: number;
  beforeAll(() => {
    tensorsBeforeBuild = tf.memory().numTensors;
    model = net.make(QUICK);
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBeforeBuild);
  });

  it('has the reference topology: parameter counts, layer counts, input and output shapes', () => {
    expect(model.countParams()).toBe(net.params.total);
    const trainable = model.trainableWeights.reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
    expect(trainable).toBe(net.params.trainable);
    const counts = new Map<string, number>();
    for (const l of model.layers) counts.set(l.getClassName(), (counts.get(l.getClassName()) ?? 0) + 1);
    for (const [cls, n] of Object.entries(net.counts)) expect([cls, counts.get(cls)]).toEqual([cls, n]);
    expect(model.inputs[0]!.shape).toEqual([null, QUICK, QUICK, 3]);
    expect(model.outputs[0]!.shape).toEqual([null, 1000]);
  });

  it('resolves the benchmark blocks through listCandidateLayers, last block = the default layer', () => {
    const candidates = listCandidateLayers(model);
    for (const key of ['last', 'middle', 'early'] as const) {
      const found = candidates.find((c) => c.path === net.blocks[key]);
      expect(found?.outputShape).toEqual([null, ...net.shapes[key]]);
    }
    expect(candidates.at(-1)!.path).toBe(net.blocks.last);
  });

  it('rejects sizes the nets cannot downsample', () => {
    expect(() => net.make(100)).toThrow(/multiple of 32/);
  });

  it('runs gradCam at the middle block at 96×96 without leaking', async () => {
    const x = tf.randomUniform([1, QUICK, QUICK, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const probs = model.predict(x) as tf.Tensor2D;
    const argmax = tf.argMax(probs, 1);
    const expectedClass = (await argmax.data())[0]!;
    tf.dispose([probs, argmax]);
    const before = tf.memory().numTensors;
    const result = gradCam(model, x, { layerName: net.blocks.middle });
    expect(tf.memory().numTensors - before).toBe(4);
    const [h, w] = net.shapes.middle;
    expect(result.raw.shape).toEqual([1, h, w]);
    expect(result.heatmap.shape).toEqual([1, QUICK, QUICK]);
    // Random weights must still give a usable signal (vanishing activations would give a ~0 logit).
    expect(Math.abs((await result.score.data())[0]!)).toBeGreaterThan(0.1);
    expect((await result.classIndex.data())[0]).toBe(expectedClass);
    const hm = await result.heatmap.data();
    let min = Infinity;
    let max = -Infinity;
    for (const v of hm) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeCloseTo(1, 5);
    result.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
