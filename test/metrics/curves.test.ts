// Closed-form checks of confidenceChange, deletionCurve and insertionCurve on a linear model.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceChange } from '../../src/metrics/confidenceChange.js';
import { deletionCurve } from '../../src/metrics/deletionCurve.js';
import { insertionCurve } from '../../src/metrics/insertionCurve.js';
import { expectRejectsNoLeak } from '../helpers/tensorLeaks.js';
import { C, H, N, W, image0, image1, linear, linearFunction, linearModel, ranking, weights } from './linearFixtures.js';

// Maps: sample 0 with ties (checks the index tie-break), sample 1 distinct values.
const map0 = Float32Array.from({ length: N }, (_, p) => [0.5, 1, 0.25, 1][p % 4]!);
const map1 = Float32Array.from({ length: N }, (_, p) => ((p * 11) % 16) / 15);

let model: tfl.LayersModel;
let x: tf.Tensor4D;
let heat: tf.Tensor3D;

beforeAll(() => {
  model = linearModel();
  x = tf.tensor4d([...image0, ...image1], [2, H, W, C]);
  heat = tf.tensor3d([...map0, ...map1], [2, H, W]);
});
afterAll(() => {
  model.dispose();
  tf.dispose([x, heat]);
});

/** Expected curve: pixels of `order[0..count)` take `changed`, the others `kept`. */
function expectedCurve(kind: 'deletion' | 'insertion', img: Float32Array, map: Float32Array, steps: number, base: (i: number) => number): number[] {
  const order = ranking(map);
  return Array.from({ length: steps + 1 }, (_, k) => {
    const top = new Set(order.slice(0, Math.round((k * N) / steps)));
    const v = Float32Array.from(img, (val, i) => {
      const inTop = top.has(Math.floor(i / C));
      return kind === 'deletion' ? (inTop ? base(i) : val) : inTop ? val : base(i);
    });
    return linear(v);
  });
}

/** deletionCurve on a 1×1 image (argument checks only). */
const deletionOn = (img: tf.Tensor, map: tf.Tensor) => deletionCurve(linearFunction, img as tf.Tensor4D, map as tf.Tensor3D);

function trapz(ys: number[]): number {
  let a = 0;
  for (let i = 1; i < ys.length; i++) a += (ys[i - 1]! + ys[i]!) / 2 / (ys.length - 1);
  return a;
}

describe('confidenceChange', () => {
  it('equals Σ w·x·h on a linear model, with the drop and increase rules', async () => {
    const before = tf.memory().numTensors;
    const r = await confidenceChange(model, x, heat, { classIndex: 0, batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const imgs = [image0, image1];
    const maps = [map0, map1];
    for (let b = 0; b < 2; b++) {
      const orig = linear(imgs[b]!);
      const expl = linear(Float32Array.from(imgs[b]!, (v, i) => v * maps[b]![Math.floor(i / C)]!));
      expect(r.original[b]).toBeCloseTo(orig, 4);
      expect(r.explained[b]).toBeCloseTo(expl, 4);
      expect(r.change[b]).toBeCloseTo(expl - orig, 4);
      expect(r.drop[b]).toBeCloseTo(Math.max(0, orig - expl) / orig, 6);
      expect(r.increase[b]).toBe(expl > orig);
    }
    expect(r.averageDrop).toBeCloseTo((r.drop[0]! + r.drop[1]!) / 2, 10);
    expect(r.increaseRate).toBe(r.increase.filter(Boolean).length / 2);
  });

  it('uses the arg-max class of the unaltered input by default and accepts functions and [H,W] maps', async () => {
    const one = tf.slice(x, [1, 0, 0, 0], [1, -1, -1, -1]);
    const m = tf.tensor2d(map1, [H, W]);
    const orig = linear(image1);
    const r = await confidenceChange(linearFunction, one, m);
    // Class 1 (= -Σ w·x) wins when Σ w·x < 0.
    expect(r.original[0]).toBeCloseTo(Math.abs(orig), 4);
    const constant = tf.fill([1, H, W], 0.5) as tf.Tensor3D;
    const half = await confidenceChange(linearFunction, one, constant);
    expect(half.explained[0]).toBeCloseTo(Math.abs(orig) / 2, 4);
    expect(half.drop[0]).toBeCloseTo(0.5, 6);
    expect(half.averageDrop).toBeCloseTo(0.5, 6);
    expect(half.increaseRate).toBe(0);
    tf.dispose([one, m, constant]);
  });

  it('an [H,W,C] int32 image gives the numbers of its float32 [1,H,W,C] copy', async () => {
    const ints = tf.tensor3d(Int32Array.from(image0), [H, W, C], 'int32');
    const floats = tf.tensor4d(image0, [1, H, W, C]);
    const m = tf.tensor2d(map0, [H, W]);
    const before = tf.memory().numTensors;
    const a = await confidenceChange(model, ints, m);
    const d = await deletionCurve(model, ints, m, { steps: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(a).toEqual(await confidenceChange(model, floats, m));
    expect(d).toEqual(await deletionCurve(model, floats, m, { steps: 4 }));
    tf.dispose([ints, floats, m]);
  });

  it('custom target overrides classIndex', async () => {
    const r = await confidenceChange(model, x, heat, { classIndex: 1, target: (out) => tf.tidy(() => tf.squeeze(tf.slice(out, [0, 0], [-1, 1]), [1])) as tf.Tensor1D });
    expect(r.original[0]).toBeCloseTo(linear(image0), 4);
  });
});

describe('deletionCurve / insertionCurve', () => {
  it('deletion with the zero baseline: exact partial sums over the ranked pixels, trapezoid AUC', async () => {
    const before = tf.memory().numTensors;
    const r = await deletionCurve(model, x, heat, { steps: 4, classIndex: 0, batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const e0 = expectedCurve('deletion', image0, map0, 4, () => 0);
    const e1 = expectedCurve('deletion', image1, map1, 4, () => 0);
    r.scores[0]!.forEach((s, k) => expect(s).toBeCloseTo(e0[k]!, 4));
    r.scores[1]!.forEach((s, k) => expect(s).toBeCloseTo(e1[k]!, 4));
    expect(r.scores[0]![4]).toBe(0);
    expect(r.auc[0]).toBeCloseTo(trapz(e0), 4);
    expect(r.meanAuc).toBeCloseTo((trapz(e0) + trapz(e1)) / 2, 4);
  });

  it('steps that do not divide H·W round the pixel count; batchSize does not change the numbers', async () => {
    const a = await deletionCurve(linearFunction, x, heat, { steps: 5, classIndex: [0, 1], batchSize: 4 });
    const b = await deletionCurve(linearFunction, x, heat, { steps: 5, classIndex: [0, 1], batchSize: 32 });
    expect(a).toEqual(b);
    const e1 = expectedCurve('deletion', image1, map1, 5, () => 0).map((v) => -v);
    a.scores[1]!.forEach((s, k) => expect(s).toBeCloseTo(e1[k]!, 4));
  });

  it('insertion with a constant and a mean baseline', async () => {
    const r = await insertionCurve(model, x, heat, { steps: 8, baseline: 2.5, classIndex: 0 });
    const e0 = expectedCurve('insertion', image0, map0, 8, () => 2.5);
    r.scores[0]!.forEach((s, k) => expect(s).toBeCloseTo(e0[k]!, 4));
    expect(r.scores[0]![8]).toBeCloseTo(linear(image0), 4);
    const m = await insertionCurve(model, x, heat, { steps: 2, baseline: 'mean', classIndex: 0 });
    const means = [0, 1].map((c) => image1.filter((_, i) => i % C === c).reduce((a, v) => a + v, 0) / N);
    const e1 = expectedCurve('insertion', image1, map1, 2, (i) => means[i % C]!);
    m.scores[1]!.forEach((s, k) => expect(s).toBeCloseTo(e1[k]!, 3));
  });

  it("the 'blur' baseline keeps a constant image constant (normalised at the borders); deletion 'zero' default", async () => {
    const flat = tf.fill([1, H, W, C], 3) as tf.Tensor4D;
    const m = tf.tensor3d(map0, [1, H, W]);
    const r = await insertionCurve(model, flat, m, { steps: 4, classIndex: 0 });
    const full = linear(new Float32Array(N * C).fill(3));
    for (const s of r.scores[0]!) expect(s).toBeCloseTo(full, 3);
    expect(r.auc[0]).toBeCloseTo(full, 3);
    const d = await deletionCurve(model, flat, m, { steps: 1, classIndex: 0 });
    expect(d.scores[0]![1]).toBe(0);
    tf.dispose([flat, m]);
  });

  it('a map that ranks the positive-weight pixels first deletes faster than its reverse', async () => {
    const one = tf.slice(x, [0, 0, 0, 0], [1, -1, -1, -1]);
    const contrib = Float32Array.from({ length: N }, (_, p) => weights[2 * p]! * image0[2 * p]! + weights[2 * p + 1]! * image0[2 * p + 1]!);
    const good = tf.tensor3d(contrib, [1, H, W]);
    const bad = tf.neg(good);
    const g = await deletionCurve(model, one, good, { classIndex: 0, steps: 16 });
    const b = await deletionCurve(model, one, bad, { classIndex: 0, steps: 16 });
    expect(g.auc[0]).toBeLessThan(b.auc[0]!);
    const gi = await insertionCurve(model, one, good, { classIndex: 0, steps: 16, baseline: 'zero' });
    const bi = await insertionCurve(model, one, bad, { classIndex: 0, steps: 16, baseline: 'zero' });
    expect(gi.auc[0]).toBeGreaterThan(bi.auc[0]!);
    tf.dispose([one, good, bad]);
  });
});

describe('bad arguments → CamError, nothing leaks', () => {
  it('options, shapes, classes and targets', async () => {
    await expectRejectsNoLeak(() => deletionCurve(model, x, heat, { steps: 0 }), 'INVALID_OPTION', /deletionCurve\(\): steps must be an integer/);
    await expectRejectsNoLeak(() => insertionCurve(model, x, heat, { baseline: 'noise' as never }), 'INVALID_OPTION', /baseline must be/);
    await expectRejectsNoLeak(() => confidenceChange(model, x, heat, { batchSize: 1.5 }), 'INVALID_OPTION', /batchSize/);
    await expectRejectsNoLeak(() => confidenceChange(model, x, heat, { classIndex: [0] }), 'INVALID_CLASS', /2 samples/);
    await expectRejectsNoLeak(() => confidenceChange(model, x, heat, { classIndex: 2 }), 'INVALID_CLASS', /from 0 to 1/);
    await expectRejectsNoLeak(() => deletionCurve(model, x, heat, { classIndex: 5, batchSize: 1 }), 'INVALID_CLASS', /out of range/);
    await expectRejectsNoLeak(() => confidenceChange(model, x, heat, { target: () => tf.zeros([7]) as tf.Tensor1D }), 'INVALID_TARGET', /one score per row/);
    const wrong = tf.zeros([2, H, W + 1]);
    await expectRejectsNoLeak(() => deletionCurve(model, x, wrong as tf.Tensor3D), 'INVALID_INPUT', /heatmap shape \[2,4,5\]/);
    wrong.dispose();
    const nan = tf.fill([2, H, W], NaN) as tf.Tensor3D;
    await expectRejectsNoLeak(() => insertionCurve(model, x, nan), 'NON_FINITE_INPUT', /NaN/);
    nan.dispose();
    await expectRejectsNoLeak(() => confidenceChange({} as never, x, heat), 'INVALID_MODEL', /predict/);
    const strings = tf.tensor3d([[['a']]]);
    const one = tf.slice(x, [0, 0, 0, 0], [1, 1, 1, -1]);
    await expectRejectsNoLeak(() => deletionOn(one, strings), 'INVALID_INPUT', /heatmap dtype must be float32 or int32, received string/);
    const gone = tf.zeros([2, H, W]) as tf.Tensor3D;
    gone.dispose();
    await expectRejectsNoLeak(() => insertionCurve(model, x, gone), 'DISPOSED', /insertionCurve\(\): the heatmap tensor has been disposed/);
    tf.dispose([strings, one]);
    await expectRejectsNoLeak(() => confidenceChange(model, 'x' as never, heat), 'INVALID_INPUT', /tf.Tensor/);
    const throwing = (t: tf.Tensor4D): tf.Tensor => {
      if (t.shape[0] === 1) throw new Error('boom');
      return linearFunction(t);
    };
    const before = tf.memory().numTensors;
    await expect(deletionCurve(throwing, x, heat, { batchSize: 3, steps: 1 })).rejects.toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
  });
});
