import { describe, expect, it } from 'vitest';
import { CamError } from '../../src/core/errors.js';
import { fromStops, type ColorStop } from '../../src/colormaps/fromStops.js';
import { gray } from '../../src/colormaps/gray.js';

const row = (lut: Uint8Array, i: number): number[] => Array.from(lut.subarray(3 * i, 3 * i + 3));

function expectInvalid(stops: unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fromStops('bad', stops as ColorStop[]);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CamError);
  expect((caught as CamError).code).toBe('INVALID_COLORMAP');
  expect((caught as CamError).message).toMatch(message);
}

describe('fromStops', () => {
  it('two stops black → white equal gray', () => {
    const bw = fromStops('bw', [
      { at: 0, color: '#000000' },
      { at: 1, color: [1, 1, 1] },
    ]);
    expect(bw.name).toBe('bw');
    expect(Array.from(bw.lut)).toEqual(Array.from(gray.lut));
  });

  it('interpolates linearly in RGB between stops, sorted, with hex or float colours', () => {
    const cmap = fromStops('rgb', [
      { at: 0, color: '#ff0000' },
      { at: 0.5, color: [0, 1, 0] },
      { at: 1, color: '#0000FF' },
    ]);
    expect(row(cmap.lut, 0)).toEqual([255, 0, 0]);
    expect(row(cmap.lut, 255)).toEqual([0, 0, 255]);
    // t = 51/255 = 0.2 → 40 % of the way from red to green: [0.6, 0.4, 0] → [153, 102, 0]
    expect(row(cmap.lut, 51)).toEqual([153, 102, 0]);
    // t = 204/255 = 0.8 → 60 % from green to blue: [0, 0.4, 0.6]
    expect(row(cmap.lut, 204)).toEqual([0, 102, 153]);
    for (let i = 0; i < 256; i++) {
      const t = i / 255;
      const want =
        t <= 0.5 ? [1 - 2 * t, 2 * t, 0] : [0, 1 - (t - 0.5) * 2, (t - 0.5) * 2];
      row(cmap.lut, i).forEach((v, c) => expect(Math.abs(v - 255 * want[c]!)).toBeLessThanOrEqual(0.5 + 1e-9));
    }
  });

  it('clamps outside the first and last stop and supports hard edges', () => {
    const cmap = fromStops('band', [
      { at: 0.25, color: '#101010' },
      { at: 0.5, color: '#202020' },
      { at: 0.5, color: '#f0f0f0' },
      { at: 0.75, color: '#f0f0f0' },
    ]);
    expect(row(cmap.lut, 0)).toEqual([16, 16, 16]);
    expect(row(cmap.lut, 63)).toEqual([16, 16, 16]); // t = 0.247 < 0.25
    // t = 127/255: (t - 0.25)/0.25 = 0.992 of the way from 16 to 32 → 31.87 → 32
    expect(row(cmap.lut, 127)).toEqual([32, 32, 32]);
    // t = 96/255: 0.506 of the way → 24.09 → 24
    expect(row(cmap.lut, 96)).toEqual([24, 24, 24]);
    expect(row(cmap.lut, 128)).toEqual([240, 240, 240]); // t = 0.502 ≥ 0.5: after the edge
    expect(row(cmap.lut, 255)).toEqual([240, 240, 240]);
  });

  it('rejects invalid stops with INVALID_COLORMAP', () => {
    expectInvalid([], /needs an array of at least 2 stops/);
    expectInvalid([{ at: 0, color: '#000000' }], /at least 2 stops.*array of length 1/);
    expectInvalid('#000000', /at least 2 stops/);
    expectInvalid([{ at: 0, color: '#000' }, { at: 1, color: '#fff' }], /stop 0 .* color the string "#000".*'#rrggbb'/);
    expectInvalid([{ at: 0, color: [0, 0, 255] }, { at: 1, color: '#ffffff' }], /stop 0 .* color \[0, 0, 255\]; use \[r, g, b\] with floats in \[0, 1\]/);
    expectInvalid([{ at: 0, color: [0, 0] }, { at: 1, color: '#ffffff' }], /stop 0 .* color \[0, 0\]/);
    expectInvalid([{ at: -0.1, color: '#000000' }, { at: 1, color: '#ffffff' }], /stop 0 .* at = a number \(-0.1\); positions must be numbers in \[0, 1\]/);
    expectInvalid([{ at: 0, color: '#000000' }, { at: 1.2, color: '#ffffff' }], /stop 1 .*positions must be numbers in \[0, 1\]/);
    expectInvalid([{ at: 0.8, color: '#000000' }, { at: 0.2, color: '#ffffff' }], /stop 1 of "bad" is at 0.2, before stop 0 at 0.8; sort the stops/);
    expectInvalid([null, { at: 1, color: '#ffffff' }], /stop 0 .* must be an object \{ at, color \}/);
    expect(() => fromStops('', [{ at: 0, color: '#000000' }, { at: 1, color: '#ffffff' }])).toThrow(
      /fromStops\(\): name must be a non-empty string/,
    );
  });
});
