/**
 * The parts of a tfjs-converter `GraphModel` the library reads, typed here so the core never
 * imports `@tensorflow/tfjs-converter` (an optional peer). Duck-typed on purpose: the model may come
 * from any copy of tfjs-converter 4.x (ESM or CJS build).
 */
import type * as tf from '@tensorflow/tfjs-core';

/** One node of a loaded graph (tfjs-converter's internal `Node`). */
export interface GraphNodeLike {
  name: string;
  /** TensorFlow op name: `Conv2D`, `_FusedConv2D`, `Relu6`, `Identity`, `Const`, `Placeholder`, ... */
  op: string;
  /** Producers of the inputs, as `node` or `node:k` (control inputs included, without `^`). */
  inputNames: string[];
  inputs: GraphNodeLike[];
  children: GraphNodeLike[];
  /** Attributes as tfjs-converter decoded them (strings lower-cased, lists as arrays). */
  attrParams: Record<string, { value?: unknown } | undefined>;
}

/** The loaded graph behind a GraphModel. */
export interface GraphLike {
  nodes: Record<string, GraphNodeLike>;
  inputs: GraphNodeLike[];
  outputs: GraphNodeLike[];
  weights: GraphNodeLike[];
  /** The SavedModel signature: input and output keys → tensor names (`{ output: { name: 'Identity:0' } }`). */
  signature?: { inputs?: Record<string, { name?: string }>; outputs?: Record<string, { name?: string }> };
}

/**
 * A graph input or output as a GraphModel describes it (`model.inputs`, `model.outputs`).
 * @example
 * ```ts
 * const model = await loadGraphModel('models/emotion/model.json');
 * const [input]: GraphTensorInfo[] = model.inputs;
 * console.log(input?.name, input?.shape, input?.dtype); // 'input_1' [-1, 48, 48, 1] 'float32'
 * ```
 * @category Models
 */
export interface GraphTensorInfo {
  /** Node name (`input_1`). */
  name: string;
  /** Shape, `-1` where the graph leaves it free; undefined when unknown. */
  shape?: number[];
  /** Data type (`float32`); undefined when unknown. */
  dtype?: string;
}

/**
 * A tfjs-converter `GraphModel`, as far as tfjs-gradcam uses it (typed here so the published
 * declarations do not depend on `@tensorflow/tfjs-converter`, an optional peer). Objects of this
 * type are real `GraphModel` instances: cast to `GraphModel` for the rest of its API. Every CAM
 * method accepts one as its model; the caller owns it (`model.dispose()`).
 * @example
 * ```ts
 * const model: GraphModelLike = await loadGraphModel('models/emotion/model.json');
 * const logits = model.predict(faces) as tf.Tensor2D; // the caller owns it
 * const r = gradCam(model, faces);
 * logits.dispose();
 * r.dispose();
 * model.dispose();
 * ```
 * @category Models
 */
export interface GraphModelLike {
  /** Runs the model (see tfjs-converter's `GraphModel.predict`); the caller owns the result. */
  predict(inputs: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap, config?: tf.ModelPredictConfig): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
  /** Frees the model's weights. */
  dispose(): void;
  /** Output node names and shapes. */
  readonly outputs: GraphTensorInfo[];
  /** Runs the graph to the named nodes (default: the outputs), feeding the named nodes (default: the input). */
  execute(inputs: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap, outputs?: string | string[]): tf.Tensor | tf.Tensor[];
  /** `execute` for graphs with control flow. */
  executeAsync(inputs: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap, outputs?: string | string[]): Promise<tf.Tensor | tf.Tensor[]>;
  /** Names the inputs are fed by: node names (`input_1:0`) or the signature's keys. */
  readonly inputNodes: string[];
  /** Names of the outputs: node names (`Identity:0`) or the signature's keys. */
  readonly outputNodes: string[];
  /** Input node names, shapes (`-1` where free) and dtypes. */
  readonly inputs: GraphTensorInfo[];
  /** Constant tensors by node name (the model's weights). */
  readonly weights: Record<string, tf.Tensor[]>;
}

/** The graph of a loaded GraphModel, or null before `load()` (no executor yet). @internal */
export function graphOf(model: GraphModelLike): GraphLike | null {
  const executor = (model as unknown as { executor?: { graph?: GraphLike } }).executor;
  const graph = executor?.graph;
  return graph != null && typeof graph.nodes === 'object' && Array.isArray(graph.outputs) ? graph : null;
}
