/**
 * Walks a tfjs-layers model, descending into nested models, and finds the layer to explain.
 * Duck-typed on purpose: the model may come from another copy of tfjs-layers (ESM vs CJS build).
 */
import { CamError } from './errors.js';
import { formatShape } from './formatShape.js';

/** The parts of a tfjs-layers `Layer` the library reads. */
export interface LayerLike {
  name: string;
  call: (inputs: unknown, kwargs: Record<string, unknown>) => unknown;
  getClassName(): string;
  readonly outputShape?: unknown;
  [key: string]: unknown;
}

/** The parts of a tfjs-layers `LayersModel` (or Sequential) the library reads. */
export interface ContainerLike extends LayerLike {
  layers: LayerLike[];
  outputLayers?: LayerLike[];
  inputs?: Array<{ shape: Array<number | null> }>;
  outputs?: Array<{ shape: Array<number | null> }>;
  apply(inputs: unknown, kwargs?: Record<string, unknown>): unknown;
}

/** One layer of a model tree with its slash-separated path (`base/conv5`). */
export interface LayerEntry {
  layer: LayerLike;
  path: string;
  isContainer: boolean;
  /** The layer's single output shape (batch first), or null when it has none or several. */
  shape: Array<number | null> | null;
}

export function isContainer(x: unknown): x is ContainerLike {
  const m = x as ContainerLike | null;
  return (
    m != null &&
    typeof m === 'object' &&
    Array.isArray(m.layers) &&
    typeof m.apply === 'function' &&
    typeof (m as unknown as { runInternalGraph?: unknown }).runInternalGraph === 'function'
  );
}

function singleOutputShape(layer: LayerLike): Array<number | null> | null {
  let shape: unknown;
  try {
    shape = layer.outputShape;
  } catch {
    return null; // never called, or several inbound nodes with different shapes
  }
  if (!Array.isArray(shape) || shape.length === 0) return null;
  if (Array.isArray(shape[0])) return shape.length === 1 ? (shape[0] as Array<number | null>) : null;
  return shape as Array<number | null>;
}

/** Every layer of `model` in execution order, nested models followed by their own layers. */
export function listLayers(model: ContainerLike): LayerEntry[] {
  const out: LayerEntry[] = [];
  const walk = (container: ContainerLike, prefix: string): void => {
    for (const layer of container.layers) {
      const path = prefix ? `${prefix}/${layer.name}` : layer.name;
      const nested = isContainer(layer);
      if (nested) walk(layer, path);
      out.push({ layer, path, isContainer: nested, shape: singleOutputShape(layer) });
    }
  };
  walk(model, '');
  return out;
}

/** True when a layer's output is a spatial feature map: 4-D with H,W > 1 (or unknown). */
export function isSpatial(shape: Array<number | null> | null): boolean {
  if (shape == null || shape.length !== 4) return false;
  const [, h, w] = shape;
  return (h == null || h > 1) && (w == null || w > 1);
}

/** A layer that can be explained: spatial output, not an input layer. */
function isCandidate(e: LayerEntry): boolean {
  return e.layer.getClassName() !== 'InputLayer' && isSpatial(e.shape);
}

/** Layers that can be explained, in execution order. */
export function candidateLayers(model: ContainerLike): LayerEntry[] {
  return listLayers(model).filter(isCandidate);
}

function describe(entries: LayerEntry[]): string {
  if (entries.length === 0) return '(none)';
  const shown = entries.slice(-25).map((e) => `${e.path} ${formatShape(e.shape)}`);
  const more = entries.length > 25 ? `${entries.length - 25} earlier ones and ` : '';
  return more + shown.join(', ');
}

const PASS_THROUGH = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/**
 * Finds the target layer. `name` may be a layer name (unique across the tree) or a path
 * (`base/block5_conv3`). Without a name, the last spatial layer is chosen.
 */
export function resolveLayer(model: ContainerLike, name: string | undefined, fn: string): LayerEntry {
  const all = listLayers(model);
  const candidates = all.filter(isCandidate);
  if (name === undefined) {
    // Pass-through layers (Dropout and friends) repeat their input's map: pick the layer that made it.
    // A nested model is reported as the layer that produces its output.
    const last = candidates.filter((e) => !PASS_THROUGH.has(e.layer.getClassName())).pop();
    if (last === undefined) {
      throw new CamError(
        'NO_SPATIAL_LAYER',
        `${fn}: the model has no layer with a 4-D output whose height and width are > 1 ` +
          `(layers: ${all.map((e) => `${e.path} ${formatShape(e.shape)}`).join(', ')}); ` +
          'CAM methods need a convolutional feature map. Pass layerName explicitly if the model reshapes its features.',
      );
    }
    return outputLeaf(last, all);
  }
  if (typeof name !== 'string' || name.length === 0) {
    throw new CamError('INVALID_OPTION', `${fn}: layerName must be a non-empty string, received ${String(name)}`);
  }
  const matches = all.filter((e) => e.path === name || e.layer.name === name);
  const exact = matches.filter((e) => e.path === name);
  const found = exact.length === 1 ? exact : matches;
  if (found.length === 0) {
    throw new CamError(
      'LAYER_NOT_FOUND',
      `${fn}: layerName "${name}" not found; layers with a 4-D output: ${describe(candidates)}`,
    );
  }
  if (found.length > 1) {
    throw new CamError(
      'LAYER_NOT_FOUND',
      `${fn}: layerName "${name}" is ambiguous, it names ${found.map((e) => e.path).join(' and ')}; ` +
        'pass the full path instead',
    );
  }
  const entry = found[0]!;
  if (!isCandidate(entry)) {
    throw new CamError(
      'LAYER_NOT_SPATIAL',
      `${fn}: layer "${entry.path}" has output shape ${formatShape(entry.shape)}, ` +
        `not a 4-D feature map with height and width > 1; layers with a 4-D output: ${describe(candidates)}`,
    );
  }
  return outputLeaf(entry, all);
}

/**
 * A nested model stands for the layer that produces its output (found through its output tensor's
 * source layer): containers may be flattened by their parent (a Sequential inside a Sequential
 * runs the inner layers directly), so only leaf layers are reliably called.
 */
function outputLeaf(entry: LayerEntry, all: LayerEntry[]): LayerEntry {
  let current = entry;
  for (let i = 0; i < 64 && current.isContainer; i++) {
    const outputs = (current.layer as ContainerLike).outputs as Array<{ sourceLayer?: LayerLike }> | undefined;
    const source = outputs?.length === 1 ? outputs[0]!.sourceLayer : undefined;
    const next = source && all.find((e) => e.layer === source);
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * The leaf layer that produces the model's (single) output, looking inside nested models: used to
 * explain logits instead of softmax probabilities.
 */
export function outputLayerOf(model: ContainerLike): LayerLike | null {
  let current: LayerLike = model;
  for (let i = 0; i < 64 && isContainer(current); i++) {
    const outs: LayerLike[] | undefined = current.outputLayers;
    if (!outs || outs.length !== 1) return null;
    current = outs[0]!;
  }
  return isContainer(current) ? null : current;
}
