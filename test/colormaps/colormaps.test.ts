import { describe, expect, it } from 'vitest';
import { colormaps } from '../../src/colormaps/colormaps.js';
import { matplotlibSamples, opencvTables } from './fixtures.js';

const row = (lut: Uint8Array, i: number): number[] => Array.from(lut.subarray(3 * i, 3 * i + 3));

describe('colormaps (built-ins)', () => {
  it('lists the built-ins by name, each a 768-byte table named after its key', () => {
    expect(Object.keys(colormaps)).toEqual(['jet', 'turbo', 'viridis', 'inferno', 'magma', 'plasma', 'gray']);
    for (const [key, cmap] of Object.entries(colormaps)) {
      expect(cmap.name).toBe(key);
      expect(cmap.lut).toBeInstanceOf(Uint8Array);
      expect(cmap.lut.length).toBe(768);
    }
    expect(Object.isFrozen(colormaps)).toBe(true);
  });

  for (const name of ['turbo', 'viridis', 'inferno', 'magma', 'plasma'] as const) {
    it(`${name}: sampled rows (ends included) equal round(255 · v) of matplotlib's table`, () => {
      const floats = matplotlibSamples.tables[name]!;
      expect(matplotlibSamples.indices[0]).toBe(0);
      expect(matplotlibSamples.indices.at(-1)).toBe(255);
      matplotlibSamples.indices.forEach((index, k) => {
        expect(row(colormaps[name].lut, index)).toEqual(floats[k]!.map((v) => Math.round(255 * v)));
      });
    });

    it(`${name}: all 768 bytes equal OpenCV's COLORMAP_${name.toUpperCase()} (RGB)`, () => {
      expect(Array.from(colormaps[name].lut)).toEqual(Array.from(opencvTables[name]!));
    });
  }

  it('endpoints match the published hex values', () => {
    const hex = (name: keyof typeof colormaps, i: number): string =>
      '#' + row(colormaps[name].lut, i).map((v) => v.toString(16).padStart(2, '0')).join('');
    expect([hex('viridis', 0), hex('viridis', 255)]).toEqual(['#440154', '#fde725']);
    expect([hex('inferno', 0), hex('inferno', 255)]).toEqual(['#000004', '#fcffa4']);
    expect([hex('magma', 0), hex('magma', 255)]).toEqual(['#000004', '#fcfdbf']);
    expect([hex('plasma', 0), hex('plasma', 255)]).toEqual(['#0d0887', '#f0f921']);
    expect([hex('turbo', 0), hex('turbo', 255)]).toEqual(['#30123b', '#7a0403']);
    expect([hex('jet', 0), hex('jet', 255)]).toEqual(['#000080', '#800000']);
  });

  it('gray: row i is [i, i, i]', () => {
    for (let i = 0; i < 256; i++) expect(row(colormaps.gray.lut, i)).toEqual([i, i, i]);
  });
});
