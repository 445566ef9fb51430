/**
 * The demo data set: procedurally drawn shapes on cluttered backgrounds, in pure TypeScript
 * (no canvas, no native code), fully determined by a seed.
 *
 * Each image has one object from {@link CLASS_NAMES}, anti-aliased (4×4 supersampling), at a random
 * position, scale (its extent is 20–45 % of the image side) and colour, standing upright with a small
 * random tilt (±15°: a cross stays a plus sign, a triangle and a star point up), over a smooth random
 * colour gradient with thin random lines, small dots and per-pixel noise. The clutter is never one of
 * the six classes: lines are ≤ 1.5 px wide and dots ≤ 2 px in radius, while the smallest object is about
 * 19 px across at 96 × 96.
 */
import { insideShape } from './insideShape.js';
import { mulberry32 } from '../../src/core/mulberry32.js';

/** Class names, indexed by label. */
export const CLASS_NAMES = ['circle', 'square', 'triangle', 'star', 'cross', 'ring'] as const;

/** One generated image with its label and the object's bounding box. */
export interface ShapeSample {
  /** RGB bytes, row-major, `size * size * 3` values. */
  image: Uint8Array;
  /** Class index into {@link CLASS_NAMES}. */
  label: number;
  /**
   * The object's pixel bounds `[x0, y0, x1, y1]`: the pixels `x0 <= x < x1`, `y0 <= y < y1` hold every
   * pixel the object covers at least half (x1, y1 exclusive, like `slice`).
   */
  box: [number, number, number, number];
  /** The object's base RGB colour (before shading and noise). */
  color: [number, number, number];
}

type Rgb = [number, number, number];
type Rand = () => number;

const SUBSAMPLES = 4; // per axis, for the object's anti-aliasing
const NOISE = 10; // uniform per-channel noise amplitude, in 0..255 units
const MIN_CONTRAST = 110; // minimum RGB distance between the object and the background under it
const MAX_TILT = Math.PI / 12; // objects stand upright, tilted by at most ±15°

function uniform(rand: Rand, lo: number, hi: number): number {
  return lo + (hi - lo) * rand();
}

function randomColor(rand: Rand): Rgb {
  return [rand() * 255, rand() * 255, rand() * 255];
}

/** Alpha-blends `rgb` over pixel (x, y) of a float RGB canvas with coverage `a` in [0, 1]. */
function blend(canvas: Float32Array, size: number, x: number, y: number, rgb: Rgb, a: number): void {
  if (a <= 0 || x < 0 || y < 0 || x >= size || y >= size) return;
  const i = (y * size + x) * 3;
  for (let c = 0; c < 3; c++) canvas[i + c] = canvas[i + c]! * (1 - a) + rgb[c]! * a;
}

/** Smooth background: bilinear blend of four random corner colours plus a soft diagonal wave. */
function drawBackground(rand: Rand, size: number): Float32Array {
  const corners = [randomColor(rand), randomColor(rand), randomColor(rand), randomColor(rand)];
  const waveAmp = uniform(rand, 0, 30);
  const waveFreq = uniform(rand, 0.5, 2.5);
  const waveAngle = uniform(rand, 0, Math.PI);
  const phase = uniform(rand, 0, 2 * Math.PI);
  const canvas = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const ty = y / (size - 1);
    for (let x = 0; x < size; x++) {
      const tx = x / (size - 1);
      const along = tx * Math.cos(waveAngle) + ty * Math.sin(waveAngle);
      const wave = waveAmp * Math.sin(2 * Math.PI * waveFreq * along + phase);
      for (let c = 0; c < 3; c++) {
        const top = corners[0]![c]! * (1 - tx) + corners[1]![c]! * tx;
        const bottom = corners[2]![c]! * (1 - tx) + corners[3]![c]! * tx;
        canvas[(y * size + x) * 3 + c] = top * (1 - ty) + bottom * ty + wave;
      }
    }
  }
  return canvas;
}

/** A thin anti-aliased line segment (coverage from the distance to the segment). */
function drawLine(canvas: Float32Array, size: number, rand: Rand): void {
  const x0 = uniform(rand, -5, size + 5);
  const y0 = uniform(rand, -5, size + 5);
  const length = uniform(rand, 0.1, 0.7) * size;
  const angle = uniform(rand, 0, 2 * Math.PI);
  const x1 = x0 + length * Math.cos(angle);
  const y1 = y0 + length * Math.sin(angle);
  const halfWidth = uniform(rand, 0.35, 0.75);
  const alpha = uniform(rand, 0.5, 1);
  const rgb = randomColor(rand);
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  const xa = Math.max(0, Math.floor(Math.min(x0, x1) - 2));
  const xb = Math.min(size - 1, Math.ceil(Math.max(x0, x1) + 2));
  const ya = Math.max(0, Math.floor(Math.min(y0, y1) - 2));
  const yb = Math.min(size - 1, Math.ceil(Math.max(y0, y1) + 2));
  for (let y = ya; y <= yb; y++) {
    for (let x = xa; x <= xb; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
      const dist = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
      const cover = Math.max(0, Math.min(1, halfWidth + 0.5 - dist));
      blend(canvas, size, x, y, rgb, cover * alpha);
    }
  }
}

/** A small anti-aliased dot or speck. */
function drawDot(canvas: Float32Array, size: number, rand: Rand): void {
  const cx = uniform(rand, 0, size);
  const cy = uniform(rand, 0, size);
  const radius = uniform(rand, 0.6, 2);
  const alpha = uniform(rand, 0.6, 1);
  const rgb = randomColor(rand);
  for (let y = Math.floor(cy - radius - 1); y <= Math.ceil(cy + radius + 1); y++) {
    for (let x = Math.floor(cx - radius - 1); x <= Math.ceil(cx + radius + 1); x++) {
      const dist = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      blend(canvas, size, x, y, rgb, Math.max(0, Math.min(1, radius + 0.5 - dist)) * alpha);
    }
  }
}

/** Background colour at (x, y), clamped to the canvas. */
function colorAt(canvas: Float32Array, size: number, x: number, y: number): Rgb {
  const xi = Math.max(0, Math.min(size - 1, Math.round(x)));
  const yi = Math.max(0, Math.min(size - 1, Math.round(y)));
  const i = (yi * size + xi) * 3;
  return [canvas[i]!, canvas[i + 1]!, canvas[i + 2]!];
}

/** Picks an object colour at least MIN_CONTRAST away from the background at the given points. */
function contrastingColor(rand: Rand, under: Rgb[]): Rgb {
  for (let attempt = 0; attempt < 100; attempt++) {
    const rgb = randomColor(rand);
    const closest = Math.min(...under.map((bg) => Math.hypot(rgb[0] - bg[0], rgb[1] - bg[1], rgb[2] - bg[2])));
    if (closest >= MIN_CONTRAST) return rgb;
  }
  const mean = [0, 1, 2].map((c) => under.reduce((s, bg) => s + bg[c]!, 0) / under.length);
  return [mean[0]! < 128 ? 255 : 0, mean[1]! < 128 ? 255 : 0, mean[2]! < 128 ? 255 : 0];
}

/** Draws the labelled object, anti-aliased and gently shaded; returns its colour and box. */
function drawObject(
  canvas: Float32Array,
  size: number,
  rand: Rand,
  label: number,
): { color: Rgb; box: [number, number, number, number] } {
  // Every shape lies within 1.07 radii of its centre; keep it whole inside the image.
  const radius = (uniform(rand, 0.2, 0.45) * size) / 2;
  const reach = radius * 1.07 + 1;
  const cx = uniform(rand, reach, size - reach);
  const cy = uniform(rand, reach, size - reach);
  const angle = uniform(rand, -MAX_TILT, MAX_TILT);
  const lightAngle = uniform(rand, 0, 2 * Math.PI);
  const under = [colorAt(canvas, size, cx, cy)];
  for (const [ox, oy] of [[-1, -1], [1, -1], [-1, 1], [1, 1], [0, 0.6]] as const) {
    under.push(colorAt(canvas, size, cx + ox * radius * 0.7, cy + oy * radius * 0.7));
  }
  const color = contrastingColor(rand, under);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const box: [number, number, number, number] = [size, size, 0, 0];
  const step = 1 / SUBSAMPLES;
  for (let y = Math.floor(cy - reach); y <= Math.ceil(cy + reach); y++) {
    for (let x = Math.floor(cx - reach); x <= Math.ceil(cx + reach); x++) {
      let hits = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const dx = (x + (sx + 0.5) * step - cx) / radius;
          const dy = (y + (sy + 0.5) * step - cy) / radius;
          if (insideShape(label, dx * cos + dy * sin, -dx * sin + dy * cos)) hits++;
        }
      }
      if (hits === 0) continue;
      const cover = hits / (SUBSAMPLES * SUBSAMPLES);
      const shade = 1 + 0.08 * (((x + 0.5 - cx) * Math.cos(lightAngle) + (y + 0.5 - cy) * Math.sin(lightAngle)) / radius);
      blend(canvas, size, x, y, [color[0] * shade, color[1] * shade, color[2] * shade], cover);
      if (cover >= 0.5) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x + 1);
        box[3] = Math.max(box[3], y + 1);
      }
    }
  }
  return { color, box };
}

/** One sample: background, clutter under the object, the object, a few specks over it, noise. */
function generateSample(rand: Rand, label: number, size: number): ShapeSample {
  const canvas = drawBackground(rand, size);
  const lines = 3 + Math.floor(rand() * 6);
  for (let i = 0; i < lines; i++) drawLine(canvas, size, rand);
  const dots = 10 + Math.floor(rand() * 21);
  for (let i = 0; i < dots; i++) drawDot(canvas, size, rand);
  const { color, box } = drawObject(canvas, size, rand, label);
  const specks = Math.floor(rand() * 4);
  for (let i = 0; i < specks; i++) drawDot(canvas, size, rand);
  const image = new Uint8Array(size * size * 3);
  for (let i = 0; i < image.length; i++) {
    image[i] = Math.max(0, Math.min(255, Math.round(canvas[i]! + uniform(rand, -NOISE, NOISE))));
  }
  return { image, label, box, color };
}

/**
 * Generates `count` labelled images, deterministically from `seed`. Labels are balanced (each class
 * occurs `floor(count / 6)` or `ceil(count / 6)` times) and shuffled.
 *
 * @param count - number of samples (a non-negative integer).
 * @param seed - PRNG seed; the same seed gives byte-identical samples. Use different seeds for the
 *   train, validation and test splits.
 * @param size - image side in pixels (default 96; at least 32).
 * @returns the samples, each with `size * size * 3` RGB bytes, its label and its object's box.
 *
 * @example
 * ```ts
 * const [sample] = generateDataset(1, 7);
 * CLASS_NAMES[sample.label]; // e.g. 'star'
 * ```
 * @category Examples
 */
export function generateDataset(count: number, seed: number, size = 96): ShapeSample[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`generateDataset(): count must be a non-negative integer; received ${count}`);
  }
  if (!Number.isInteger(size) || size < 32) {
    throw new RangeError(`generateDataset(): size must be an integer >= 32; received ${size}`);
  }
  const rand = mulberry32(seed);
  const labels = Array.from({ length: count }, (_, i) => i % CLASS_NAMES.length);
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return labels.map((label) => generateSample(rand, label, size));
}
