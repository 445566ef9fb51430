import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { resizeMap } from '../../src/ops/resizeMap.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

interface ResizeCase {
  name: string;
  kind: 'halfPixel' | 'alignCorners';
  inShape: [number, number];
  outShape: [number, number];
  input: number[];
  output: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/resize.json', import.meta.url), 'utf8')) as {
  cases: ResizeCase[];
};

/**
 * Independent bilinear resize of one row-major [h, w] map (float64).
 * halfPixel: src = (dst + 0.5) · in/out − 0.5, clamped to [0, in − 1] (OpenCV INTER_LINEAR).
 * alignCorners: src = dst · (in − 1)/(out − 1).
 */
function bilinear(src: number[], [h, w]: number[], [H, W]: number[], alignCorners: boolean): number[] {
  const coord = (d: number, n: number, N: number): number => {
    if (alignCorners) return N > 1 ? (d * (n - 1)) / (N - 1) : 0;
    return Math.min(n - 1, Math.max(0, ((d + 0.5) * n) / N - 0.5));
  };
  const out: number[] = [];
  for (let y = 0; y < H; y++) {
    const sy = coord(y, h, H);
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < W; x++) {
      const sx = coord(x, w, W);
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
      const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
      out.push(top * (1 - fy) + bottom * fy);
    }
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('resizeMap', () => {
  // two different maps in one batch, to check that samples do not mix
  const h = 5, w = 4;
  const m0 = Array.from({ length: h * w }, (_, i) => Math.sin(i) * 3);
  const m1 = Array.from({ length: h * w }, (_, i) => (i % 7) / 7);

  for (const alignCorners of [false, true]) {
    for (const size of [[11, 13], [3, 2], [5, 4], [1, 1]] as [number, number][]) {
      it(`matches the plain-JS formula (alignCorners ${alignCorners}, ${h}×${w} → ${size.join('×')})`, () => {
        const x = tf.tensor3d([...m0, ...m1], [2, h, w]);
        const y = alignCorners ? resizeMap(x, size, { alignCorners }) : resizeMap(x, size);
        expect(y.shape).toEqual([2, ...size]);
        expect(y.dtype).toBe('float32');
        const want = [...bilinear(m0, [h, w], size, alignCorners), ...bilinear(m1, [h, w], size, alignCorners)];
        expect(maxAbsDiff(y.dataSync(), want)).toBeLessThan(3e-6);
        tf.dispose([x, y]);
      });
    }
  }

  it('is not the tfjs default interpolation (which is shifted)', () => {
    const x = tf.tensor3d([0, 1], [1, 1, 2]);
    const ours = resizeMap(x, [1, 4]);
    // half-pixel: src = (d + 0.5)/2 - 0.5 → [-0.25→0, 0.25, 0.75, 1.25→1]
    expect(maxAbsDiff(ours.dataSync(), [0, 0.25, 0.75, 1])).toBeLessThan(1e-7);
    const aligned = resizeMap(x, [1, 4], { alignCorners: true });
    expect(maxAbsDiff(aligned.dataSync(), [0, 1 / 3, 2 / 3, 1])).toBeLessThan(1e-6);
    tf.dispose([x, ours, aligned]);
  });

  for (const c of fixture.cases) {
    it(`matches ${c.kind === 'halfPixel' ? 'cv2.resize INTER_LINEAR' : 'scipy.ndimage.zoom order=1'}: ${c.name}`, () => {
      const x = tf.tensor3d(c.input, [1, ...c.inShape]);
      const y = resizeMap(x, c.outShape, { alignCorners: c.kind === 'alignCorners' });
      expect(y.shape).toEqual([1, ...c.outShape]);
      expect(maxAbsDiff(y.dataSync(), c.output)).toBeLessThanOrEqual(1e-5);
      // the plain-JS formula agrees with the reference library too
      expect(maxAbsDiff(bilinear(c.input, c.inShape, c.outShape, c.kind === 'alignCorners'), c.output)).toBeLessThanOrEqual(1e-5);
      tf.dispose([x, y]);
    });
  }

  it('does not leak; rejects bad input and options without leaking', () => {
    const x = tf.ones([1, 3, 3]) as tf.Tensor3D;
    expectNoLeak(() => resizeMap(x, [6, 6]));
    expectNoLeak(() => resizeMap(x, [6, 6], { alignCorners: true }));
    const x2 = tf.ones([3, 3]);
    expectCamErrorNoLeak(
      () => resizeMap(x2 as unknown as tf.Tensor3D, [6, 6]),
      'INVALID_INPUT',
      /resizeMap\(\): x must be a batch of maps \[B, h, w\]; .*shape \[3, 3\]/,
    );
    for (const size of [[0, 4], [4.5, 4], [4], [-1, 2]]) {
      expectCamErrorNoLeak(
        () => resizeMap(x, size as [number, number]),
        'INVALID_OPTION',
        /size must be \[height, width\] with two positive integers/,
      );
    }
    expectCamErrorNoLeak(
      () => resizeMap(x, [4, 4], { alignCorners: 'yes' as unknown as boolean }),
      'INVALID_OPTION',
      /alignCorners must be a boolean/,
    );
    tf.dispose([x, x2]);
  });
});
