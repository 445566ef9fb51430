import { customSplitModel, isCustomModel } from './customSplitModel.js';
import { candidateLayers, resolveLayer } from './layerGraph.js';
import { checkModel } from './validateInput.js';
import { graphSplitModel, isGraphModel } from '../graph/graphSplitModel.js';
import { graphInfo } from '../graph/graphTopology.js';

/**
 * A layer (or graph node) that CAM methods can explain, as {@link listCandidateLayers} lists it.
 * @example
 * ```ts
 * const conv: CandidateLayer[] = listCandidateLayers(model).filter((l) => l.className === 'Conv2D');
 * const r = gradCam(model, image, { layerName: conv[0]!.path });
 * r.dispose();
 * ```
 * @category Core
 */
export interface CandidateLayer {
  /** Path through nested models, usable as `layerName` (`'base/conv5'`); a node name for a GraphModel. */
  path: string;
  /** Layer class (`'Conv2D'`, `'Activation'`, ...); the op (`'_FusedConv2D'`, `'AddV2'`, ...) for a GraphModel. */
  className: string;
  /** Output shape, batch first (`[null, 7, 7, 512]`); `null` where unknown. */
  outputShape: Array<number | null>;
  /**
   * True for the layer methods explain when no `layerName` is given. That is the last candidate,
   * except that Dropout-like pass-throughs (or a trailing Identity node) are skipped and a nested
   * model stands for the layer that produces its output (listed before the nested model itself).
   */
  isDefault: boolean;
}

const FN = 'listCandidateLayers()';

/**
 * The layers of `model` with a 4-D output whose height and width are > 1, in execution order,
 * nested models included. The one marked `isDefault` is what every method explains when no
 * `layerName` is given.
 * For a GraphModel: its input-dependent nodes with such an output (the automatic choice is the
 * last one, or the node an Identity at the end repeats); for a {@link CustomModel}: its one feature
 * map (`name`, shape unknown until it runs).
 *
 * @param model - a LayersModel, a GraphModel or a {@link CustomModel}; not modified.
 * @returns the candidates (plain objects, no tensors), in execution order.
 * @throws CamError `INVALID_MODEL` for anything else, `DISPOSED` for a disposed model.
 * @example
 * ```ts
 * const layers = listCandidateLayers(model);
 * console.log(layers.map((l) => l.path).join('\n'), 'default:', layers.find((l) => l.isDefault)?.path);
 * ```
 * @category Core
 */
export function listCandidateLayers(model: unknown): CandidateLayer[] {
  if (isGraphModel(model)) {
    const split = graphSplitModel(model, FN); // checks that it is loaded and alive
    const candidates = graphInfo(model, FN).candidates;
    const auto = candidates.length > 0 ? split.resolve(undefined, FN) : null;
    return candidates.map((c) => ({ path: c.name, className: c.op, outputShape: [...c.shape], isDefault: c.name === auto }));
  }
  if (isCustomModel(model)) {
    return customSplitModel(model, FN).candidates().map((c) => ({ path: c.name, className: 'CustomModel', outputShape: [...c.shape], isDefault: true }));
  }
  const m = checkModel(model, FN);
  const candidates = candidateLayers(m);
  const auto = candidates.length > 0 ? resolveLayer(m, undefined, 'listCandidateLayers()').path : null;
  return candidates.map((e) => ({ path: e.path, className: e.layer.getClassName(), outputShape: [...e.shape!], isDefault: e.path === auto }));
}
