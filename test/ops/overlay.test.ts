import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromStops } from '../../src/colormaps/fromStops.js';
import { jet } from '../../src/colormaps/jet.js';
import { overlay } from '../../src/ops/overlay.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/overlay.json', import.meta.url), 'utf8')) as {
  shape: [number, number];
  image: number[];
  mask: number[];
  heat: number[];
  blends: Record<string, number[]>;
};

/** Round half to even, as tf.round and OpenCV's cvRound. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

const jetRow = (i: number): number[] => Array.from(jet.lut.subarray(3 * i, 3 * i + 3));

describe('overlay', () => {
  it('blends round((1 - alpha) * image + alpha * jet(h)) in RGB, for h = 0, 0.5, 1', () => {
    const img = [10, 20, 30, 200, 100, 50, 255, 255, 255];
    const image = tf.tensor3d(img, [1, 3, 3], 'int32');
    const heatmap = tf.tensor2d([0, 0.5, 1], [1, 3]);
    const out = overlay(image, heatmap);
    expect(out.shape).toEqual([1, 3, 3]);
    expect(out.dtype).toBe('int32');
    // jet rows: 0 → [0, 0, 128] (dark blue, RGB), 127 → [126, 255, 130], 255 → [128, 0, 0] (dark red)
    expect(jetRow(0)).toEqual([0, 0, 128]);
    expect(jetRow(255)).toEqual([128, 0, 0]);
    expect(jetRow(127)).toEqual([126, 255, 130]);
    const heat = [...jetRow(0), ...jetRow(127), ...jetRow(255)];
    const want = img.map((v, i) => roundHalfEven(0.5 * v + 0.5 * heat[i]!));
    expect(Array.from(out.dataSync())).toEqual(want);
    // e.g. pixel 0 red: 0.5·10 + 0.5·0 = 5; blue: 0.5·30 + 0.5·128 = 79
    expect(Array.from(out.dataSync()).slice(0, 3)).toEqual([5, 10, 79]);
    tf.dispose([image, heatmap, out]);
  });

  it('alpha 0 returns the image, alpha 1 the coloured map; any image dtype', () => {
    const image = tf.tensor3d([12.4, 99.6, 3, 0, 0, 0], [1, 2, 3], 'float32');
    const heatmap = tf.tensor2d([1, 0], [1, 2]);
    const a0 = overlay(image, heatmap, { alpha: 0 });
    const a1 = overlay(image, heatmap, { alpha: 1 });
    expect(Array.from(a0.dataSync())).toEqual([12, 100, 3, 0, 0, 0]);
    expect(Array.from(a1.dataSync())).toEqual([...jetRow(255), ...jetRow(0)]);
    tf.dispose([image, heatmap, a0, a1]);
  });

  it('uses the given colormap (name or object) and does not rescale brightness', () => {
    const image = tf.fill([1, 1, 3], 100, 'int32') as tf.Tensor3D;
    const heatmap = tf.tensor2d([[1]]);
    const white = fromStops('white', [
      { at: 0, color: '#ffffff' },
      { at: 1, color: '#ffffff' },
    ]);
    const a = overlay(image, heatmap, { alpha: 0.25, colormap: white });
    expect(Array.from(a.dataSync())).toEqual([139, 139, 139]); // 0.75·100 + 0.25·255 = 138.75
    const b = overlay(image, heatmap, { alpha: 0.5, colormap: 'gray' });
    expect(Array.from(b.dataSync())).toEqual([178, 178, 178]); // 177.5 → 178 (ties to even)
    tf.dispose([image, heatmap, a, b]);
  });

  it('matches OpenCV applyColorMap + addWeighted (alpha 0.5 exactly, 0.3 within 1 level)', () => {
    const [h, w] = fixture.shape;
    const image = tf.tensor3d(fixture.image, [h, w, 3], 'int32');
    const mask = tf.tensor2d(fixture.mask, [h, w]);
    const a5 = overlay(image, mask, { alpha: 0.5 });
    expect(Array.from(a5.dataSync())).toEqual(fixture.blends['0.5']);
    const a1 = overlay(image, mask, { alpha: 1 });
    expect(Array.from(a1.dataSync())).toEqual(fixture.heat);
    const a3 = overlay(image, mask, { alpha: 0.3 });
    const ref = fixture.blends['0.3']!;
    const got = a3.dataSync();
    let maxDiff = 0;
    for (let i = 0; i < ref.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - ref[i]!));
    expect(maxDiff).toBeLessThanOrEqual(1);
    tf.dispose([image, mask, a5, a1, a3]);
  });

  it('handles batches: matching sizes, a single image over many maps, a single map over many images', () => {
    const img3 = tf.tensor3d([0, 0, 0, 255, 255, 255], [1, 2, 3], 'int32');
    const img4 = tf.stack([img3, tf.fill([1, 2, 3], 100, 'int32')]) as tf.Tensor4D;
    const maps = tf.tensor3d([0, 1, 1, 0], [2, 1, 2]);
    const map = tf.tensor2d([1, 1], [1, 2]);
    const both = overlay(img4, maps, { alpha: 1 });
    expect(both.shape).toEqual([2, 1, 2, 3]);
    expect(Array.from(both.dataSync())).toEqual([...jetRow(0), ...jetRow(255), ...jetRow(255), ...jetRow(0)]);
    const oneImage = overlay(img3, maps, { alpha: 0 });
    expect(oneImage.shape).toEqual([2, 1, 2, 3]);
    expect(Array.from(oneImage.dataSync())).toEqual([0, 0, 0, 255, 255, 255, 0, 0, 0, 255, 255, 255]);
    const oneMap = overlay(img4, map, { alpha: 0 });
    expect(oneMap.shape).toEqual([2, 1, 2, 3]);
    expect(Array.from(oneMap.dataSync())).toEqual([0, 0, 0, 255, 255, 255, 100, 100, 100, 100, 100, 100]);
    const single = overlay(img3, map);
    expect(single.shape).toEqual([1, 2, 3]);
    tf.dispose([img3, img4, maps, map, both, oneImage, oneMap, single]);
  });

  it('does not leak', () => {
    const image = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    const maps = tf.zeros([2, 4, 4]) as tf.Tensor3D;
    expectNoLeak(() => overlay(image, maps));
    const map = tf.zeros([4, 4]) as tf.Tensor2D;
    expectNoLeak(() => overlay(image, map, { alpha: 0.3, colormap: 'viridis' }));
    expect(image.isDisposed || maps.isDisposed || map.isDisposed).toBe(false);
    tf.dispose([image, maps, map]);
  });

  it('throws CamErrors for bad options and inputs, without leaking', () => {
    const image = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    const rgba = tf.zeros([4, 4, 4]) as tf.Tensor3D;
    const map = tf.zeros([4, 4]) as tf.Tensor2D;
    const small = tf.zeros([2, 2]) as tf.Tensor2D;
    const images = tf.zeros([3, 4, 4, 3]) as tf.Tensor4D;
    const maps2 = tf.zeros([2, 4, 4]) as tf.Tensor3D;
    for (const alpha of [-0.1, 1.5, NaN]) {
      expectCamErrorNoLeak(() => overlay(image, map, { alpha }), 'INVALID_OPTION', /overlay\(\): options\.alpha .* in \[0, 1\]/);
    }
    expectCamErrorNoLeak(
      () => overlay(image, map, { colormap: 'jett' as 'jet' }),
      'INVALID_COLORMAP',
      /overlay\(\): colormap "jett" is unknown; built-in colormaps: jet, turbo, viridis, inferno, magma, plasma, gray/,
    );
    expectCamErrorNoLeak(() => overlay(rgba, map), 'INVALID_INPUT', /3 channels .*\[4, 4, 4\].*alpha channel/);
    expectCamErrorNoLeak(
      () => overlay(image, small),
      'INVALID_INPUT',
      /heatmap is 2×2 .* image is 4×4 .*resizeMap\(heatmap, \[4, 4\]\)/,
    );
    expectCamErrorNoLeak(() => overlay(images, maps2), 'INVALID_INPUT', /batch sizes differ: image has 3 .* heatmap has 2/);
    expectCamErrorNoLeak(
      () => overlay(image, images as unknown as tf.Tensor3D),
      'INVALID_INPUT',
      /heatmap must be one map \[H, W\] or a batch \[B, H, W\]/,
    );
    tf.dispose([image, rgba, map, small, images, maps2]);
  });
});
