/**
 * The shared step of input gradients computed with forward convolutions.
 *
 * For `y = conv(x, f)` (regular or depthwise, any stride, padding and dilation), `dx` is the
 * correlation, at the same dilation and stride 1, of `dy` spread out by the stride (stride−1 zeros
 * between samples) and padded so that the result has x's size, with the spatially flipped filter.
 * This returns the spread and padded `dy`; the caller correlates it with its own filter transform.
 * Forward convolutions are what every backend makes fast (on wasm, Conv2DBackpropInput is about
 * 10× slower than the forward convolution of the same size, and the depthwise one does not exist).
 */
import * as tf from '@tensorflow/tfjs-core';
import { padOrCrop } from './padOrCrop.js';

/** Inserts stride−1 zero rows/columns between the samples of `dy`. */
function spread(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [b, h, w, c] = dy.shape;
  let y: tf.Tensor4D = dy;
  if (sh > 1) {
    // rows: [B,h,1,w*c] → pad → [B,h,sh,w*c] → [B,h*sh,w,c] → keep (h-1)*sh+1 rows
    const r = tf.pad(tf.reshape(y, [b, h, 1, w * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    y = tf.slice(tf.reshape(r, [b, h * sh, w, c]), [0, 0, 0, 0], [b, (h - 1) * sh + 1, w, c]) as tf.Tensor4D;
  }
  if (sw > 1) {
    const hh = y.shape[1];
    const r = tf.pad(tf.reshape(y, [b * hh, w, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    y = tf.slice(tf.reshape(r, [b, hh, w * sw, c]), [0, 0, 0, 0], [b, hh, (w - 1) * sw + 1, c]) as tf.Tensor4D;
  }
  return y;
}

/**
 * `dy` spread by the stride and padded (or cropped) for a 'valid', stride-1 correlation at
 * `dilations` with the flipped filter that yields an [B,H,W,·] input gradient.
 */
export function spreadAndPad(
  dy: tf.Tensor4D,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: 'same' | 'valid',
  dilations: [number, number],
  depthwise: boolean,
): tf.Tensor4D {
  const [kh, kw] = filterShape;
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, dilations, pad, undefined, depthwise);
  const spreadDy = spread(dy, strides[0], strides[1]);
  const top = (kh - 1) * dilations[0] - info.padInfo.top;
  const left = (kw - 1) * dilations[1] - info.padInfo.left;
  const bottom = xShape[1] + info.padInfo.top - spreadDy.shape[1];
  const right = xShape[2] + info.padInfo.left - spreadDy.shape[2];
  return padOrCrop(padOrCrop(spreadDy, 1, top, bottom), 2, left, right);
}
