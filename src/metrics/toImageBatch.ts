/** The input as a float32 [B,H,W,C] batch. */
import * as tf from '@tensorflow/tfjs-core';

/** `input` itself when already float32 rank 4, else a new float32 [B,H,W,C] tensor (the caller disposes it). */
export function toImageBatch(input: tf.Tensor): tf.Tensor4D {
  if (input.rank === 4 && input.dtype === 'float32') return input as tf.Tensor4D;
  return tf.tidy(() => {
    const x = input.rank === 3 ? tf.expandDims(input, 0) : input;
    return (x.dtype === 'float32' ? x : tf.cast(x, 'float32')) as tf.Tensor4D;
  });
}
