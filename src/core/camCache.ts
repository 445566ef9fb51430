import * as tf from '@tensorflow/tfjs-core';

interface Entry {
  /** The weight's data at the time the derived tensors were made (replaced when it is assigned). */
  dataId: object;
  derived: Map<string, tf.Tensor>;
}

/**
 * Tensors derived from a model's weights, kept between calls: the flipped and transposed
 * convolution filters that the gradient pass correlates with. Building them costs a `Reverse` and a
 * `Transpose` of every filter after the target layer, and on wasm a fresh filter also has to be
 * repacked by the convolution library each call; with a cache both happen once.
 *
 * @example
 * ```ts
 * const cache = new CamCache();
 * for (const x of images) {
 *   const r = gradCam(model, x, { cache });
 *   // ...
 *   r.dispose();
 * }
 * cache.dispose(); // frees the derived filters
 * ```
 * @category Core
 */
export class CamCache {
  private readonly entries = new Map<tf.Tensor, Entry>();

  /**
   * The tensor derived from `weight` under `key`, made by `make` on first use and again whenever
   * the weight's value has been replaced (`setWeights`, `assign`, a new model).
   * @internal
   */
  derive(weight: tf.Tensor, key: string, make: () => tf.Tensor): tf.Tensor {
    const dataId = (weight as unknown as { dataId: object }).dataId;
    let entry = this.entries.get(weight);
    if (entry && (entry.dataId !== dataId || weight.isDisposed)) {
      for (const t of entry.derived.values()) t.dispose();
      entry = undefined;
    }
    if (!entry) {
      entry = { dataId, derived: new Map() };
      this.entries.set(weight, entry);
    }
    let t = entry.derived.get(key);
    if (!t || t.isDisposed) {
      t = tf.keep(tf.tidy(make));
      entry.derived.set(key, t);
    }
    return t;
  }

  /** How many tensors the cache holds (they count in `tf.memory().numTensors`). */
  get numTensors(): number {
    let n = 0;
    for (const e of this.entries.values()) for (const t of e.derived.values()) if (!t.isDisposed) n++;
    return n;
  }

  /** Frees every tensor the cache holds; the cache stays usable. */
  dispose(): void {
    for (const e of this.entries.values()) for (const t of e.derived.values()) t.dispose();
    this.entries.clear();
  }
}
