import * as tf from '@tensorflow/tfjs-core';
import { relu } from '../ops/relu.js';
import { minMaxNormalize } from '../ops/minMaxNormalize.js';
import { resizeMap } from '../ops/resizeMap.js';

export interface PostprocessOptions {
  relu: boolean;
  normalize: boolean;
  /** Output [H,W], or null to keep the map's resolution. */
  size: [number, number] | null;
}

/**
 * pytorch-grad-cam's post-processing (DESIGN §5): ReLU, per-sample min-max at the feature
 * resolution, half-pixel bilinear resize, then ReLU and min-max once more (the resize moves the
 * extremes). Returns a new [B,H,W] tensor; `raw` is not disposed.
 */
export function postprocessCam(raw: tf.Tensor3D, options: PostprocessOptions): tf.Tensor3D {
  return tf.tidy(() => {
    const step = (m: tf.Tensor3D): tf.Tensor3D => {
      let y = options.relu ? relu(m) : m;
      if (options.normalize) y = minMaxNormalize(y);
      return y;
    };
    let map = step(raw);
    if (options.size != null && (options.size[0] !== raw.shape[1] || options.size[1] !== raw.shape[2])) {
      map = step(resizeMap(map, options.size));
    }
    return tf.clone(map);
  });
}
