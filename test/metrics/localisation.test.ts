// Pointing game, energy in box and Spearman rank correlation on hand-made maps and lists.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { energyInBox } from '../../src/metrics/energyInBox.js';
import { pointingGame } from '../../src/metrics/pointingGame.js';
import { rankCorrelation } from '../../src/metrics/rankCorrelation.js';
import { expectCamErrorNoLeak, expectRejectsNoLeak } from '../helpers/tensorLeaks.js';

/** A [H,W] map with `v` at (x, y) and 0 elsewhere. */
function spot(h: number, w: number, pts: Array<[number, number, number]>): number[] {
  const m = new Array<number>(h * w).fill(0);
  for (const [x, y, v] of pts) m[y * w + x] = v;
  return m;
}

describe('pointingGame', () => {
  it('peaks, hits inside the half-open box, misses just outside, per-map boxes', async () => {
    const maps = tf.tensor3d([...spot(6, 8, [[5, 2, 1]]), ...spot(6, 8, [[3, 4, 0.9]]), ...spot(6, 8, [[7, 5, 1]])], [3, 6, 8]);
    const before = tf.memory().numTensors;
    const r = await pointingGame(maps, [[5, 2, 6, 3], [0, 0, 3, 6], [4, 3, 8, 6]]);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.peaks).toEqual([[5, 2], [3, 4], [7, 5]]);
    // (3,4) is outside [0,3): x1 is exclusive. (7,5) is in the box that reaches the bottom-right edge.
    expect(r.hits).toEqual([true, false, true]);
    expect(r.accuracy).toBeCloseTo(2 / 3, 12);
    maps.dispose();
  });

  it('tolerance: Euclidean distance to the nearest box pixel; edge boxes and boxes partly outside', async () => {
    const map = tf.tensor2d(spot(10, 10, [[0, 0, 1]]), [10, 10]);
    // Box pixels x 3..5, y 4..5: nearest pixel (3,4), distance 5 from (0,0).
    expect((await pointingGame(map, [3, 4, 6, 6], { tolerance: 4.99 })).hits).toEqual([false]);
    expect((await pointingGame(map, [3, 4, 6, 6], { tolerance: 5 })).hits).toEqual([true]);
    // A box hanging over the top-left corner contains (0,0).
    expect((await pointingGame(map, [-5, -5, 1, 1])).hits).toEqual([true]);
    // Entirely outside the map: a miss unless the tolerance reaches it.
    expect((await pointingGame(map, [-4, 0, -2, 1])).hits).toEqual([false]);
    expect((await pointingGame(map, [-4, 0, -2, 1], { tolerance: 3 })).hits).toEqual([true]);
    map.dispose();
  });

  it('ties: the first maximum in row-major order; one box for a batch', async () => {
    const maps = tf.tensor3d([...spot(4, 4, [[3, 0, 1], [0, 1, 1]]), ...new Array<number>(16).fill(0.5)], [2, 4, 4]);
    const r = await pointingGame(maps, [3, 0, 4, 1]);
    expect(r.peaks).toEqual([[3, 0], [0, 0]]);
    expect(r.hits).toEqual([true, false]);
    expect(r.accuracy).toBe(0.5);
    maps.dispose();
  });

  it('bad boxes and options → CamError, no leak', async () => {
    const map = tf.zeros([2, 4, 4]) as tf.Tensor3D;
    await expectRejectsNoLeak(() => pointingGame(map, [2, 0, 2, 3]), 'INVALID_INPUT', /pointingGame\(\): box must be \[x0, y0, x1, y1\].*received \[2, 0, 2, 3\]/);
    await expectRejectsNoLeak(() => pointingGame(map, [[0, 0, 1, 1]]), 'INVALID_INPUT', /1 boxes for 2 maps/);
    await expectRejectsNoLeak(() => pointingGame(map, [[0, 0, 1, 1], [0, 0, NaN, 1]]), 'INVALID_INPUT', /box 1 must be/);
    await expectRejectsNoLeak(() => pointingGame(map, [0, 0, 1, 1], { tolerance: -1 }), 'INVALID_OPTION', /tolerance/);
    const four = tf.zeros([2, 2, 2, 2]);
    await expectRejectsNoLeak(() => pointingGame(four as never, [0, 0, 1, 1]), 'INVALID_INPUT', /\[B,H,W\] or \[H,W\]/);
    const strings = tf.tensor2d([['a', 'b']]);
    await expectRejectsNoLeak(() => energyInBox(strings as never, [0, 0, 1, 1]), 'INVALID_INPUT', /energyInBox\(\): heatmap dtype must be float32 or int32, received string/);
    const gone = tf.zeros([2, 2]);
    gone.dispose();
    await expectRejectsNoLeak(() => pointingGame(gone as tf.Tensor2D, [0, 0, 1, 1]), 'DISPOSED', /disposed/);
    tf.dispose([map, four, strings]);
  });
});

describe('energyInBox', () => {
  it('share of the mass inside the box; all-zero map → 0; uniform map → area share', async () => {
    const m = spot(4, 5, [[1, 1, 2], [2, 1, 1], [4, 3, 1]]);
    const maps = tf.tensor3d([...m, ...new Array<number>(20).fill(0), ...new Array<number>(20).fill(0.3)], [3, 4, 5]);
    const before = tf.memory().numTensors;
    const r = await energyInBox(maps, [[1, 0, 3, 2], [0, 0, 5, 4], [0, 0, 2, 2]]);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.energy[0]).toBeCloseTo(3 / 4, 12);
    expect(r.energy[1]).toBe(0);
    expect(r.energy[2]).toBeCloseTo(4 / 20, 6);
    expect(r.mean).toBeCloseTo((0.75 + 0 + 0.2) / 3, 6);
    maps.dispose();
  });

  it('edge boxes: a box covering the whole map (and beyond) has energy 1; half-open bounds', async () => {
    const map = tf.tensor2d(spot(4, 5, [[4, 3, 1], [0, 0, 3]]), [4, 5]);
    expect((await energyInBox(map, [-2, -2, 10, 10])).energy[0]).toBeCloseTo(1, 12);
    expect((await energyInBox(map, [0, 0, 4, 3])).energy[0]).toBeCloseTo(0.75, 12);
    expect((await energyInBox(map, [4, 3, 5, 4])).energy[0]).toBeCloseTo(0.25, 12);
    map.dispose();
  });

  it('negative or non-finite maps → CamError, no leak', async () => {
    const neg = tf.tensor2d([0, -1, 0, 1], [2, 2]);
    await expectRejectsNoLeak(() => energyInBox(neg, [0, 0, 1, 1]), 'INVALID_INPUT', /energyInBox\(\): the map has a negative value/);
    const nan = tf.tensor2d([0, NaN, 0, 1], [2, 2]);
    await expectRejectsNoLeak(() => energyInBox(nan, [0, 0, 1, 1]), 'NON_FINITE_INPUT', /NaN/);
    tf.dispose([neg, nan]);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('rankCorrelation', () => {
  it('matches hand-computed Spearman values, with ties by average rank', () => {
    // Ranks a: 1, 2.5, 2.5, 4, 5; b: 2, 1, 4.5, 4.5, 3 → 3.75 / 9.5.
    expect(rankCorrelation([1, 2, 2, 3, 5], [2, 1, 4, 4, 3])).toBeCloseTo(3.75 / 9.5, 12);
    // No ties: 1 - 6 Σd² / (n(n² - 1)), d = rank differences 1, -1, 1, -1, 0 → 1 - 24/120.
    expect(rankCorrelation([10, 20, 30, 40, 50], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(rankCorrelation(Float32Array.from([0.1, 0.5, 0.2]), [1, 3, 2])).toBeCloseTo(1, 12);
    expect(rankCorrelation([1, 2, 3, 4], [8, 6, 4, -10])).toBeCloseTo(-1, 12);
    expect(rankCorrelation([1, 2, 2, 3], [3, 2, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('0 for constant or too-short inputs; CamError for mismatched or non-finite lists', () => {
    expect(rankCorrelation([1, 1, 1], [1, 2, 3])).toBe(0);
    expect(rankCorrelation([4], [2])).toBe(0);
    expect(rankCorrelation([], [])).toBe(0);
    expectCamErrorNoLeak(() => rankCorrelation([1, 2], [1, 2, 3]), 'INVALID_INPUT', /rankCorrelation\(\): a has 2 values but b has 3/);
    expectCamErrorNoLeak(() => rankCorrelation([1, NaN], [1, 2]), 'INVALID_INPUT', /a\[1\]/);
    expectCamErrorNoLeak(() => rankCorrelation(null as never, [1]), 'INVALID_INPUT', /arrays of numbers/);
  });
});
