import type * as tf from '@tensorflow/tfjs-core';
import { asCaller } from './asCaller.js';
import { jupyterDisplay, type CamResultLike, type JupyterDisplayBundle, type JupyterDisplayOptions } from './jupyterDisplay.js';

/**
 * What {@link display} returns: an object a Jupyter kernel shows inline. Besides `bundle` it has a
 * `[Symbol.for('Jupyter.display')]()` method returning the bundle, the key Deno's kernel looks up.
 * It holds no tensors.
 * @example
 * ```ts
 * const shown: Displayable = display(result, { image });
 * console.log(shown.bundle['text/plain']);
 * ```
 * @category Notebooks
 */
export interface Displayable {
  /** The rendered bundle (computed when {@link display} was called). */
  readonly bundle: JupyterDisplayBundle;
}

/**
 * Shows a heatmap or a {@link CamResult} inline in a Deno Jupyter notebook: make it the last
 * expression of a cell. The picture is rendered right away (so the result may be disposed in the
 * same cell) by {@link jupyterDisplay}: the coloured maps, or with `image` the image and the overlay,
 * one row per map, and a text summary.
 *
 * @param value - a heatmap `[H, W]` or `[B, H, W]` in [0, 1], or a result with a `heatmap`.
 * @param options - see {@link JupyterDisplayOptions}.
 * @returns a {@link Displayable} (no tensors; nothing passed in is disposed).
 * @throws CamError as {@link jupyterDisplay} does.
 * @example
 * ```ts
 * // The last line of a Deno notebook cell:
 * display(gradCam(model, x), { image });
 * ```
 * @category Notebooks
 */
export function display(value: tf.Tensor | CamResultLike, options?: JupyterDisplayOptions): Displayable {
  const bundle = asCaller('display()', () => jupyterDisplay(value, options));
  return { bundle, [Symbol.for('Jupyter.display')]: () => bundle } as Displayable;
}
