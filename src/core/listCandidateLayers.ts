import { candidateLayers } from './layerGraph.js';
import { checkModel } from './validateInput.js';

/**
 * A layer that CAM methods can explain.
 * @category Core
 */
export interface CandidateLayer {
  /** Path through nested models, usable as `layerName` (`'base/conv5'`). */
  path: string;
  /** Layer class (`'Conv2D'`, `'Activation'`, ...). */
  className: string;
  /** Output shape, batch first (`[null, 7, 7, 512]`). */
  outputShape: Array<number | null>;
}

/**
 * The layers of `model` with a 4-D output whose height and width are > 1, in execution order,
 * nested models included. The last one is what `gradCam` picks when no `layerName` is given.
 *
 * @example
 * ```ts
 * const layers = listCandidateLayers(model);
 * console.log(layers.map((l) => l.path).join('\n'), 'default:', layers.at(-1)?.path);
 * ```
 * @category Core
 */
export function listCandidateLayers(model: unknown): CandidateLayer[] {
  const m = checkModel(model, 'listCandidateLayers()');
  return candidateLayers(m).map((e) => ({ path: e.path, className: e.layer.getClassName(), outputShape: [...e.shape!] }));
}
