/**
 * `conv2d` with dilation > 1 whose input gradient is computed with forward ops.
 *
 * tfjs refuses the gradient of a dilated `conv2d` on every backend ("dilation rates greater than
 * 1 are not yet supported in gradients"). With stride 1 (which dilation implies), the input gradient
 * is the correlation of the padded `dy` with the spatially flipped filter, its in/out channels
 * swapped, at the same dilation.
 */
import * as tf from '@tensorflow/tfjs-core';
import { padOrCrop } from './padOrCrop.js';

export function dilatedConv2dInputGrad(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  pad: 'same' | 'valid',
  dilations: [number, number],
): tf.Tensor4D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor4D;
    const xShape = input.shape;
    const value = tf.conv2d(input, filter, 1, pad, 'NHWC', dilations);
    const gradFunc = (dy: tf.Tensor): tf.Tensor =>
      tf.tidy(() => {
        const [kh, kw] = filter.shape;
        const [dh, dw] = dilations;
        const info = tf.backend_util.computeConv2DInfo(xShape, filter.shape, 1, dilations, pad);
        const d4 = dy as tf.Tensor4D;
        const top = (kh - 1) * dh - info.padInfo.top;
        const left = (kw - 1) * dw - info.padInfo.left;
        const bottom = xShape[1] + info.padInfo.top - d4.shape[1];
        const right = xShape[2] + info.padInfo.left - d4.shape[2];
        const padded = padOrCrop(padOrCrop(d4, 1, top, bottom), 2, left, right);
        const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
        return tf.conv2d(padded, flipped, 1, 'valid', 'NHWC', dilations);
      });
    return { value, gradFunc };
  });
  return op(x) as tf.Tensor4D;
}
