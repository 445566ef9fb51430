import { describe, expect, it } from 'vitest';
import { CamError } from '../../src/core/errors.js';
import { fromFunction } from '../../src/colormaps/fromFunction.js';
import { getColormap } from '../../src/colormaps/getColormap.js';
import { viridis } from '../../src/colormaps/viridis.js';

describe('getColormap', () => {
  it('resolves built-in names and passes Colormap objects through', () => {
    expect(getColormap('viridis')).toBe(viridis);
    expect(Array.from(getColormap('viridis').lut.subarray(0, 3))).toEqual([68, 1, 84]);
    const custom = fromFunction('custom', (t) => [t, 0, 1 - t]);
    expect(getColormap(custom)).toBe(custom);
  });

  it('throws INVALID_COLORMAP listing the built-ins for an unknown name', () => {
    expect(() => getColormap('jett')).toThrow(CamError);
    try {
      getColormap('jett');
    } catch (e) {
      expect((e as CamError).code).toBe('INVALID_COLORMAP');
      expect((e as CamError).message).toBe(
        'getColormap(): colormap "jett" is unknown; built-in colormaps: jet, turbo, viridis, inferno, magma, ' +
          'plasma, gray. Build your own with fromStops, fromFunction or fromLut.',
      );
    }
    // inherited object keys are not colormaps
    expect(() => getColormap('toString')).toThrow(/colormap "toString" is unknown/);
  });

  it('throws INVALID_COLORMAP for malformed colormap objects', () => {
    const bad = [
      null,
      42,
      { name: 'short', lut: new Uint8Array(767) },
      { name: 'array', lut: new Array(768).fill(0) },
      { lut: new Uint8Array(768) },
    ];
    for (const b of bad) {
      expect(() => getColormap(b as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_COLORMAP', message: expect.stringMatching(/^getColormap\(\): colormap must be/) }),
      );
    }
    expect(() => getColormap({ name: 'short', lut: new Uint8Array(767) })).toThrow(/lut is a Uint8Array of length 767/);
  });
});
