import { CamError } from './errors.js';
import { isContainer } from './layerGraph.js';
import { layersSplitModel } from './layersSplitModel.js';
import type { SplitModel } from './modelSplit.js';
import { checkModel } from './validateInput.js';

/**
 * The {@link SplitModel} view of whatever the caller passed as a model, or a CamError saying what
 * is accepted.
 */
export function toSplitModel(model: unknown, fn: string): SplitModel {
  if (isContainer(model)) {
    const m = checkModel(model, fn);
    if ((m as { isDisposed?: boolean }).isDisposed === true) {
      throw new CamError('DISPOSED', `${fn}: the model has been disposed; load or build it again`);
    }
    return layersSplitModel(m);
  }
  // Reports the accepted kinds.
  return layersSplitModel(checkModel(model, fn));
}
