/**
 * Max pooling whose input gradient is computed with forward ops.
 *
 * The wasm backend's MaxPoolGrad kernel (tfjs 4.22) is wrong in several cases (measured against
 * the cpu kernel on random normal data): a window whose maximum is negative gets no gradient at
 * all (2×2/2 'valid': max error 1.6), 'same' padding acts like zero padding so border windows with
 * a negative maximum lose theirs (3×3/2 and 3×3/1 'same': 2.4), and ties of positive values send
 * the gradient to the last position. After ReLU layers ties at zero are common, and graph models
 * often pool batch-norm outputs (negative values) with 3×3/2 'same' windows. Here each window's
 * gradient is shared equally by its maximal positions, so the per-window sum (all that Grad-CAM's
 * spatial mean sees) is always exact; without ties it equals the cpu kernel.
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
  const grad = isNonOverlappingPool(x.shape, pool, strides, pad) ? alignedWindowsGrad : overlappingWindowsGrad;
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const save = args[1] as tf.GradSaveFunc;
    const value = tf.maxPool(args[0] as tf.Tensor4D, pool, strides, pad);
    save([args[0] as tf.Tensor, value]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor =>
      tf.tidy(() => grad(saved[0] as tf.Tensor4D, saved[1] as tf.Tensor4D, dy as tf.Tensor4D, pool, strides, pad));
    return { value, gradFunc };
  });
  return op(x) as tf.Tensor4D;
}

/**
 * Windows that tile the input without overlap and start at the top-left corner: a reshape to
 * [B, oh, kh, ow, kw, C] compares every window with its maximum at once.
 */
function alignedWindowsGrad(
  input: tf.Tensor4D,
  value: tf.Tensor4D,
  dy: tf.Tensor4D,
  pool: [number, number],
  _strides: [number, number],
  _pad: 'same' | 'valid',
): tf.Tensor4D {
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
}

/**
 * `t` [B,n,m,C] spread on a grid of stride `strides` (rows r·sh, columns q·sw) and placed at
 * offset (i, j) of a zero [B,H,W,C] map.
 */
function spreadAt(t: tf.Tensor4D, strides: [number, number], i: number, j: number, H: number, W: number): tf.Tensor4D {
  const [b, n, m, c] = t.shape;
  const [sh, sw] = strides;
  let g: tf.Tensor4D = t;
  if (sh > 1 || sw > 1) {
    const r = tf.pad(tf.reshape(t, [b, n, 1, m, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    g = tf.slice(tf.reshape(r, [b, n * sh, m * sw, c]) as tf.Tensor4D, [0, 0, 0, 0], [b, (n - 1) * sh + 1, (m - 1) * sw + 1, c]);
  }
  return tf.pad(g, [[0, 0], [i, H - i - g.shape[1]], [j, W - j - g.shape[2]], [0, 0]]);
}

/**
 * The general case: windows that overlap (3×3 stride 2) or start in the padding. For each of the
 * kh·kw window offsets, the strided slice of the padded input is compared with the pooled value;
 * the gradient of each window is shared by its maximal positions and scattered back.
 */
function overlappingWindowsGrad(
  input: tf.Tensor4D,
  y: tf.Tensor4D,
  dy: tf.Tensor4D,
  pool: [number, number],
  strides: [number, number],
  pad: 'same' | 'valid',
): tf.Tensor4D {
  const [b, h, w, c] = input.shape;
  const [, oh, ow] = y.shape;
  const [kh, kw] = pool;
  const [sh, sw] = strides;
  const { top, left } = tf.backend_util.computePool2DInfo(input.shape, pool, strides, 1, pad).padInfo;
  // The padded extent the windows read: rows -top .. H-top-1, columns -left .. W-left-1.
  const H = (oh - 1) * sh + kh;
  const W = (ow - 1) * sw + kw;
  const rows = Math.min(h, H - top);
  const cols = Math.min(w, W - left);
  const xp = tf.pad(tf.slice(input, [0, 0, 0, 0], [b, rows, cols, c]), [[0, 0], [top, H - top - rows], [left, W - left - cols], [0, 0]], -Infinity);
  const isMax: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const xs = tf.stridedSlice(xp, [0, i, j, 0], [b, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, c], [1, sh, sw, 1]);
      isMax.push(tf.cast(tf.equal(xs, y), 'float32') as tf.Tensor4D);
    }
  }
  const share = tf.div(dy, tf.addN(isMax));
  const parts: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) parts.push(spreadAt(tf.mul(isMax[i * kw + j]!, share) as tf.Tensor4D, strides, i, j, H, W));
  const gp = tf.addN(parts);
  const g = tf.slice(gp, [0, top, left, 0], [b, rows, cols, c]);
  return rows < h || cols < w ? tf.pad(g, [[0, 0], [0, h - rows], [0, w - cols], [0, 0]]) : g;
}
