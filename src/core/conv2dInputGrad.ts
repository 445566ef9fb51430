/**
 * `conv2d` (plus an optional bias) whose gradient is taken with respect to `x` only, computed with a
 * forward convolution: the correlation of `dy`, spread by the stride and padded
 * ({@link spreadAndPad}), with the spatially flipped filter whose in/out channels are swapped.
 *
 * Why not tfjs's own gradient: tfjs-layers' Conv2D runs `tf.fused.conv2d`, whose gradient always
 * computes the filter gradient too (no wasm kernel); plain `tf.conv2d` avoids that but its input
 * gradient kernel, Conv2DBackpropInput, is about 10× slower on wasm than the forward convolution of
 * the same size (measured: 65 ms vs 6.7 ms for 3×3 at 14×14×256), and tfjs has no gradient at all
 * for dilation > 1. The forward runs the fused kernel (convolution and bias in one pass).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from './camCache.js';
import { inputOnlyGrad } from './inputOnlyGrad.js';
import { spreadAndPad } from './transposedConvInput.js';

export function conv2dBackpropInputViaForward(
  xShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  pad: 'same' | 'valid',
  dilations: [number, number],
  cache?: CamCache,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, ci, co] = filter.shape;
    const padded = spreadAndPad(dy, xShape, filter.shape, strides, pad, dilations, false);
    if (cache) {
      // Flipped, channel-swapped filter made once and kept by the cache.
      const ready = cache.derive(filter, 'conv2d-input-grad', () => tf.reverse(tf.transpose(filter, [0, 1, 3, 2]), [0, 1])) as tf.Tensor4D;
      return tf.conv2d(padded, ready, 1, 'valid', 'NHWC', dilations);
    }
    const swapped = tf.transpose(filter, [0, 1, 3, 2]) as tf.Tensor4D; // [kh,kw,co,ci]
    if (kh === 1 && kw === 1) return tf.conv2d(padded, swapped, 1, 'valid', 'NHWC', dilations);
    // The spatial flip can go on the filter or, equivalently, on the data (flip dy, correlate with
    // the unflipped filter, flip the result back). Reverse is slow on wasm (~30 ns per element),
    // so flip whichever is smaller: late layers have big filters and small maps.
    const filterSize = kh * kw * ci * co;
    const dataSize = padded.size + xShape[0] * xShape[1] * xShape[2] * ci;
    if (filterSize <= dataSize) return tf.conv2d(padded, tf.reverse(swapped, [0, 1]), 1, 'valid', 'NHWC', dilations);
    return tf.reverse(tf.conv2d(tf.reverse(padded, [1, 2]), swapped, 1, 'valid', 'NHWC', dilations), [1, 2]);
  });
}

export function conv2dInputGrad(
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
    (input) => tf.fused.conv2d({ x: input, filter, strides, pad, dilations, bias: bias ?? undefined }),
    (xShape, dy) => conv2dBackpropInputViaForward(xShape, dy, filter, strides, pad, dilations, cache),
  );
}
