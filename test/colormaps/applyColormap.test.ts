import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyColormap } from '../../src/colormaps/applyColormap.js';
import { colormaps } from '../../src/colormaps/colormaps.js';
import { fromStops } from '../../src/colormaps/fromStops.js';
import { jet } from '../../src/colormaps/jet.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

const row = (lut: Uint8Array, i: number): number[] => Array.from(lut.subarray(3 * i, 3 * i + 3));

describe('applyColormap', () => {
  it('maps h = 0, 0.5, 1 to rows 0, 127 (truncation), 255 of jet by default', () => {
    const h = tf.tensor2d([0, 0.5, 1], [1, 3]);
    const rgb = applyColormap(h);
    expect(rgb.shape).toEqual([1, 3, 3]);
    expect(rgb.dtype).toBe('int32');
    expect(Array.from(rgb.dataSync())).toEqual([...row(jet.lut, 0), ...row(jet.lut, 127), ...row(jet.lut, 255)]);
    tf.dispose([h, rgb]);
  });

  it('truncates like np.uint8(255 * h) and clamps out-of-range, NaN and infinite values', () => {
    const values = [1 / 255, 0.999, 2 / 255 - 1e-4, -0.5, 1.5, NaN, Infinity, -Infinity];
    const h = tf.tensor2d(values, [1, values.length]);
    const rgb = applyColormap(h, 'gray');
    const red = Array.from(rgb.dataSync()).filter((_, i) => i % 3 === 0);
    // Math.fround(1/255)·255 rounds to exactly 1 in float32
    expect(red).toEqual([1, 254, 1, 0, 255, 0, 255, 0]);
    tf.dispose([h, rgb]);
  });

  it('every index 0..255 of every built-in is reachable from (i + 0.5) / 255', () => {
    const h = tf.tensor2d(Array.from({ length: 256 }, (_, i) => Math.min(1, (i + 0.5) / 255)), [16, 16]);
    for (const cmap of Object.values(colormaps)) {
      const rgb = applyColormap(h, cmap.name as keyof typeof colormaps);
      expect(Array.from(rgb.dataSync())).toEqual(Array.from(cmap.lut));
      rgb.dispose();
    }
    h.dispose();
  });

  it('colours batches [B, H, W] → [B, H, W, 3] with a custom colormap', () => {
    const ramp = fromStops('ramp', [
      { at: 0, color: '#000000' },
      { at: 1, color: '#ff8000' },
    ]);
    const h = tf.tensor3d([0, 1, 1, 0, 0.5, 0.5], [2, 1, 3]);
    const rgb = applyColormap(h, ramp);
    expect(rgb.shape).toEqual([2, 1, 3, 3]);
    expect(Array.from(rgb.dataSync())).toEqual([
      0, 0, 0, 255, 128, 0, 255, 128, 0,
      0, 0, 0, ...row(ramp.lut, 127), ...row(ramp.lut, 127),
    ]);
    expect(row(ramp.lut, 127)).toEqual([127, 64, 0]); // 255·127/255 and 128·127/255 = 63.75
    tf.dispose([h, rgb]);
  });

  it('accepts integer heatmaps (0 or 1)', () => {
    const h = tf.tensor2d([0, 1], [1, 2], 'int32');
    const rgb = applyColormap(h, 'viridis');
    expect(Array.from(rgb.dataSync())).toEqual([68, 1, 84, 253, 231, 37]);
    tf.dispose([h, rgb]);
  });

  it('does not leak; throws CamErrors without leaking', () => {
    const h2 = tf.randomUniform([5, 6]) as tf.Tensor2D;
    const h3 = tf.randomUniform([2, 5, 6]) as tf.Tensor3D;
    const h4 = tf.zeros([1, 5, 6, 1]);
    expectNoLeak(() => applyColormap(h2));
    expectNoLeak(() => applyColormap(h3, 'turbo'));
    expectCamErrorNoLeak(
      () => applyColormap(h2, 'jett' as 'jet'),
      'INVALID_COLORMAP',
      /^applyColormap\(\): colormap "jett" is unknown; built-in colormaps: jet, turbo, viridis, inferno, magma, plasma, gray\./,
    );
    expectCamErrorNoLeak(
      () => applyColormap(h2, { name: 'x', lut: new Uint8Array(3) }),
      'INVALID_COLORMAP',
      /lut is a Uint8Array of length 3/,
    );
    expectCamErrorNoLeak(
      () => applyColormap(h4 as unknown as tf.Tensor3D),
      'INVALID_INPUT',
      /applyColormap\(\): heatmap must be one map \[H, W\] or a batch \[B, H, W\]; received a float32 tensor of shape \[1, 5, 6, 1\]/,
    );
    expect(h2.isDisposed || h3.isDisposed).toBe(false);
    tf.dispose([h2, h3, h4]);
  });
});
