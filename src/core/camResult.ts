import type * as tf from '@tensorflow/tfjs-core';
import { jupyterDisplay } from './jupyterDisplay.js';

/**
 * One explained layer of a {@link CamResult}; its `raw` tensor belongs to the result
 * (`result.dispose()` frees it).
 * @example
 * ```ts
 * const r = gradCam(model, image, { layerName: ['base/conv3', 'base/conv5'] });
 * for (const layer of r.layers) console.log(layer.layerName, layer.raw.shape);
 * r.dispose();
 * ```
 * @category Core
 */
export interface LayerMap {
  /** Path of the layer (`base/conv5`) or graph node. */
  layerName: string;
  /** [B,h,w] float32 raw map at the layer's resolution, before ReLU and normalisation. */
  raw: tf.Tensor3D;
}

/**
 * What a CAM method returns. The caller owns every tensor in it; `dispose()` frees them all.
 * @example
 * ```ts
 * const r: CamResult = gradCam(model, image);
 * const [cls] = await r.classIndex.data();
 * console.log(r.method, r.layerName, cls, r.heatmap.shape); // 'grad-cam' 'conv5' 3 [1,H,W]
 * r.dispose();
 * ```
 * @category Core
 */
export interface CamResult {
  /** [B,H,W] float32 map in [0,1] at the input size (or the requested size). */
  heatmap: tf.Tensor3D;
  /** [B,h,w] float32 weighted channel sum at the target layer's resolution, before ReLU and normalisation. */
  raw: tf.Tensor3D;
  /** [B] int32 class explained for each sample (-1 where a custom `target` chose the score). */
  classIndex: tf.Tensor1D;
  /** [B] float32 score that was explained (the logit by default). */
  score: tf.Tensor1D;
  /**
   * One entry per explained layer (several with `layerName: [...]`): its path and raw map
   * [B,h,w] at its own resolution. The first entry is `layerName`/`raw`.
   */
  layers: LayerMap[];
  /** Path of the explained layer (`base/conv5` for a layer inside a nested model). */
  layerName: string;
  /** Name of the method that made the map (`'grad-cam'`). */
  method: string;
  /** Disposes every tensor of the result. */
  dispose(): void;
}

export function makeCamResult(parts: Omit<CamResult, 'dispose'>): CamResult {
  const result: CamResult = {
    ...parts,
    dispose() {
      const all = [parts.heatmap, parts.raw, parts.classIndex, parts.score, ...parts.layers.map((l) => l.raw)];
      for (const t of all) if (!t.isDisposed) t.dispose();
    },
  };
  // Deno's Jupyter kernel shows a result inline through this method: the coloured maps and a summary.
  Object.defineProperty(result, Symbol.for('Jupyter.display'), { value: () => jupyterDisplay(result), enumerable: false });
  return result;
}
