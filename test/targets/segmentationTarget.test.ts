import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { cam, gradCam } from '../../src/index.js';
import { segmentationTarget } from '../../src/targets/segmentationTarget.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

/**
 * A per-pixel "segmentation" net with a closed form: A = [x, 2x] (1×1 conv 'feat', no bias), then a
 * 1×1 conv 'seg' to 3 classes with kernel V (2×3), no bias, softmax. The logits are
 * O[y,x,c] = v_c·x[y,x] with v_c = V0c + 2·V1c, so for a mask M the score of class c is
 * Σ M·x·v_c, its gradient is ∂score/∂A_k = M·V_kc, the HiResCAM raw map is Σ_k M·V_kc·A_k = M·v_c·x
 * and the Grad-CAM raw map is mean(M)·v_c·x.
 */
const V = [
  [0.5, -1, 0.25],
  [1.5, 0.5, -0.75],
];
const v = (c: number): number => V[0]![c]! + 2 * V[1]![c]!;
function segNet(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 1, useBias: false, name: 'feat' }),
      tfl.layers.conv2d({ filters: 3, kernelSize: 1, useBias: false, activation: 'softmax', name: 'seg' }),
    ],
  });
  model.getLayer('feat').setWeights([tf.tensor4d([1, 2], [1, 1, 1, 2])]);
  model.getLayer('seg').setWeights([tf.tensor4d(V.flat(), [1, 1, 2, 3])]);
  return model;
}
const X0 = Array.from({ length: 16 }, (_, i) => (i % 5) - 1);
const X1 = Array.from({ length: 16 }, (_, i) => ((i * 3) % 7) / 3 - 0.5);
const M0: number[] = Array.from({ length: 16 }, (_, i) => (i % 4 < 2 && i < 8 ? 1 : 0)); // the left half of the top two rows
const M1: number[] = Array.from({ length: 16 }, (_, i) => (i >= 10 ? 0.5 : 0));

describe('segmentationTarget', () => {
  const model = segNet();
  const x = tf.tensor4d([...X0, ...X1], [2, 4, 4, 1]);
  afterAll(() => {
    x.dispose();
    model.dispose();
  });

  it('sums the class channel over the mask (closed form), leak-free', () => {
    const out = tf.tensor4d(Array.from({ length: 2 * 2 * 2 * 2 }, (_, i) => i), [2, 2, 2, 2]);
    const m = tf.tensor2d([[1, 0], [0.5, 1]]);
    expectNoLeak(() => {
      const s = segmentationTarget(1, m)(out);
      // class-1 values: sample 0 → 1, 3, 5, 7; sample 1 → 9, 11, 13, 15.
      expect(Array.from(s.dataSync())).toEqual([1 + 0.5 * 5 + 7, 9 + 0.5 * 13 + 15]);
      return s;
    });
    const mb = tf.tensor3d([[[1, 1], [0, 0]], [[0, 0], [0, 1]]], [2, 2, 2], 'int32');
    expectNoLeak(() => {
      const s = segmentationTarget(0, mb)(out);
      expect(Array.from(s.dataSync())).toEqual([0 + 2, 14]);
      return s;
    });
    tf.dispose([out, m, mb]);
  });

  it('HiResCAM and Grad-CAM raw maps and the score equal the hand-computed values, on the logits', () => {
    const mask = tf.tensor2d(M0, [4, 4]);
    for (const c of [0, 2]) {
      const hi = cam(model, x, { method: 'hires-cam', layerName: 'feat', target: segmentationTarget(c, mask) });
      const gc = gradCam(model, x, { layerName: 'feat', target: segmentationTarget(c, mask) });
      const hr = hi.raw.dataSync();
      const gr = gc.raw.dataSync();
      const meanM = M0.reduce((s, t) => s + t, 0) / 16;
      const xs = [X0, X1];
      for (let b = 0; b < 2; b++) {
        for (let i = 0; i < 16; i++) {
          expect(hr[b * 16 + i]).toBeCloseTo(M0[i]! * v(c) * xs[b]![i]!, 5);
          expect(gr[b * 16 + i]).toBeCloseTo(meanM * v(c) * xs[b]![i]!, 5);
        }
        const score = xs[b]!.reduce((s, t, i) => s + M0[i]! * t * v(c), 0);
        expect(hi.score.dataSync()[b]).toBeCloseTo(score, 4);
      }
      hi.dispose();
      gc.dispose();
    }
    mask.dispose();
  });

  it('a [B,H,W] mask gives one region per sample', () => {
    const mask = tf.tensor3d([...M0, ...M1], [2, 4, 4]);
    const r = cam(model, x, { method: 'hires-cam', layerName: 'feat', target: segmentationTarget(1, mask) });
    const raw = r.raw.dataSync();
    for (let i = 0; i < 16; i++) {
      expect(raw[i]).toBeCloseTo(M0[i]! * v(1) * X0[i]!, 5);
      expect(raw[16 + i]).toBeCloseTo(M1[i]! * v(1) * X1[i]!, 5);
    }
    r.dispose();
    const before = tf.memory().numTensors;
    gradCam(model, x, { layerName: 'feat', target: segmentationTarget(1, mask) }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    mask.dispose();
  });

  it('refuses bad input without leaking and leaves the mask to the caller', () => {
    const mask = tf.ones([4, 4]) as tf.Tensor2D;
    expectCamErrorNoLeak(() => segmentationTarget(-1, mask), 'INVALID_CLASS', /non-negative integer/);
    const flat = tf.ones([4]);
    expectCamErrorNoLeak(() => segmentationTarget(0, flat as unknown as tf.Tensor2D), 'INVALID_TARGET', /mask must be a tensor/);
    expectCamErrorNoLeak(() => segmentationTarget(0, [[1]] as unknown as tf.Tensor2D), 'INVALID_TARGET', /an array of length 1/);
    expectCamErrorNoLeak(() => gradCam(model, x, { layerName: 'feat', target: segmentationTarget(3, mask) }), 'INVALID_CLASS', /3 output channels/);
    const small = tf.ones([2, 2]) as tf.Tensor2D;
    expectCamErrorNoLeak(() => gradCam(model, x, { layerName: 'feat', target: segmentationTarget(0, small) }), 'INVALID_TARGET', /2×2 but the model output is 4×4/);
    const three = tf.ones([3, 4, 4]) as tf.Tensor3D;
    expectCamErrorNoLeak(() => gradCam(model, x, { layerName: 'feat', target: segmentationTarget(0, three) }), 'INVALID_TARGET', /3 samples for an output of 2 rows/);
    const out2 = tf.zeros([2, 3]);
    expectCamErrorNoLeak(() => segmentationTarget(0, mask)(out2), 'INVALID_TARGET', /not \[batch, height, width, classes\]/);
    const t = segmentationTarget(0, small);
    small.dispose();
    expectCamErrorNoLeak(() => gradCam(model, x, { layerName: 'feat', target: t }), 'INVALID_TARGET', /disposed/);
    expect(mask.isDisposed).toBe(false);
    tf.dispose([mask, three, out2, flat]);
  });
});
