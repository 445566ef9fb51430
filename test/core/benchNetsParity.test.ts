import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { gradCam } from '../../src/index.js';
import { mobileNetV2Blocks, mobileNetV2Like, resNet18Blocks, resNet18Like } from '../../bench/nets.js';
import { randomInput } from '../fixtures/models.js';
import { maxAbs, maxAbsDiff, onCpu, referenceGradCam } from '../helpers/reference.js';

/**
 * Full-size topologies (MobileNetV2: depthwise stride 2, BN, ReLU6, residual adds; ResNet-18:
 * 7×7/2 stem, overlapping 3×3/2 max pool, projection shortcuts) at small sizes: every gradient-friendly
 * layer chained, on the current backend, against the probe reference on cpu.
 */
describe.each([
  ['MobileNetV2', 64, (size: number) => mobileNetV2Like(size, 10), mobileNetV2Blocks],
  ['ResNet-18', 32, (size: number) => resNet18Like(size, 10), resNet18Blocks],
] as const)('%s-shaped net at %i px square matches the probe reference', (_name, size, make, blocks) => {
  const model = make(size);
  afterAll(() => model.dispose());
  it.each(['middle', 'early'] as const)('%s block, batch 2', async (block) => {
    const layerName = blocks[block];
    const x = randomInput([2, size, size, 3], 41);
    const ref = await onCpu(() => referenceGradCam(model, x, layerName, [3, 7]));
    const before = tf.memory().numTensors;
    const r = gradCam(model, x, { layerName, classIndex: [3, 7] });
    expect(maxAbsDiff(r.score.dataSync(), ref.scores)).toBeLessThan(1e-3 * Math.max(1, maxAbs(ref.scores)));
    expect(maxAbsDiff(r.raw.dataSync(), ref.raw)).toBeLessThan(1e-3 * maxAbs(ref.raw));
    expect(maxAbsDiff(r.heatmap.dataSync(), ref.heatmap)).toBeLessThan(2e-3);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  }, 120_000);
});
