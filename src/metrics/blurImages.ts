/** The Gaussian-blurred copy of an image batch used as the insertion baseline. */
import * as tf from '@tensorflow/tfjs-core';

/** Taps of the blur kernel (RISE's klen). */
export const BLUR_TAPS = 11;
/** Standard deviation of the blur kernel in pixels (RISE's nsig). */
export const BLUR_SIGMA = 5;

/** The normalised 1-D Gaussian kernel of {@link BLUR_TAPS} taps and {@link BLUR_SIGMA}. */
export function gaussianKernel1d(taps = BLUR_TAPS, sigma = BLUR_SIGMA): Float32Array {
  const half = (taps - 1) / 2;
  const k = Float64Array.from({ length: taps }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((a, b) => a + b, 0);
  return Float32Array.from(k, (v) => v / sum);
}

/**
 * Separable Gaussian blur of [B,H,W,C] (11 taps, sigma 5, as RISE), normalised at the borders: each
 * output is the kernel-weighted mean of the pixels inside the image (a constant image stays
 * constant; RISE pads with zeros instead, which darkens the borders). Call inside a tidy.
 */
export function blurImages(x: tf.Tensor4D): tf.Tensor4D {
  const c = x.shape[3];
  const g = gaussianKernel1d();
  const blur = (t: tf.Tensor4D, channels: number): tf.Tensor4D => {
    const row = tf.tile(tf.reshape(tf.tensor1d(g), [1, BLUR_TAPS, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    const col = tf.tile(tf.reshape(tf.tensor1d(g), [BLUR_TAPS, 1, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    return tf.depthwiseConv2d(tf.depthwiseConv2d(t, row, 1, 'same'), col, 1, 'same');
  };
  const weight = blur(tf.ones([1, x.shape[1], x.shape[2], 1]), 1);
  return tf.div(blur(x, c), weight);
}
