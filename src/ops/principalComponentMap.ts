import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { topEigenvector } from '../core/topEigenvector.js';
import { describeValue } from './describeValue.js';

/**
 * The projection of each sample's feature map on its first principal component (Eigen-CAM).
 *
 * Per sample, the [h·w, K] matrix P of positions × channels is centred per channel (the mean over
 * positions subtracted; NaN read as 0), and the map is P_c·v₁ with v₁ the first right singular
 * vector of P_c, exactly as pytorch-grad-cam computes it with an SVD. The decomposition runs in
 * float64 on the host, on the smaller of P_cᵀP_c and P_cP_cᵀ (min(h·w, K) rows), so this reads the
 * tensor's data synchronously.
 *
 * **Sign rule.** A singular vector's sign is arbitrary (LAPACK's choice differs between builds,
 * which is why Eigen-CAM maps sometimes come out inverted elsewhere). Here the sign is chosen so
 * the map correlates positively with the channel mean of `x` at each position; when that
 * correlation is exactly zero, so that the entry of largest magnitude is positive.
 *
 * @param x - [B,h,w,K] feature maps (activations, or weighted activations for Eigen smoothing).
 * @returns a new float32 [B,h,w] tensor; the caller owns it.
 * @throws CamError `INVALID_INPUT` when `x` is not a 4-D tensor or has dtype `string`/`complex64`;
 *   `DISPOSED` when `x` has been disposed.
 *
 * @example
 * ```ts
 * const a = tf.randomNormal([1, 7, 7, 64]) as tf.Tensor4D;
 * const map = principalComponentMap(a); // [1, 7, 7]
 * tf.dispose([a, map]);
 * ```
 * @category Ops
 */
export function principalComponentMap(x: tf.Tensor4D): tf.Tensor3D {
  if (!(x instanceof tf.Tensor) || x.rank !== 4) {
    throw new CamError('INVALID_INPUT', `principalComponentMap(): x must be a [B,h,w,K] tensor; received ${describeValue(x)}.`);
  }
  checkLiveNumeric('principalComponentMap', 'x', x);
  const [b, h, w, k] = x.shape;
  const hw = h * w;
  const data = x.dataSync();
  const out = new Float32Array(b * hw);
  for (let s = 0; s < b; s++) {
    const p = new Float64Array(hw * k);
    const base = s * hw * k;
    for (let i = 0; i < hw * k; i++) {
      const v = data[base + i]!;
      p[i] = Number.isFinite(v) ? v : 0;
    }
    const channelMean = new Float64Array(hw);
    for (let i = 0; i < hw; i++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += p[i * k + c]!;
      channelMean[i] = sum / k;
    }
    for (let c = 0; c < k; c++) {
      let mean = 0;
      for (let i = 0; i < hw; i++) mean += p[i * k + c]!;
      mean /= hw;
      for (let i = 0; i < hw; i++) p[i * k + c] = p[i * k + c]! - mean;
    }
    const proj = new Float64Array(hw);
    if (hw <= k) {
      // Gram matrix of positions: P_c P_cᵀ = U S² Uᵀ; P_c v₁ = σ₁ u₁.
      const g = new Float64Array(hw * hw);
      for (let i = 0; i < hw; i++) {
        for (let j = i; j < hw; j++) {
          let d = 0;
          for (let c = 0; c < k; c++) d += p[i * k + c]! * p[j * k + c]!;
          g[i * hw + j] = d;
          g[j * hw + i] = d;
        }
      }
      const u = topEigenvector(g, hw);
      let lambda = 0;
      for (let i = 0; i < hw; i++) {
        let gi = 0;
        for (let j = 0; j < hw; j++) gi += g[i * hw + j]! * u[j]!;
        lambda += u[i]! * gi;
      }
      const sigma = Math.sqrt(Math.max(lambda, 0));
      for (let i = 0; i < hw; i++) proj[i] = sigma * u[i]!;
    } else {
      // Covariance of channels: P_cᵀ P_c = V S² Vᵀ.
      const cov = new Float64Array(k * k);
      for (let i = 0; i < hw; i++) {
        const row = i * k;
        for (let c = 0; c < k; c++) {
          const pc = p[row + c]!;
          if (pc === 0) continue;
          for (let d = c; d < k; d++) cov[c * k + d] = cov[c * k + d]! + pc * p[row + d]!;
        }
      }
      for (let c = 0; c < k; c++) for (let d = 0; d < c; d++) cov[c * k + d] = cov[d * k + c]!;
      const v = topEigenvector(cov, k);
      for (let i = 0; i < hw; i++) {
        let d = 0;
        for (let c = 0; c < k; c++) d += p[i * k + c]! * v[c]!;
        proj[i] = d;
      }
    }
    let corr = 0;
    let meanOfMean = 0;
    for (let i = 0; i < hw; i++) meanOfMean += channelMean[i]!;
    meanOfMean /= hw;
    for (let i = 0; i < hw; i++) corr += proj[i]! * (channelMean[i]! - meanOfMean);
    let flip = corr < 0;
    if (corr === 0) {
      let big = 0;
      for (let i = 1; i < hw; i++) if (Math.abs(proj[i]!) > Math.abs(proj[big]!)) big = i;
      flip = proj[big]! < 0;
    }
    for (let i = 0; i < hw; i++) out[s * hw + i] = flip ? -proj[i]! : proj[i]!;
  }
  return tf.tensor3d(out, [b, h, w], 'float32');
}
