/**
 * The input gradient of a depthwise convolution, computed with forward ops that every backend has.
 *
 * The wasm backend has no `DepthwiseConv2dNativeBackpropInput` kernel, and tfjs refuses the
 * gradient of a dilated depthwise convolution on every backend. The gradient with respect to `x`
 * is a transposed depthwise convolution ({@link spreadAndPad}); with a channel multiplier M each of
 * the C·M output channels is correlated with its own flipped filter slice and the M results of an
 * input channel are summed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from './camCache.js';
import { inputOnlyGrad } from './inputOnlyGrad.js';
import { spreadAndPad } from './transposedConvInput.js';

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
  cache?: CamCache,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filter.shape;
    const [b, hIn, wIn] = xShape;
    const padded = spreadAndPad(dy, xShape, filter.shape, strides, pad, dilations, true);
    const flip = () => tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]);
    const f = (cache ? cache.derive(filter, 'depthwise-input-grad', flip) : flip()) as tf.Tensor4D;
    const dxM = tf.depthwiseConv2d(padded, f, 1, 'valid', 'NHWC', dilations);
    if (m === 1) return dxM;
    return tf.sum(tf.reshape(dxM, [b, hIn, wIn, c, m]), 4) as tf.Tensor4D;
  });
}

/**
 * `depthwiseConv2d` (plus an optional bias) whose gradient is taken with respect to `x` only,
 * through {@link depthwiseConv2dBackpropInput}; filter and bias are constants.
 */
export function depthwiseConv2dInputGrad(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  pad: 'same' | 'valid',
  dilations: [number, number],
  bias?: tf.Tensor1D | null,
  cache?: CamCache,
): tf.Tensor4D {
  return inputOnlyGrad(
    x,
    (input) => tf.fused.depthwiseConv2d({ x: input, filter, strides, pad, dilations, bias: bias ?? undefined }),
    (xShape, dy) => depthwiseConv2dBackpropInput(xShape, dy, filter, strides, pad, dilations, cache),
  );
}
