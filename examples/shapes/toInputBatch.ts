import * as tf from '@tensorflow/tfjs-core';
import type { ShapeSample } from './dataset.js';

/**
 * Turns generated samples into the demo model's input: float32 `[B, H, W, 3]`, RGB bytes / 255 in
 * [0, 1].
 *
 * @param samples - one or more samples of the same square size.
 * @returns a new tensor; the caller owns it.
 *
 * @example
 * ```ts
 * const x = toInputBatch(generateDataset(8, 3)); // [8, 96, 96, 3]
 * const probs = model.predict(x);
 * x.dispose();
 * ```
 * @category Examples
 */
export function toInputBatch(samples: readonly ShapeSample[]): tf.Tensor4D {
  if (samples.length === 0) throw new RangeError('toInputBatch(): samples is empty; pass at least one sample');
  const pixels = samples[0]!.image.length / 3;
  const size = Math.round(Math.sqrt(pixels));
  const values = new Float32Array(samples.length * pixels * 3);
  samples.forEach((s, i) => {
    if (s.image.length !== pixels * 3) {
      throw new RangeError(`toInputBatch(): sample ${i} has ${s.image.length} bytes; expected ${pixels * 3} like sample 0`);
    }
    const offset = i * pixels * 3;
    for (let k = 0; k < s.image.length; k++) values[offset + k] = s.image[k]! / 255;
  });
  return tf.tensor4d(values, [samples.length, size, size, 3], 'float32');
}
