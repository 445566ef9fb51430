import { describe, expect, it } from 'vitest';
import { fromFunction } from '../../src/colormaps/fromFunction.js';
import { fromLut } from '../../src/colormaps/fromLut.js';

describe('fromFunction', () => {
  it('samples t = i / 255 and stores round(255 · clamp(v, 0, 1))', () => {
    const seen: number[] = [];
    const cmap = fromFunction('probe', (t) => {
      seen.push(t);
      return [t, 1 - t, 2 * t - 0.5]; // blue goes outside [0, 1] and is clamped
    });
    expect(seen).toEqual(Array.from({ length: 256 }, (_, i) => i / 255));
    expect(cmap.name).toBe('probe');
    expect(Array.from(cmap.lut.subarray(0, 3))).toEqual([0, 255, 0]);
    expect(Array.from(cmap.lut.subarray(3 * 255, 768))).toEqual([255, 0, 255]);
    // i = 100: [100, 155, round(255 · (200/255 - 0.5)) = round(72.5) = 73]
    expect(Array.from(cmap.lut.subarray(300, 303))).toEqual([100, 155, 73]);
    expect(Object.isFrozen(cmap)).toBe(true);
  });

  it('equals fromLut of the same samples', () => {
    const fn = (t: number): [number, number, number] => [Math.sin(3 * t) ** 2, Math.sqrt(t), 1 - t * t];
    const rows = Array.from({ length: 256 }, (_, i) => fn(i / 255).map((v) => Math.round(255 * v)));
    expect(Array.from(fromFunction('f', fn).lut)).toEqual(Array.from(fromLut('f', rows).lut));
  });

  it('rejects bad functions and results with INVALID_COLORMAP', () => {
    expect(() => fromFunction('x', 'red' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_COLORMAP', message: expect.stringMatching(/fn must be a function/) }),
    );
    expect(() => fromFunction('x', (t) => (t > 0.5 ? [NaN, 0, 0] : [0, 0, 0]))).toThrow(
      expect.objectContaining({
        code: 'INVALID_COLORMAP',
        message: expect.stringMatching(/fromFunction\(\): fn\(0\.50196\d*\) for "x" must return \[r, g, b\].*received \[NaN, 0, 0\]/),
      }),
    );
    expect(() => fromFunction('x', () => [0, 0] as never)).toThrow(/received \[0, 0\]/);
    expect(() => fromFunction('x', () => 0.5 as never)).toThrow(/received a number \(0\.5\)/);
    expect(() => fromFunction(undefined as never, (t) => [t, t, t])).toThrow(
      /fromFunction\(\): name must be a non-empty string; received undefined/,
    );
  });
});
