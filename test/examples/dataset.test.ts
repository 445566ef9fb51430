// The demo data set: reproducible from its seed, balanced, and every box tightly holds its object.
import { describe, expect, it } from 'vitest';
import { CLASS_NAMES, generateDataset, type ShapeSample } from '../../examples/shapes/dataset.js';

/** RGB distance between pixel (x, y) and the sample's object colour. */
function distanceToObject(s: ShapeSample, size: number, x: number, y: number): number {
  const i = (y * size + x) * 3;
  return Math.hypot(s.image[i]! - s.color[0], s.image[i + 1]! - s.color[1], s.image[i + 2]! - s.color[2]);
}

/** Shading (±8 %) plus noise (±10 per channel) keep a fully covered pixel this close to the colour. */
const TOLERANCE = 60;

function objectPixelsIn(s: ShapeSample, size: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (distanceToObject(s, size, x, y) <= TOLERANCE) n++;
  return n;
}

describe('generateDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateDataset(12, 1234);
    const b = generateDataset(12, 1234);
    const c = generateDataset(12, 1235);
    expect(a.map((s) => s.label)).toEqual(b.map((s) => s.label));
    expect(a.map((s) => s.box)).toEqual(b.map((s) => s.box));
    for (let i = 0; i < a.length; i++) expect(Buffer.compare(a[i]!.image, b[i]!.image)).toBe(0);
    const same = a.filter((s, i) => Buffer.compare(s.image, c[i]!.image) === 0).length;
    expect(same).toBe(0);
  });

  it('gives H*W*3 RGB bytes of the requested size, with a varied background', () => {
    for (const size of [96, 64]) {
      const [s] = generateDataset(1, 3, size);
      expect(s!.image).toBeInstanceOf(Uint8Array);
      expect(s!.image.length).toBe(size * size * 3);
      const distinct = new Set(s!.image);
      expect(distinct.size).toBeGreaterThan(64);
    }
  });

  it('balances labels and covers every class', () => {
    const ds = generateDataset(60, 77);
    const counts = CLASS_NAMES.map((_, k) => ds.filter((s) => s.label === k).length);
    expect(counts).toEqual([10, 10, 10, 10, 10, 10]);
    const odd = generateDataset(65, 78);
    const oddCounts = CLASS_NAMES.map((_, k) => odd.filter((s) => s.label === k).length);
    expect(oddCounts).toEqual([11, 11, 11, 11, 11, 10]);
    // Shuffled, not cycled.
    expect(ds.slice(0, 6).map((s) => s.label)).not.toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps every box inside the image, sized like the object (20-45 % of the side)', () => {
    const size = 96;
    for (const s of generateDataset(300, 9, size)) {
      const [x0, y0, x1, y1] = s.box;
      expect(Number.isInteger(x0) && Number.isInteger(y0) && Number.isInteger(x1) && Number.isInteger(y1)).toBe(true);
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(size);
      expect(y1).toBeLessThanOrEqual(size);
      const extent = Math.max(x1 - x0, y1 - y0) / size;
      expect(extent).toBeGreaterThanOrEqual(0.12);
      expect(extent).toBeLessThanOrEqual(0.48);
    }
  });

  it('has object pixels along every edge of each box and filling a good part of it', () => {
    const size = 96;
    const band = 3;
    for (const s of generateDataset(300, 10, size)) {
      const [x0, y0, x1, y1] = s.box;
      // A 3-pixel band just inside each edge holds pixels of the object's colour...
      expect(objectPixelsIn(s, size, x0, y0, x1, y0 + band)).toBeGreaterThan(0);
      expect(objectPixelsIn(s, size, x0, y1 - band, x1, y1)).toBeGreaterThan(0);
      expect(objectPixelsIn(s, size, x0, y0, x0 + band, y1)).toBeGreaterThan(0);
      expect(objectPixelsIn(s, size, x1 - band, y0, x1, y1)).toBeGreaterThan(0);
      // ...and the object fills at least a fifth of its box (a thin-armed star fills the least).
      const area = (x1 - x0) * (y1 - y0);
      expect(objectPixelsIn(s, size, x0, y0, x1, y1) / area).toBeGreaterThan(0.2);
    }
  });

  it('draws the object in a colour that stands out from the background around it', () => {
    const size = 96;
    for (const s of generateDataset(60, 11, size)) {
      const [x0, y0, x1, y1] = s.box;
      // Corners just outside the box (clamped): mostly background, far from the object colour.
      const xs = [Math.max(0, x0 - 2), Math.min(size - 1, x1 + 1)];
      const ys = [Math.max(0, y0 - 2), Math.min(size - 1, y1 + 1)];
      const far = xs.flatMap((x) => ys.map((y) => distanceToObject(s, size, x, y)));
      expect(Math.max(...far)).toBeGreaterThan(TOLERANCE);
    }
  });

  it('rejects a bad count or size', () => {
    expect(() => generateDataset(-1, 1)).toThrow(/count must be a non-negative integer; received -1/);
    expect(() => generateDataset(2.5, 1)).toThrow(/count/);
    expect(() => generateDataset(1, 1, 16)).toThrow(/size must be an integer >= 32; received 16/);
  });
});
