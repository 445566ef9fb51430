import type * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from './camCache.js';

/**
 * Options shared by every CAM method; every field is optional (defaults below).
 * @example
 * ```ts
 * const options: CamOptions = { layerName: 'base/conv5', classIndex: [3, 7], resize: [224, 224] };
 * const r = gradCam(model, x, options); // x: [2,H,W,C]; r.heatmap: [2,224,224]
 * r.dispose();
 * ```
 * @category Core
 */
export interface CamOptions {
  /**
   * Layer to explain: a layer name, or a path through nested models (`'base/conv5'`).
   * Default: the last layer (searching nested models) whose output is 4-D with height and width > 1.
   * Several layers: each map is normalised and resized, the maps are averaged and the average is
   * normalised again (as pytorch-grad-cam aggregates target layers).
   */
  layerName?: string | string[];
  /**
   * Class to explain: one index for every sample, or one per sample. Default: the arg-max of the
   * model output per sample, chosen on the device.
   */
  classIndex?: number | number[];
  /**
   * Custom score: receives the model output (logits unless `logits: false`) and returns one score
   * per sample, shape [B]. Overrides `classIndex`. Use it for regression, multi-output heads or
   * segmentation masks.
   */
  target?: (output: tf.Tensor) => tf.Tensor1D;
  /**
   * Explain the pre-activation score when the model's last layer applies softmax or sigmoid
   * (default `true`, as the Grad-CAM paper and pytorch-grad-cam do). `false` explains the probability.
   */
  logits?: boolean;
  /** ReLU on the map (default `true`). */
  relu?: boolean;
  /** Per-sample min-max normalisation to [0,1] (default `true`). */
  normalize?: boolean;
  /**
   * Upsample the map: `true` (default) to the input's height and width, `[H, W]` to that size,
   * `false` to keep the layer's resolution. Bilinear with half-pixel centres (OpenCV INTER_LINEAR).
   */
  resize?: boolean | [number, number];
  /**
   * Rows per forward pass for methods that run the model many times (Score-CAM: masked inputs;
   * Ablation-CAM: ablated activations). Default 32. Memory grows with it; speed usually too.
   */
  batchSize?: number;
  /**
   * Counterfactual explanation (Grad-CAM paper §3.3): explain the negated score, i.e. the regions
   * whose presence lowers the class score. For gradient methods this negates the gradients.
   * `score` in the result stays the model's own score. Default `false`.
   */
  counterfactual?: boolean;
  /**
   * Augmentation smoothing: explain the input under horizontal flip × brightness 0.9/1/1.1
   * (6 variants), map each back (flip undone) and average the 6 heatmaps (not renormalised, as
   * pytorch-grad-cam). The classes are chosen on the unaltered input. 6× the cost. Default `false`.
   */
  augSmooth?: boolean;
  /**
   * Eigen smoothing: replace the channel sum of weights·A by its projection on the first principal
   * component (sign chosen to correlate positively with the channel mean). Default `false`.
   */
  eigenSmooth?: boolean;
  /**
   * Check that the input holds no NaN or Infinity (default `true`; costs one synchronous scalar read;
   * skipped on the webgpu backend, where tfjs 4.22's synchronous reads are unreliable).
   */
  checkFinite?: boolean;
  /**
   * Keep the filters the gradient pass derives from the model's weights (flipped, transposed) in
   * this {@link CamCache} across calls, so repeated calls on one model skip rebuilding them (up to
   * 2× faster at middle and early layers on wasm). The cache owns those tensors until
   * `cache.dispose()`; without a cache every call frees everything it made.
   */
  cache?: CamCache;
}
