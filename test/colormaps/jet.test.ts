import { describe, expect, it } from 'vitest';
import { jet } from '../../src/colormaps/jet.js';
import { opencvTables } from './fixtures.js';

describe('jet', () => {
  it("equals OpenCV's COLORMAP_JET in RGB order, all 768 bytes", () => {
    const ref = opencvTables['jet']!;
    expect(ref.length).toBe(768);
    expect(jet.name).toBe('jet');
    expect(jet.lut).toBeInstanceOf(Uint8Array);
    expect(jet.lut.length).toBe(768);
    const mismatches: string[] = [];
    for (let i = 0; i < 768; i++) {
      if (jet.lut[i] !== ref[i]) mismatches.push(`row ${Math.floor(i / 3)} ch ${i % 3}: ${jet.lut[i]} vs ${ref[i]}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('is RGB, not BGR: starts dark blue and ends dark red', () => {
    expect(Array.from(jet.lut.subarray(0, 3))).toEqual([0, 0, 128]);
    expect(Array.from(jet.lut.subarray(765, 768))).toEqual([128, 0, 0]);
  });

  it("follows Octave's jet shape clip(1.5 - |4t - c|, 0, 1) within one level (c = 3, 2, 1 for R, G, B)", () => {
    for (let i = 0; i < 256; i++) {
      for (let ch = 0; ch < 3; ch++) {
        const v = Math.min(1, Math.max(0, 1.5 - Math.abs((4 * i) / 255 - (3 - ch))));
        expect(Math.abs(jet.lut[3 * i + ch]! - 255 * v)).toBeLessThanOrEqual(0.5 + 1e-9);
      }
    }
  });
});
