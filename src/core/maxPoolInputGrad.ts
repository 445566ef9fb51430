/**
 * Max pooling whose input gradient is computed with forward ops, for non-overlapping windows.
 *
 * The wasm backend's MaxPoolGrad kernel (tfjs 4.22) loses the gradient of some windows whose
 * values tie (measured: a window of equal negative values gets no gradient at all, ties of positive
 * values send it to the last position), which changes Grad-CAM weights after ReLU layers, where
 * ties at zero are common. Here each window's gradient is shared equally by its maximal positions,
 * so the per-window sum (all that Grad-CAM's spatial mean sees) is always exact.
 */
import * as tf from '@tensorflow/tfjs-core';

/** True when max pooling with these settings is covered: windows equal to strides, no leading pad. */
export function isNonOverlappingPool(
  xShape: [number, number, number, number],
  pool: [number, number],
  strides: [number, number],
  pad: 'same' | 'valid',
): boolean {
  if (pool[0] !== strides[0] || pool[1] !== strides[1]) return false;
  if (pad === 'valid') return true;
  const info = tf.backend_util.computePool2DInfo(xShape, pool, strides, 1, pad);
  return info.padInfo.top === 0 && info.padInfo.left === 0;
}

export function maxPoolInputGrad(
  x: tf.Tensor4D,
  pool: [number, number],
  strides: [number, number],
  pad: 'same' | 'valid',
): tf.Tensor4D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[1] as tf.GradSaveFunc;
    const value = tf.maxPool(args[0] as tf.Tensor4D, pool, strides, pad);
    save([args[0] as tf.Tensor, value]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor =>
      tf.tidy(() => {
        const input = saved[0] as tf.Tensor4D;
        const value = saved[1] as tf.Tensor4D;
        const [b, h, w, c] = input.shape;
        const [, oh, ow] = value.shape;
        const [kh, kw] = pool;
        const hh = oh * kh;
        const ww = ow * kw;
        // Window-aligned view of x: crop (valid) or pad with -Infinity at the bottom/right (same).
        let xa: tf.Tensor4D = tf.slice(input, [0, 0, 0, 0], [b, Math.min(h, hh), Math.min(w, ww), c]);
        if (hh > h || ww > w) xa = tf.pad(xa, [[0, 0], [0, Math.max(0, hh - h)], [0, Math.max(0, ww - w)], [0, 0]], -Infinity);
        const xr = tf.reshape(xa, [b, oh, kh, ow, kw, c]);
        const yr = tf.reshape(value, [b, oh, 1, ow, 1, c]);
        const isMax = tf.cast(tf.equal(xr, yr), 'float32');
        const count = tf.sum(isMax, [2, 4], true);
        const share = tf.div(tf.reshape(dy, [b, oh, 1, ow, 1, c]), count);
        const g = tf.reshape(tf.mul(isMax, share), [b, hh, ww, c]) as tf.Tensor4D;
        let dx: tf.Tensor4D = tf.slice(g, [0, 0, 0, 0], [b, Math.min(h, hh), Math.min(w, ww), c]);
        if (h > hh || w > ww) dx = tf.pad(dx, [[0, 0], [0, Math.max(0, h - hh)], [0, Math.max(0, w - ww)], [0, 0]]);
        return dx;
      });
    return { value, gradFunc };
  });
  return op(x) as tf.Tensor4D;
}
