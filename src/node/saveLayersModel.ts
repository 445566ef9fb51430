import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CamError } from '../core/errors.js';
import { assertNode } from './assertNode.js';

const FN = 'saveLayersModel';

/**
 * Saves a tfjs-layers model to a folder as `model.json` plus one `weights.bin` (the layout
 * {@link loadLayersModel} and `tf.loadLayersModel` read), creating the folder if needed and
 * replacing files of the same names.
 *
 * @param model - the model to save; it is not modified or disposed.
 * @param dirPath - the folder to write into.
 * @throws CamError `INVALID_MODEL` (not a LayersModel), `INVALID_INPUT` (bad path),
 *   `FILE_UNWRITABLE` (the folder or files cannot be written), `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { saveLayersModel, loadLayersModel } from 'tfjs-gradcam/node';
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 1 })] });
 * await saveLayersModel(model, 'models/tiny');          // models/tiny/model.json + weights.bin
 * const again = await loadLayersModel('models/tiny/model.json');
 * ```
 * @category Node
 */
export async function saveLayersModel(model: LayersModel, dirPath: string): Promise<void> {
  assertNode(FN);
  if (model === null || typeof model !== 'object' || typeof (model as { save?: unknown }).save !== 'function') {
    throw new CamError('INVALID_MODEL', `${FN}(): model must be a tfjs-layers LayersModel (tf.sequential, tf.model or a loaded model); received ${model === null ? 'null' : typeof model}.`);
  }
  if (typeof dirPath !== 'string' || dirPath === '') {
    throw new CamError('INVALID_INPUT', `${FN}(): dirPath must be a non-empty string naming the folder to write model.json and weights.bin into; received ${dirPath === '' ? 'an empty string' : typeof dirPath}.`);
  }
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData ?? []));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      try {
        await mkdir(dirPath, { recursive: true });
        await writeFile(join(dirPath, 'weights.bin'), weights);
        await writeFile(join(dirPath, 'model.json'), JSON.stringify(modelJson));
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new CamError('FILE_UNWRITABLE', `${FN}(): could not write the model into ${JSON.stringify(dirPath)} (${err.code ?? 'error'}): ${err.message}.`);
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}
