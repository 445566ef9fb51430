import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import type { GraphModelLike } from '../graph/graphModelLike.js';
import { assertNode } from './assertNode.js';
import { readModelArtifacts } from './readModelArtifacts.js';

const FN = 'loadGraphModel';

/** The part of `@tensorflow/tfjs-converter` this loader calls. */
interface ConverterLike {
  loadGraphModelSync(artifacts: tf.io.ModelArtifacts): GraphModelLike;
}

let converter: Promise<ConverterLike> | undefined;

/** Imports the optional `@tensorflow/tfjs-converter` on first use (never at module load). */
async function loadConverter(): Promise<ConverterLike> {
  converter ??= import('@tensorflow/tfjs-converter').then((m) => ((m as { loadGraphModelSync?: unknown }).loadGraphModelSync ? m : (m as { default: unknown }).default) as ConverterLike);
  try {
    return await converter;
  } catch (e) {
    converter = undefined;
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND';
    const why = missing ? 'it is not installed' : `it is installed but could not be loaded (${err.message.split('\n')[0]!.trim()})`;
    throw new CamError(
      'UNSUPPORTED_MODEL',
      `${FN}(): graph models are run by the optional package @tensorflow/tfjs-converter, and ${why}. ` +
        'Install the version matching your @tensorflow/tfjs-core ("npm install @tensorflow/tfjs-converter"), ' +
        'or convert the model to a layers model and use loadLayersModel.',
    );
  }
}

/**
 * Loads a TensorFlow.js graph model (a `model.json` with `format: "graph-model"`, as written by
 * `tensorflowjs_converter` from a SavedModel, a frozen graph or TF Hub) from disk, without
 * tfjs-node, fetch or a `file://` handler. The model runs with `@tensorflow/tfjs-converter`, an
 * optional peer dependency imported on first call.
 *
 * The files are checked as {@link loadLayersModel} checks them: every weight path listed in
 * model.json must stay inside the folder holding it (absolute paths, `..` and symbolic links
 * leading outside are refused) and each manifest group's files must hold exactly the bytes its
 * weight specs need. Shards are concatenated in manifest order.
 *
 * @param modelJsonPath - path of model.json; weight files are looked up next to it.
 * @returns the loaded `GraphModel` (typed by the part tfjs-gradcam uses; cast to tfjs-converter's
 *   `GraphModel` for the rest); the caller owns it (free it with `model.dispose()`).
 * @throws CamError `FILE_NOT_FOUND`, `UNSAFE_PATH` (also for a weight path that is a URL),
 *   `INVALID_MODEL_FILE` (not JSON, over 64 MiB, a layers model, a malformed manifest or one
 *   listing a weight name twice, weight files of the wrong size, or a graph tfjs-converter cannot
 *   build),
 *   `FILE_UNREADABLE`, `INVALID_INPUT`, `UNSUPPORTED_MODEL` (tfjs-converter is not installed),
 *   `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import { gradCam } from 'tfjs-gradcam';
 * import { loadGraphModel } from 'tfjs-gradcam/node';
 * const model = await loadGraphModel('models/emotion/model.json');
 * const result = gradCam(model, faces); // the last 4-D node before the classifier
 * console.log(result.layerName);
 * result.dispose();
 * model.dispose();
 * ```
 * @category Node
 */
export async function loadGraphModel(modelJsonPath: string): Promise<GraphModelLike> {
  assertNode(FN);
  const artifacts = await readModelArtifacts(modelJsonPath, FN, 'graph-model');
  const { loadGraphModelSync } = await loadConverter();
  // Synchronous, inside a tidy: when tfjs-converter refuses the graph after decoding the weights,
  // the tidy frees them; on success they are kept and belong to the model.
  let model: GraphModelLike | null = null;
  try {
    tf.tidy(() => {
      const m = loadGraphModelSync(artifacts);
      for (const list of Object.values(m.weights)) for (const t of list) tf.keep(t);
      model = m;
    });
  } catch (e) {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): tfjs-converter could not build the graph in ${JSON.stringify(modelJsonPath)}: ${(e as Error).message}`);
  }
  return model!;
}
