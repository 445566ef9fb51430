import * as tf from '@tensorflow/tfjs-core';

/**
 * Replaces the gradient of `FusedBatchNorm` with one that broadcasts the per-channel factor instead
 * of tiling it to the activation's shape (tfjs-core 4.x tiles it, which costs more than the
 * convolutions when training the demo model on wasm). Same formulas otherwise:
 * with `r = 1/√(var + ε)` and scale `γ`:
 * `dx = dy·r·γ`, `dmean = Σ -r·γ·dy`, `dvar = Σ -½r³·(x - mean)·γ·dy`, `dγ = Σ dy·(x - mean)·r`,
 * `dβ = Σ dy` (sums over the axes that mean was broadcast along).
 * Used by the demo model's training script only.
 *
 * @returns a function that restores the previous gradient.
 *
 * @example
 * ```ts
 * const restore = registerFastBatchNormGradient();
 * await model.fit(xs, ys);
 * restore();
 * ```
 * @category Examples
 */
export function registerFastBatchNormGradient(): () => void {
  const previous = tf.getGradient('FusedBatchNorm');
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy, saved, attrs) => {
      const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const g = dy as tf.Tensor;
      const gamma = scale ?? tf.scalar(1);
      const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
      const reduce = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
      const xMinusMean = tf.sub(x, mean);
      const dyGamma = tf.mul(g, gamma);
      const r = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
      const minusHalfRCube = tf.mul(tf.mul(tf.mul(r, r), r), tf.scalar(-0.5));
      return {
        x: () => tf.mul(dyGamma, r),
        mean: () => reduce(tf.mul(tf.neg(r), dyGamma)),
        variance: () => reduce(tf.mul(tf.mul(minusHalfRCube, xMinusMean), dyGamma)),
        scale: () => reduce(tf.mul(g, tf.mul(xMinusMean, r))),
        offset: () => reduce(g),
      };
    },
  });
  return () => {
    if (previous !== undefined) tf.registerGradient(previous);
  };
}
