import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel as loadFromHandler, type LayersModel } from '@tensorflow/tfjs-layers';
import { readFile, realpath } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CamError } from '../core/errors.js';
import { assertNode } from './assertNode.js';
import { resolveWeightFile } from './resolveWeightFile.js';
import { weightGroupBytes } from './weightGroupBytes.js';

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
 * Shards of a group are concatenated in manifest order.
 *
 * @param modelJsonPath - path of model.json; weight files are looked up next to it.
 * @returns the model; the caller owns it (free it with `model.dispose()`).
 * @throws CamError `FILE_NOT_FOUND` (model.json or a weight file), `UNSAFE_PATH`,
 *   `INVALID_MODEL_FILE` (not JSON, no modelTopology, a graph model, a malformed manifest, weight
 *   files of the wrong size, or a topology tfjs-layers cannot build), `FILE_UNREADABLE`,
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
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') {
    throw new CamError('INVALID_INPUT', `${FN}(): modelJsonPath must be a non-empty string naming a model.json file; received ${modelJsonPath === '' ? 'an empty string' : typeof modelJsonPath}.`);
  }
  const jsonPath = resolve(modelJsonPath);
  const shown = JSON.stringify(modelJsonPath);
  const modelJson = parseModelJson(await readModelJson(jsonPath, shown), shown);
  const modelDir = await realpath(dirname(jsonPath));

  const groups = modelJson.weightsManifest ?? [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const files: string[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as { paths?: unknown[]; weights?: unknown } | null;
    const where = `weightsManifest[${g}] of ${shown}`;
    if (group === null || typeof group !== 'object' || !Array.isArray(group.paths) || !group.paths.every((p): p is string => typeof p === 'string' && p !== '')) {
      throw new CamError('INVALID_MODEL_FILE', `${FN}(): ${where} must be an object with "paths" (an array of file names) and "weights".`);
    }
    const needed = weightGroupBytes(group.weights, where, FN);
    let held = 0;
    for (const entry of group.paths) {
      const file = await resolveWeightFile(modelDir, entry, FN);
      files.push(file.path);
      held += file.bytes;
    }
    if (held !== needed) {
      throw new CamError(
        'INVALID_MODEL_FILE',
        `${FN}(): ${where} declares weights needing ${needed} bytes, but its files ` +
          `[${group.paths.join(', ')}] hold ${held} bytes; the weight files do not belong to this ` +
          `model.json or are incomplete. Re-export or re-download the model.`,
      );
    }
    specs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
  }

  const weightData = concatenate(await Promise.all(files.map((f) => readFile(f))));
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async () => [specs, weightData]);
  try {
    return await loadFromHandler({ load: async () => artifacts });
  } catch (e) {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): tfjs-layers could not build the model in ${shown}: ${(e as Error).message}`);
  }
}

async function readModelJson(jsonPath: string, shown: string): Promise<string> {
  try {
    return await readFile(jsonPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CamError('FILE_NOT_FOUND', `${FN}(): no file at ${shown} (resolved to ${JSON.stringify(jsonPath)}); pass the path of the model's model.json.`);
    }
    if (code === 'EISDIR') {
      throw new CamError('FILE_UNREADABLE', `${FN}(): ${shown} is a folder; pass the path of the model.json inside it.`);
    }
    throw new CamError('FILE_UNREADABLE', `${FN}(): could not read ${shown}: ${(e as Error).message}.`);
  }
}

function parseModelJson(text: string, shown: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): ${shown} is not valid JSON (${(e as Error).message}); expected the model.json written by tensorflowjs_converter or model.save().`);
  }
  const model = json as Partial<tf.io.ModelJSON> | null;
  if (model === null || typeof model !== 'object' || Array.isArray(model) || model.modelTopology == null || typeof model.modelTopology !== 'object') {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): ${shown} has no "modelTopology" object; expected the model.json of a tfjs layers model (format "layers-model").`);
  }
  if (model.format === 'graph-model') {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): ${shown} is a graph model (format "graph-model"); load it with loadGraphModel from @tensorflow/tfjs-converter instead.`);
  }
  if (model.weightsManifest !== undefined && !Array.isArray(model.weightsManifest)) {
    throw new CamError('INVALID_MODEL_FILE', `${FN}(): ${shown} has a "weightsManifest" that is not an array of groups.`);
  }
  return model as tf.io.ModelJSON;
}

/** One ArrayBuffer holding the files' bytes in order. */
function concatenate(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out.buffer;
}
