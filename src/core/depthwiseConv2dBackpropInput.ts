/**
 * The input gradient of a depthwise convolution, computed with forward ops that every backend has.
 *
 * The wasm backend has no `DepthwiseConv2dNativeBackpropInput` kernel. The gradient of
 * `y = depthwiseConv2d(x, f)` with respect to `x` is a transposed depthwise convolution: dilate `dy`
 * by the stride (insert stride-1 zeros), pad it, and correlate it with the spatially flipped filter.
 * With a channel multiplier M each of the C·M output channels is correlated with its own filter
 * slice and the M results of an input channel are summed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { padOrCrop } from './padOrCrop.js';

function dilate(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
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
 * dx for `y = depthwiseConv2d(x, filter, strides, pad, 'NHWC', dilations)`.
 * @param xShape [B,H,W,C] of the forward input; dy [B,oh,ow,C·M]; filter [kh,kw,C,M].
 */
export function depthwiseConv2dBackpropInput(
  xShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  pad: 'same' | 'valid',
  dilations: [number, number],
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filter.shape;
    const [b, hIn, wIn] = xShape;
    const info = tf.backend_util.computeConv2DInfo(
      xShape,
      filter.shape,
      strides,
      dilations,
      pad,
      undefined,
      true,
    );
    const [sh, sw] = strides;
    const [dh, dw] = dilations;
    const dyD = dilate(dy, sh, sw);
    const lh = dyD.shape[1];
    const lw = dyD.shape[2];
    const topP = (kh - 1) * dh - info.padInfo.top;
    const leftP = (kw - 1) * dw - info.padInfo.left;
    const bottomP = hIn + info.padInfo.top - lh;
    const rightP = wIn + info.padInfo.left - lw;
    let padded = padOrCrop(dyD, 1, topP, bottomP);
    padded = padOrCrop(padded, 2, leftP, rightP);
    const flipped = tf.reverse(filter, [0, 1]);
    const f = tf.reshape(flipped, [kh, kw, c * m, 1]) as tf.Tensor4D;
    const dxM = tf.depthwiseConv2d(padded, f, 1, 'valid', 'NHWC', [dh, dw]);
    if (m === 1) return dxM;
    return tf.sum(tf.reshape(dxM, [b, hIn, wIn, c, m]), 4) as tf.Tensor4D;
  });
}

/** True when the active backend has a native kernel for the depthwise input gradient. */
export function hasNativeDepthwiseBackprop(): boolean {
  return tf.getKernel('DepthwiseConv2dNativeBackpropInput', tf.getBackend()) != null;
}

/**
 * `depthwiseConv2d` whose gradient is taken with respect to `x` only, through
 * {@link depthwiseConv2dBackpropInput}; the filter is a constant.
 */
export function depthwiseConv2dInputGrad(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  pad: 'same' | 'valid',
  dilations: [number, number],
): tf.Tensor4D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x4 = args[0] as tf.Tensor4D;
    const value = tf.depthwiseConv2d(x4, filter, strides, pad, 'NHWC', dilations);
    const gradFunc = (dy: tf.Tensor): tf.Tensor =>
      depthwiseConv2dBackpropInput(x4.shape, dy as tf.Tensor4D, filter, strides, pad, dilations);
    return { value, gradFunc };
  });
  return op(x) as tf.Tensor4D;
}
