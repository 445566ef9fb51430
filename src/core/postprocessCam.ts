import * as tf from '@tensorflow/tfjs-core';
import { CamError } from './errors.js';
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
 * pytorch-grad-cam's post-processing (DESIGN §5) of one layer's raw map [B,h,w]: ReLU, per-sample
 * min-max at the feature resolution, half-pixel bilinear resize, then ReLU and min-max once more
 * (the resize moves the extremes). Returns a new [B,H,W] tensor; `raw` is not disposed.
 */
export function postprocessCam(raw: tf.Tensor3D, options: PostprocessOptions): tf.Tensor3D {
  return postprocessCams([raw], options, 'postprocessCam()');
}

/**
 * The same for several layers, as pytorch-grad-cam aggregates target layers: each map gets ReLU,
 * min-max and the resize; the maps are averaged; then ReLU and min-max once more, also for one
 * layer without a resize (the ε of the first pass leaves the maximum at max/(max + 1e-7), which the
 * second pass brings to 1, as pytorch-grad-cam does).
 */
export function postprocessCams(raws: tf.Tensor3D[], options: PostprocessOptions, fn: string): tf.Tensor3D {
  const sizes = raws.map((r) => options.size ?? [r.shape[1], r.shape[2]]);
  if (sizes.some((s) => s[0] !== sizes[0]![0] || s[1] !== sizes[0]![1])) {
    throw new CamError(
      'INVALID_OPTION',
      `${fn}: the layers' maps have different sizes (${raws.map((r) => `${r.shape[1]}×${r.shape[2]}`).join(', ')}) and resize is false; resize them to a common size`,
    );
  }
  return tf.tidy(() => {
    const step = (m: tf.Tensor3D): tf.Tensor3D => {
      let y = options.relu ? relu(m) : m;
      if (options.normalize) y = minMaxNormalize(y);
      return y;
    };
    const resized = raws.map((raw) => {
      const map = step(raw);
      const size = options.size;
      return size != null && (size[0] !== raw.shape[1] || size[1] !== raw.shape[2]) ? resizeMap(map, size) : null;
    });
    const maps = resized.map((r, i) => r ?? step(raws[i]!));
    const mean = maps.length === 1 ? maps[0]! : (tf.div(tf.addN(maps), maps.length) as tf.Tensor3D);
    return step(mean);
  });
}
