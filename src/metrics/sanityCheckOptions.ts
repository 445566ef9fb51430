import type { CamMethod } from '../core/camMethod.js';
import type { CamMethodName } from '../methods/camMethodNames.js';

/**
 * Options of {@link sanityCheck}.
 *
 * @example
 * ```ts
 * const options: SanityCheckOptions = { method: 'grad-cam++', layerName: 'conv5', seed: 1 };
 * ```
 * @category Metrics
 */
export interface SanityCheckOptions {
  /** The CAM method whose maps are compared: a built-in name or a {@link defineCamMethod} method (default `'grad-cam'`). */
  method?: CamMethodName | CamMethod;
  /** Layer to explain, as for {@link cam} (default: the last spatial layer). */
  layerName?: string | string[];
  /**
   * Class to explain, one for all samples or one per sample. Default: the arg-max on the original
   * model; the class then stays fixed while the weights are randomised.
   */
  classIndex?: number | number[];
  /** Seed of the random weights (default 0). */
  seed?: number;
  /**
   * Layers to randomise, in order (names or paths such as `'base/conv1'`), cumulatively. Default:
   * every layer with weights, from the output down, nested models flattened.
   */
  layers?: string[];
}
