import * as tf from '@tensorflow/tfjs-core';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CamError } from '../core/errors.js';
import { resolveWeightFile } from './resolveWeightFile.js';
import { weightGroupBytes } from './weightGroupBytes.js';

/** Which kind of model.json the caller loads. */
export type ModelFileKind = 'layers-model' | 'graph-model';

/**
 * Reads a model.json and the weight files it lists into tfjs `ModelArtifacts`, checking first that
 * every listed path stays inside the folder holding model.json (absolute paths, `..` and symbolic
 * links leading outside are refused) and that each manifest group's files hold exactly the bytes
 * its weight specs need. Shards of a group are concatenated in manifest order.
 *
 * A model.json of the other kind is refused, naming the right loader: `format: "graph-model"` (or a
 * topology with a `node` list) is a graph model, anything else a layers model.
 *
 * @param modelJsonPath - path of model.json; weight files are looked up next to it.
 * @param fn - the public function's name, for messages (`'loadLayersModel'`).
 * @throws CamError `FILE_NOT_FOUND`, `UNSAFE_PATH`, `INVALID_MODEL_FILE`, `FILE_UNREADABLE`, `INVALID_INPUT`.
 * @internal
 */
export async function readModelArtifacts(modelJsonPath: string, fn: string, kind: ModelFileKind): Promise<tf.io.ModelArtifacts> {
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') {
    throw new CamError('INVALID_INPUT', `${fn}(): modelJsonPath must be a non-empty string naming a model.json file; received ${modelJsonPath === '' ? 'an empty string' : typeof modelJsonPath}.`);
  }
  const jsonPath = resolve(modelJsonPath);
  const shown = JSON.stringify(modelJsonPath);
  const modelJson = parseModelJson(await readModelJson(jsonPath, shown, fn), shown, fn, kind);
  const modelDir = await realpath(dirname(jsonPath));

  const groups = modelJson.weightsManifest ?? [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const files: string[] = [];
  const names = new Set<string>();
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as { paths?: unknown[]; weights?: unknown } | null;
    const where = `weightsManifest[${g}] of ${shown}`;
    if (group === null || typeof group !== 'object' || !Array.isArray(group.paths) || !group.paths.every((p): p is string => typeof p === 'string' && p !== '')) {
      throw new CamError('INVALID_MODEL_FILE', `${fn}(): ${where} must be an object with "paths" (an array of file names) and "weights".`);
    }
    const needed = weightGroupBytes(group.weights, where, fn);
    for (const w of group.weights as tf.io.WeightsManifestEntry[]) {
      if (names.has(w.name)) {
        throw new CamError('INVALID_MODEL_FILE', `${fn}(): ${where} lists weight ${JSON.stringify(w.name)} a second time; every weight name in a manifest must be unique. Re-export the model.`);
      }
      names.add(w.name);
    }
    let held = 0;
    for (const entry of group.paths) {
      const file = await resolveWeightFile(modelDir, entry, fn);
      files.push(file.path);
      held += file.bytes;
    }
    if (held !== needed) {
      throw new CamError(
        'INVALID_MODEL_FILE',
        `${fn}(): ${where} declares weights needing ${needed} bytes, but its files ` +
          `[${group.paths.join(', ')}] hold ${held} bytes; the weight files do not belong to this ` +
          `model.json or are incomplete. Re-export or re-download the model.`,
      );
    }
    specs.push(...(group.weights as tf.io.WeightsManifestEntry[]));
  }

  const weightData = concatenate(await Promise.all(files.map((f) => readFile(f))));
  return tf.io.getModelArtifactsForJSON(modelJson, async () => [specs, weightData]);
}

/**
 * Largest model.json read (64 MiB): real ones hold a topology and a manifest, from a few kB up to a
 * few MB for large graphs; a bigger file is refused before it is read or parsed.
 * @internal
 */
export const MAX_MODEL_JSON_BYTES = 64 * 2 ** 20;

async function readModelJson(jsonPath: string, shown: string, fn: string): Promise<string> {
  try {
    const info = await stat(jsonPath);
    if (info.isFile() && info.size > MAX_MODEL_JSON_BYTES) {
      throw new CamError(
        'INVALID_MODEL_FILE',
        `${fn}(): ${shown} holds ${info.size} bytes, more than a model.json may (${MAX_MODEL_JSON_BYTES} bytes); it was not read. ` +
          'Pass the model.json written by tensorflowjs_converter or model.save(), whose weights lie in separate .bin files.',
      );
    }
    return await readFile(jsonPath, 'utf8');
  } catch (e) {
    if (e instanceof CamError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new CamError('FILE_NOT_FOUND', `${fn}(): no file at ${shown} (resolved to ${JSON.stringify(jsonPath)}); pass the path of the model's model.json.`);
    }
    if (code === 'EISDIR') {
      throw new CamError('FILE_UNREADABLE', `${fn}(): ${shown} is a folder; pass the path of the model.json inside it.`);
    }
    throw new CamError('FILE_UNREADABLE', `${fn}(): could not read ${shown}: ${(e as Error).message}.`);
  }
}

function isGraphJson(model: Partial<tf.io.ModelJSON>): boolean {
  if (model.format === 'graph-model') return true;
  if (model.format === 'layers-model') return false;
  return Array.isArray((model.modelTopology as { node?: unknown }).node);
}

function parseModelJson(text: string, shown: string, fn: string, kind: ModelFileKind): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CamError('INVALID_MODEL_FILE', `${fn}(): ${shown} is not valid JSON (${(e as Error).message}); expected the model.json written by tensorflowjs_converter or model.save().`);
  }
  const model = json as Partial<tf.io.ModelJSON> | null;
  if (model === null || typeof model !== 'object' || Array.isArray(model) || model.modelTopology == null || typeof model.modelTopology !== 'object') {
    const expected = kind === 'layers-model' ? 'a tfjs layers model (format "layers-model")' : 'a tfjs graph model (format "graph-model")';
    throw new CamError('INVALID_MODEL_FILE', `${fn}(): ${shown} has no "modelTopology" object; expected the model.json of ${expected}.`);
  }
  const graph = isGraphJson(model);
  if (kind === 'layers-model' && graph) {
    throw new CamError('INVALID_MODEL_FILE', `${fn}(): ${shown} is a graph model (format "graph-model"); load it with loadGraphModel from tfjs-gradcam/node (it needs @tensorflow/tfjs-converter) instead.`);
  }
  if (kind === 'graph-model' && !graph) {
    throw new CamError(
      'INVALID_MODEL_FILE',
      `${fn}(): ${shown} is a layers model (format ${JSON.stringify(model.format ?? 'layers-model')}, a Keras topology); load it with loadLayersModel from tfjs-gradcam/node instead.`,
    );
  }
  if (model.weightsManifest !== undefined && !Array.isArray(model.weightsManifest)) {
    throw new CamError('INVALID_MODEL_FILE', `${fn}(): ${shown} has a "weightsManifest" that is not an array of groups.`);
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
