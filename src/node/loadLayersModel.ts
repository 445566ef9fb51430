import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CamError } from '../core/errors.js';
import { normalizeKerasModelJson } from '../core/normalizeKerasModelJson.js';
import { assertNode } from './assertNode.js';
import { buildLayersModel } from './buildLayersModel.js';
import { readModelArtifacts } from './readModelArtifacts.js';

const FN = 'loadLayersModel';

/**
 * Loads a tfjs-layers model (a `model.json` with `format: "layers-model"`, as written by
 * `tensorflowjs_converter` or `model.save`) from disk, without tfjs-node, fetch or a `file://`
 * handler.
 *
 * Reads model.json and the weight files it lists, checking first that every listed path stays
 * inside the folder holding model.json (absolute paths, `..` and symbolic links leading outside are
 * refused) and that each manifest group's files hold exactly the bytes its weight specs need
 * (Σ product(shape) × bytes per value, quantized weights counted at their quantized size).
 * Shards of a group are concatenated in manifest order. A topology written by Keras 3 is first
 * rewritten with {@link normalizeKerasModelJson} (tfjs-layers 4.x reads only the Keras 2 form).
 *
 * @param modelJsonPath - path of model.json; weight files are looked up next to it.
 * @returns the model; the caller owns it (free it with `model.dispose()`).
 * @throws CamError `FILE_NOT_FOUND` (model.json or a weight file), `UNSAFE_PATH` (also for a
 *   weight path that is a URL),
 *   `INVALID_MODEL_FILE` (not JSON, over 64 MiB, no modelTopology, a graph model, a malformed
 *   manifest or one listing a weight name twice, weight files of the wrong size, no
 *   weightsManifest for a model that has weights, or a topology tfjs-layers cannot build or
 *   whose weights do not fit it; nothing is left allocated), `FILE_UNREADABLE`,
 *   `INVALID_INPUT`, `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import { loadLayersModel } from 'tfjs-gradcam/node';
 * const model = await loadLayersModel('models/mobilenet/model.json');
 * // ... gradCam(model, input) ...
 * model.dispose();
 * ```
 * @category Node
 */
export async function loadLayersModel(modelJsonPath: string): Promise<LayersModel> {
  assertNode(FN);
  const artifacts = await readModelArtifacts(modelJsonPath, FN, 'layers-model');
  // Keras 3 topologies are rewritten into the Keras 2 form tfjs-layers reads; Keras 2 ones pass unchanged.
  artifacts.modelTopology = normalizeKerasModelJson(artifacts.modelTopology as object);
  // No weightsManifest means no weights: a model that has some is refused rather than left with
  // freshly initialized values.
  artifacts.weightSpecs ??= [];
  artifacts.weightData ??= new ArrayBuffer(0);
  try {
    return await buildLayersModel(artifacts);
  } catch (e) {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): tfjs-layers could not build the model in ${JSON.stringify(modelJsonPath)}: ${(e as Error).message}`);
  }
}
