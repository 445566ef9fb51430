import { CamError } from './errors.js';
import { customSplitModel, isCustomModel } from './customSplitModel.js';
import { isContainer } from './layerGraph.js';
import { layersSplitModel } from './layersSplitModel.js';
import type { SplitModel } from './modelSplit.js';
import { checkModel } from './validateInput.js';
import { graphSplitModel, isGraphModel } from '../graph/graphSplitModel.js';

/**
 * The {@link SplitModel} view of whatever the caller passed as a model, or a CamError saying what
 * is accepted.
 */
export function toSplitModel(model: unknown, fn: string): SplitModel {
  if (isContainer(model)) {
    // checkModel also refuses a disposed model (CamError DISPOSED).
    return layersSplitModel(checkModel(model, fn));
  }
  if (isGraphModel(model)) return graphSplitModel(model, fn);
  if (isCustomModel(model)) return customSplitModel(model, fn);
  const got = model === null ? 'null' : typeof model === 'object' ? (model as object).constructor?.name ?? 'object' : typeof model;
  throw new CamError(
    'INVALID_MODEL',
    `${fn}: model must be a tfjs-layers LayersModel (tf.sequential(), tf.model() or loadLayersModel()), ` +
      `a tfjs-converter GraphModel (loadGraphModel()) or a CustomModel object { features(x), head(a) }, received ${got}`,
  );
}
