import * as tf from '@tensorflow/tfjs-core';
import type { Colormap } from './colormap.js';

/**
 * LUT lookup on device: `lut[floor(255 · clamp(h, 0, 1))]`, NaN read as 0. Returns int32 with a
 * trailing RGB axis. Internal helper of {@link applyColormap} and {@link overlay}; call it inside
 * `tf.tidy` (it creates intermediates).
 * @internal
 */
export function colorize(heatmap: tf.Tensor, colormap: Colormap): tf.Tensor {
  const h = tf.cast(heatmap, 'float32');
  // Backends disagree on clipByValue(NaN) (cpu keeps NaN, wasm gives 0): map NaN to 0 explicitly.
  const clean = tf.where(tf.isNaN(h), tf.zerosLike(h), h);
  // Truncation, as pytorch-grad-cam's np.uint8(255 * mask).
  const index = tf.cast(tf.floor(tf.mul(tf.clipByValue(clean, 0, 1), 255)), 'int32');
  const lut = tf.tensor2d(Int32Array.from(colormap.lut), [256, 3], 'int32');
  return tf.gather(lut, index);
}
