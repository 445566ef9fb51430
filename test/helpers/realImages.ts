/**
 * Inputs and map checks for the tests on real pretrained models: example images scaled to a
 * model's input, a drawn face, and the properties a usable heatmap must have.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { readImage } from '../../src/node/readImage.js';

/** An image of examples/images as [1,size,size,3] RGB in [0,1] (bilinear, half-pixel centres). */
export async function exampleImage(name: string, size: number): Promise<tf.Tensor4D> {
  const image = await readImage(fileURLToPath(new URL(`../../examples/images/${name}`, import.meta.url)));
  const x = tf.tidy(() => tf.image.resizeBilinear(tf.expandDims(tf.div(tf.cast(image, 'float32'), 255), 0) as tf.Tensor4D, [size, size], false, true));
  image.dispose();
  return x;
}

/**
 * A 64×64 grayscale cartoon face in [0,1]: light oval, dark eyes and brows, and a mouth that curves up
 * (`mood` 1: smile), is straight (0) or curves down (-1: frown).
 */
export function drawFace(mood: 1 | 0 | -1): Float32Array {
  const out = new Float32Array(64 * 64);
  for (let v = 0; v < 64; v++) {
    for (let u = 0; u < 64; u++) {
      let g = 0.25;
      if (((u - 32) / 21) ** 2 + ((v - 34) / 27) ** 2 <= 1) g = 0.8;
      for (const ex of [24, 40]) if ((u - ex) ** 2 + (v - 28) ** 2 <= 9) g = 0.1;
      for (const ex of [24, 40]) if (Math.abs(u - ex) < 5 && Math.abs(v - 22) < 1) g = 0.15;
      if (u >= 22 && u <= 42 && Math.abs(v - (46 - mood * 0.04 * (u - 32) ** 2 + mood * 2)) < 1.3) g = 0.1;
      out[v * 64 + u] = g;
    }
  }
  return out;
}

/** Faces as the emotion model of @vladmandic/human expects them: [B,64,64,1], (gray − 0.5)·2. */
export function emotionInput(moods: Array<1 | 0 | -1>): tf.Tensor4D {
  return tf.tidy(() => {
    const faces = moods.map((m) => tf.tensor4d(drawFace(m), [1, 64, 64, 1]));
    return tf.mul(tf.sub(tf.concat(faces), 0.5), 2) as tf.Tensor4D;
  });
}

/** Per-sample slices of a [B,H,W] heatmap. */
export function perSample(heatmap: tf.Tensor3D): Float32Array[] {
  const [b, h, w] = heatmap.shape;
  const data = heatmap.dataSync() as Float32Array;
  return Array.from({ length: b }, (_, i) => data.subarray(i * h * w, (i + 1) * h * w));
}

/** A usable map: finite, in [0,1], normalised (max 1), not constant (std > 0.05), not mostly zero. */
export function expectUsableMap(map: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of map) {
    expect(Number.isFinite(v)).toBe(true);
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  const mean = sum / map.length;
  let variance = 0;
  for (const v of map) variance += (v - mean) ** 2;
  expect(min).toBeGreaterThanOrEqual(0);
  expect(max).toBeGreaterThan(0.99);
  expect(max).toBeLessThanOrEqual(1);
  expect(Math.sqrt(variance / map.length)).toBeGreaterThan(0.05);
  expect(mean).toBeGreaterThan(0.01);
}

/** Mean absolute difference of two maps. */
export function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}

/** Index of the largest value of each row of a [B,C] tensor. */
export function argMaxRows(output: tf.Tensor): number[] {
  const rows = output.arraySync() as number[][];
  return rows.map((r) => r.indexOf(Math.max(...r)));
}
