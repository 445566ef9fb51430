import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `forward(x)` as one op whose gradient is `backward(xShape, dy)` with respect to `x` only:
 * the weights `forward` closes over are constants, so no weight gradient is ever computed.
 * The forward ops run inside the custom gradient, unrecorded, so fused kernels stay fused.
 */
export function inputOnlyGrad(
  x: tf.Tensor4D,
  forward: (x: tf.Tensor4D) => tf.Tensor4D,
  backward: (xShape: [number, number, number, number], dy: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor4D;
    const xShape = input.shape;
    return { value: forward(input), gradFunc: (dy: tf.Tensor) => backward(xShape, dy as tf.Tensor4D) };
  });
  return op(x) as tf.Tensor4D;
}
