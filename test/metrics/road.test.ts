// ROAD: the noisy linear imputer's equations and closed-form ROAD scores.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { imputeLinear } from '../../src/metrics/linearImputer.js';
import { roadScore } from '../../src/metrics/roadScore.js';
import { expectRejectsNoLeak } from '../helpers/tensorLeaks.js';

const S = 6;
const N = S * S;
const W8: Array<[number, number, number]> = [
  [-1, -1, 1 / 12], [-1, 0, 1 / 6], [-1, 1, 1 / 12], [0, -1, 1 / 6], [0, 1, 1 / 6], [1, -1, 1 / 12], [1, 0, 1 / 6], [1, 1, 1 / 12],
];

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('imputeLinear', () => {
  it('reproduces a linear ramp exactly on removed interior pixels (noise 0)', () => {
    const C = 2;
    const ramp = Float32Array.from({ length: N * C }, (_, i) => {
      const p = Math.floor(i / C);
      const c = i % C;
      const y = Math.floor(p / S);
      const x = p % S;
      return c === 0 ? 0.5 * x - 0.25 * y + 1 : -2 * x + 3 * y;
    });
    const removed = new Uint8Array(N);
    for (let y = 1; y < S - 1; y++) for (let x = 1; x < S - 1; x++) removed[y * S + x] = 1; // all 16 interior pixels
    const zeroed = Float32Array.from(ramp, (v, i) => (removed[Math.floor(i / C)] ? 0 : v));
    const out = imputeLinear(zeroed, removed, S, S, C);
    for (let i = 0; i < N * C; i++) expect(out[i]).toBeCloseTo(ramp[i]!, 5);
    expect(Array.from(zeroed.slice(0, 2))).toEqual([1, 0]); // the input is not changed
  });

  it('each removed pixel (borders too) is the renormalised 8-neighbour weighted mean; kept pixels are unchanged', () => {
    const values = Float32Array.from({ length: N }, (_, i) => Math.sin(i * 1.7) * 3);
    const removed = Uint8Array.from({ length: N }, (_, i) => (i % 3 === 0 || i < 8 ? 1 : 0));
    const out = imputeLinear(values, removed, S, S, 1);
    for (let p = 0; p < N; p++) {
      if (!removed[p]) {
        expect(out[p]).toBe(values[p]);
        continue;
      }
      const y = Math.floor(p / S);
      const x = p % S;
      let s = 0;
      let w = 0;
      for (const [dy, dx, wt] of W8) {
        if (y + dy < 0 || x + dx < 0 || y + dy >= S || x + dx >= S) continue;
        s += wt * out[(y + dy) * S + x + dx]!;
        w += wt;
      }
      expect(out[p]).toBeCloseTo(s / w, 5);
    }
  });

  it('adds seeded Gaussian noise of the requested std to imputed pixels only', () => {
    const big = 40;
    const values = new Float32Array(big * big).fill(2);
    const removed = Uint8Array.from({ length: big * big }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const a = imputeLinear(values, removed, big, big, 1, 0.1, 5);
    const b = imputeLinear(values, removed, big, big, 1, 0.1, 5);
    const c = imputeLinear(values, removed, big, big, 1, 0.1, 6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const noise = Array.from(a).filter((_, i) => removed[i]).map((v) => v - 2);
    const mean = noise.reduce((s, v) => s + v, 0) / noise.length;
    const std = Math.sqrt(noise.reduce((s, v) => s + (v - mean) ** 2, 0) / noise.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeGreaterThan(0.09);
    expect(std).toBeLessThan(0.11);
    expect(Array.from(a).filter((_, i) => !removed[i]).every((v) => v === 2)).toBe(true);
  });
});

// A bright 2×2 patch on black; the model scores the patch: f(x) = [Σ_patch x, -Σ_patch x].
const patch = (p: number) => [14, 15, 20, 21].includes(p);
const patchModel = (x: tf.Tensor4D): tf.Tensor =>
  tf.tidy(() => {
    const m = tf.tensor4d(Array.from({ length: N }, (_, p) => (patch(p) ? 1 : 0)), [1, S, S, 1]);
    const s = tf.sum(tf.mul(x, m), [1, 2, 3]);
    return tf.stack([s, tf.neg(s)], 1);
  });

describe('roadScore', () => {
  it('closed form on the patch model: a map on the patch scores +2, its reverse -2 (noise 0)', async () => {
    const img = tf.tensor4d(Array.from({ length: N }, (_, p) => (patch(p) ? 1 : 0)), [1, S, S, 1]);
    const good = tf.tensor3d(Array.from({ length: N }, (_, p) => (patch(p) ? 1 : 0)), [1, S, S]);
    const bad = tf.sub(1, good) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const g = await roadScore(patchModel, img, good, { noise: 0, batchSize: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(g.percentiles).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    for (const v of g.morf[0]!) expect(v).toBeCloseTo(-4, 5);
    for (const v of g.lerf[0]!) expect(v).toBeCloseTo(0, 5);
    expect(g.combined[0]).toBeCloseTo(2, 5);
    expect(g.meanCombined).toBeCloseTo(2, 5);
    const b = await roadScore(patchModel, img, bad, { noise: 0, percentiles: [10, 50, 90] });
    for (const v of b.morf[0]!) expect(v).toBeCloseTo(0, 5);
    for (const v of b.lerf[0]!) expect(v).toBeCloseTo(-4, 5);
    expect(b.combined[0]).toBeCloseTo(-2, 5);
    tf.dispose([img, good, bad]);
  });

  it('a constant image is imputed exactly: every change is 0; batch of 2 with a class per sample', async () => {
    const img = tf.fill([2, S, S, 1], 0.75) as tf.Tensor4D;
    const map = tf.tensor3d(Array.from({ length: 2 * N }, (_, i) => (i * 7) % 11), [2, S, S]);
    const r = await roadScore(patchModel, img, map, { noise: 0, classIndex: [0, 1], percentiles: [30, 70] });
    for (const row of [...r.morf, ...r.lerf]) for (const v of row) expect(v).toBeCloseTo(0, 5);
    expect(r.combined).toHaveLength(2);
    tf.dispose([img, map]);
  });

  it('the noise is seeded: same seed, same numbers; batchSize does not change them', async () => {
    const img = tf.tensor4d(Array.from({ length: N }, (_, p) => (patch(p) ? 1 : (p % 5) / 10)), [1, S, S, 1]);
    const map = tf.tensor3d(Array.from({ length: N }, (_, p) => (p * 13) % 17), [1, S, S]);
    const a = await roadScore(patchModel, img, map, { seed: 3, percentiles: [20, 60], batchSize: 1 });
    const b = await roadScore(patchModel, img, map, { seed: 3, percentiles: [20, 60], batchSize: 32 });
    const c = await roadScore(patchModel, img, map, { seed: 4, percentiles: [20, 60] });
    const q = await roadScore(patchModel, img, map, { noise: 0, percentiles: [20, 60] });
    expect(a).toEqual(b);
    expect(a.morf).not.toEqual(c.morf);
    // Noise of std 0.01 × range 1 on ≤ 4 patch pixels moves each change by well under 0.1.
    a.morf[0]!.forEach((v, i) => expect(Math.abs(v - q.morf[0]![i]!)).toBeLessThan(0.1));
    tf.dispose([img, map]);
  });

  it('bad options → CamError without leaks', async () => {
    const img = tf.zeros([1, S, S, 1]) as tf.Tensor4D;
    const map = tf.zeros([1, S, S]) as tf.Tensor3D;
    await expectRejectsNoLeak(() => roadScore(patchModel, img, map, { percentiles: [10, 100] }), 'INVALID_OPTION', /roadScore\(\): percentiles must be .* \[0, 100\)/);
    await expectRejectsNoLeak(() => roadScore(patchModel, img, map, { percentiles: [] }), 'INVALID_OPTION', /percentiles/);
    await expectRejectsNoLeak(() => roadScore(patchModel, img, map, { seed: 0.5 }), 'INVALID_OPTION', /seed must be an integer/);
    await expectRejectsNoLeak(() => roadScore(patchModel, img, map, { noise: -1 }), 'INVALID_OPTION', /noise must be/);
    await expectRejectsNoLeak(() => roadScore(patchModel, img, map, { classIndex: 9 }), 'INVALID_CLASS', /out of range/);
    tf.dispose([img, map]);
  });
});
