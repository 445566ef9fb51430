import { readFile, stat } from 'node:fs/promises';
import type { SplitModel } from '../core/modelSplit.js';
import { toSplitModel } from '../core/toSplitModel.js';
import { loadGraphModel } from '../node/loadGraphModel.js';
import { loadLayersModel } from '../node/loadLayersModel.js';
import { MAX_MODEL_JSON_BYTES } from '../node/readModelArtifacts.js';
import { CliUsageError } from './cliUsageError.js';

/**
 * A model loaded by the CLI: the model object to pass to `cam()`, its {@link SplitModel} view (input
 * and output shapes, candidate layers, the automatic layer), and how to free it.
 * @internal
 */
export interface LoadedModel {
  kind: 'layers' | 'graph';
  model: unknown;
  split: SplitModel;
  dispose(): void;
}

/**
 * Loads a layers model (`loadLayersModel`) or a graph model (`loadGraphModel`, needs
 * @tensorflow/tfjs-converter), choosing by the model.json's `format` (or, without one, by its
 * topology: a `node` list is a graph). Problems become usage errors naming `--model`.
 * @internal
 */
export async function loadModelFile(path: string, command: string): Promise<LoadedModel> {
  let graph = false;
  try {
    // An oversized file is left to the loader, which refuses it without reading it.
    if ((await stat(path)).size > MAX_MODEL_JSON_BYTES) throw new Error('too large');
    const json = JSON.parse(await readFile(path, 'utf8')) as { format?: unknown; modelTopology?: { node?: unknown } };
    graph = json.format === 'graph-model' || (json.format !== 'layers-model' && Array.isArray(json.modelTopology?.node));
  } catch {
    // unreadable or not JSON: the layers loader says exactly what is wrong
  }
  try {
    const model = graph ? await loadGraphModel(path) : await loadLayersModel(path);
    return { kind: graph ? 'graph' : 'layers', model, split: toSplitModel(model, command), dispose: () => model.dispose() };
  } catch (e) {
    throw new CliUsageError(`--model: ${(e as Error).message.replace(/^[A-Za-z]+\(\): /, '')}`);
  }
}
