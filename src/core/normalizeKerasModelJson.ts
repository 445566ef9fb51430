import { CamError } from './errors.js';

const FN = 'normalizeKerasModelJson()';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys Keras 3 adds to every serialized object, unknown to tfjs-layers. */
const KERAS3_KEYS = ['module', 'registered_name', 'build_config', 'compile_config'];

/** A Keras 3 reference to a layer output: `{ class_name: '__keras_tensor__', config: { keras_history: [layer, node, tensor] } }`. */
function isKerasTensor(v: Json): v is JsonObject {
  return isObject(v) && v.class_name === '__keras_tensor__' && isObject(v.config) && Array.isArray(v.config.keras_history);
}

/** The Keras tensors in a call's `args`, in order (Add and Concatenate take a list of them). */
function kerasTensors(v: Json, out: JsonObject[]): JsonObject[] {
  if (isKerasTensor(v)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => kerasTensors(x, out));
  return out;
}

/** Container classes: a nested model. */
const CONTAINERS = new Set(['Functional', 'Model', 'Sequential']);

/**
 * Node indices of layer outputs: in Keras 3 a nested model's first call is its node 0; in Keras 2
 * (and tfjs-layers) a model has a node 0 of its own and its first call is node 1.
 */
type NodeShift = (layer: string, node: number) => number;

/** Keras 3 `inbound_nodes` (`[{ args, kwargs }]`) as Keras 2's (`[[[layer, node, tensor, kwargs], ...]]`). */
function inboundNodes(nodes: Json[], layer: string, shift: NodeShift): Json[] {
  return nodes.map((node, i) => {
    if (Array.isArray(node)) return node; // already Keras 2
    if (!isObject(node) || !Array.isArray(node.args)) {
      throw new CamError('INVALID_MODEL_FILE', `${FN}: inbound_nodes[${i}] of layer "${layer}" is neither a Keras 2 list nor a Keras 3 { args, kwargs } object`);
    }
    const kwargs = isObject(node.kwargs) && kerasTensors(Object.values(node.kwargs), []).length === 0 ? node.kwargs : {};
    return kerasTensors(node.args, []).map((t) => {
      const [name, nodeIndex, tensorIndex] = (t.config as JsonObject).keras_history as Json[];
      return [name, shift(String(name), Number(nodeIndex)), tensorIndex, kwargs] as Json[];
    });
  });
}

/** `["input", 0, 0]` (Keras 3, one input) → `[["input", 0, 0]]`, node indices shifted as for inbound nodes. */
function endpoints(v: Json[], shift: NodeShift): Json {
  const list = typeof v[0] === 'string' ? [v] : v;
  return list.map((e) => (Array.isArray(e) && typeof e[0] === 'string' ? [e[0], shift(e[0], Number(e[1])), ...e.slice(2)] : e));
}

/** True when any part of `v` is in the Keras 3 format (`{ args, kwargs }` nodes, `batch_shape`, `module` keys). */
function isKeras3(v: Json): boolean {
  if (Array.isArray(v)) return v.some(isKeras3);
  if (!isObject(v)) return false;
  if ('batch_shape' in v || 'module' in v || 'registered_name' in v) return true;
  if (Array.isArray(v.inbound_nodes) && v.inbound_nodes.some((n) => isObject(n))) return true;
  return Object.values(v).some(isKeras3);
}

/** A dtype policy object (`DTypePolicy` in Keras 3, `Policy` in Keras 2 mixed precision) → its variable dtype. */
function dtypeOf(v: JsonObject): string {
  const name = isObject(v.config) && typeof v.config.name === 'string' ? v.config.name : 'float32';
  // tfjs computes in float32; mixed-precision policies keep float32 variables.
  return name.startsWith('mixed_') || name === 'float16' || name === 'bfloat16' ? 'float32' : name;
}

const NO_SHIFT: NodeShift = (_layer, node) => node;

function normalize(v: Json, key: string | null, layerName: string, shift: NodeShift, keras3: boolean): Json {
  if (Array.isArray(v)) return v.map((x) => normalize(x, null, layerName, shift, keras3));
  if (!isObject(v)) return v;
  if (key === 'dtype' && (v.class_name === 'DTypePolicy' || v.class_name === 'Policy' || v.class_name === 'DTypePolicyMap')) return dtypeOf(v);
  // A model config: references to its nested models move one node up (Keras 3 → Keras 2).
  let inner = shift;
  if (keras3 && Array.isArray(v.layers)) {
    const containers = new Set(v.layers.filter((l): l is JsonObject => isObject(l) && CONTAINERS.has(String(l.class_name))).map((l) => String(l.name ?? (l.config as JsonObject | undefined)?.name)));
    inner = (layer, node) => (containers.has(layer) ? node + 1 : node);
  }
  const out: JsonObject = {};
  const own = typeof v.name === 'string' ? v.name : isObject(v.config) && typeof v.config.name === 'string' ? v.config.name : undefined;
  const name = own ?? layerName;
  for (const [k, value] of Object.entries(v)) {
    if (KERAS3_KEYS.includes(k)) continue;
    if (k === 'batch_shape' && v.batch_input_shape === undefined) out.batch_input_shape = normalize(value, k, name, shift, keras3);
    else if (k === 'inbound_nodes' && Array.isArray(value)) out[k] = inboundNodes(value, name, shift);
    else if ((k === 'input_layers' || k === 'output_layers') && Array.isArray(value)) out[k] = keras3 ? endpoints(value, inner) : value;
    else if (k === 'layers' && Array.isArray(value)) out[k] = value.map((l) => normalize(l, null, name, inner, keras3));
    else if (k === 'config' && isObject(value)) out[k] = normalize(value, k, typeof value.name === 'string' ? value.name : name, shift, keras3);
    else out[k] = normalize(value, k, name, shift, keras3);
  }
  return out;
}

/**
 * Rewrites a Keras 3 model topology so tfjs-layers 4.x can build it: Keras 3 (`keras.saving`,
 * `model.to_json()`, and tensorflowjs_converter run with Keras 3) writes `batch_shape` where
 * tfjs-layers reads `batch_input_shape`, dtype policy objects where it reads a dtype string,
 * `inbound_nodes` as `{ args, kwargs }` objects holding `__keras_tensor__` references where it
 * reads nested `[layer, node, tensor, kwargs]` lists, a single model input or output as a flat
 * `[name, 0, 0]`, node indices of nested models counted from 0 where tfjs-layers (like Keras 2)
 * counts the model's own node first, and `module` / `registered_name` / `build_config` keys it
 * does not know. A Keras 2 topology passes through unchanged.
 *
 * Accepts a whole model.json (`{ modelTopology, weightsManifest, ... }`), a `modelTopology`
 * (`{ model_config, keras_version }`) or a bare model config (`{ class_name, config }`), and
 * returns a new object of the same kind; the input is not modified. Weight names are not
 * changed, so the weights manifest still matches.
 *
 * @param json - the parsed model.json (or part of it) written by Keras 3.
 * @returns a copy (plain JSON, no tensors) tfjs-layers can load (`tf.loadLayersModel` with an IOHandler, or
 *   `tf.models.modelFromJSON`).
 * @throws CamError `INVALID_MODEL_FILE` when `json` is not an object or an `inbound_nodes`
 *   entry has neither format.
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { normalizeKerasModelJson } from 'tfjs-gradcam';
 * const json = normalizeKerasModelJson((await (await fetch('/model/model.json')).json()) as tf.io.ModelJSON);
 * const model = await tf.loadLayersModel(tf.io.fromMemory({
 *   modelTopology: json.modelTopology,
 *   weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
 *   weightData: await (await fetch('/model/group1-shard1of1.bin')).arrayBuffer(),
 * }));
 * ```
 * @category Models
 */
export function normalizeKerasModelJson<T extends object>(json: T): T {
  if (!isObject(json as unknown)) {
    throw new CamError('INVALID_MODEL_FILE', `${FN}: expected the parsed model.json (an object), received ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const root = json as unknown as JsonObject;
  return normalize(root, null, '', NO_SHIFT, isKeras3(root)) as unknown as T;
}
