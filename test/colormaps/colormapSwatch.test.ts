import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { colormapSwatch } from '../../src/colormaps/colormapSwatch.js';
import { colormaps } from '../../src/colormaps/colormaps.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

describe('colormapSwatch', () => {
  it('a 256-wide swatch shows every table row once, in order, on every line', () => {
    for (const cmap of [colormaps.jet, colormaps.magma]) {
      const s = colormapSwatch(cmap, 256, 3);
      expect(s.shape).toEqual([3, 256, 3]);
      expect(s.dtype).toBe('int32');
      const data = Array.from(s.dataSync());
      for (let y = 0; y < 3; y++) expect(data.slice(y * 768, (y + 1) * 768)).toEqual(Array.from(cmap.lut));
      s.dispose();
    }
  });

  it('column x shows row round(255 x / (width - 1)); defaults 256 × 16', () => {
    const s = colormapSwatch('viridis', 4, 1);
    const lut = colormaps.viridis.lut;
    const want = [0, 85, 170, 255].flatMap((i) => Array.from(lut.subarray(3 * i, 3 * i + 3)));
    expect(Array.from(s.dataSync())).toEqual(want);
    const d = colormapSwatch('gray');
    expect(d.shape).toEqual([16, 256, 3]);
    const one = colormapSwatch('gray', 1, 2);
    expect(Array.from(one.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([s, d, one]);
  });

  it('does not leak; rejects bad sizes and colormaps without leaking', () => {
    expectNoLeak(() => colormapSwatch('turbo', 32, 4));
    expectCamErrorNoLeak(() => colormapSwatch('turbo', 0), 'INVALID_OPTION', /width must be a positive integer.*\(0\)/);
    expectCamErrorNoLeak(() => colormapSwatch('turbo', 8, 2.5), 'INVALID_OPTION', /height must be a positive integer/);
    expectCamErrorNoLeak(() => colormapSwatch('nope' as 'jet'), 'INVALID_COLORMAP', /^colormapSwatch\(\): colormap "nope" is unknown/);
  });
});
