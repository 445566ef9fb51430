/** Host-side helpers: reading maps and ranking their pixels. */
import type * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';

/** The map's values on the host, checked to be finite. */
export async function readMap(heatmap: tf.Tensor, fn: string): Promise<Float32Array> {
  const values = (await heatmap.data()) as Float32Array;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new CamError('NON_FINITE_INPUT', `${fn}: the heatmap contains NaN or Infinity (at flat index ${i}); pass a finite map`);
    }
  }
  return values;
}

/**
 * Ranks the `n` pixels of `values[offset .. offset+n)`: `order[r]` is the pixel of rank r (0 = the
 * highest value), `rank[p]` the rank of pixel p. Ties go to the lower index first (deterministic).
 */
export function rankPixels(values: ArrayLike<number>, offset: number, n: number): { order: Int32Array; rank: Int32Array } {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => values[offset + b]! - values[offset + a]! || a - b);
  const order = Int32Array.from(idx);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[order[r]!] = r;
  return { order, rank };
}
