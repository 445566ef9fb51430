/**
 * What the library knows about a loaded GraphModel: nodes in execution order, the output (and the
 * pre-softmax output), node output shapes, the nodes that can be explained, and name resolution.
 *
 * Shapes come from running the model once on zeros of its input shape (batch 1) and reading every
 * node's output, not from a symbolic pass: a frozen graph carries no output shapes, and a shape rule
 * for each of tfjs-converter's ~200 ops would be a second, divergent implementation of them. The run
 * happens once per model (kept in a WeakMap) inside `tf.tidy`, so nothing it makes survives; the
 * model's own weights, which `execute` can hand back for constant nodes, were made before the tidy
 * and are never disposed by it. Unknown input height or width (`-1`) is probed at
 * {@link PROBE_SIZE} and reported as `null`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { graphOf, type GraphLike, type GraphModelLike, type GraphNodeLike } from './graphModelLike.js';
import { parseSlot, slotName } from './graphSlots.js';

/** Height and width used to probe shapes when the model's input leaves them unknown. */
export const PROBE_SIZE = 224;

/** Ops that only repeat their input: the automatic choice moves to the node that made the map. */
const PASS_THROUGH = new Set(['Identity', 'IdentityN', 'StopGradient', 'PreventGradient', 'Snapshot', 'EnsureShape']);

/** Final ops that logits mode removes. */
const SQUASHING = new Set(['Softmax', 'Sigmoid']);

/** One explainable node: its name, op and output shape (batch first, null where unknown). */
export interface GraphCandidate {
  name: string;
  op: string;
  shape: Array<number | null>;
}

export interface GraphInfo {
  graph: GraphLike;
  /** Name the input is fed by (`model.inputNodes[0]`). */
  inputName: string;
  inputNode: GraphNodeLike;
  /** [null,H,W,C]; entries null where the graph leaves them open. */
  inputShape: Array<number | null>;
  /** Batch size the graph requires, or null when free. */
  fixedBatch: number | null;
  inputDtype: 'float32' | 'int32';
  /** Slot of the model output (`node` or `node:k`). */
  outputSlot: string;
  /** Slot of the input of a final softmax/sigmoid (through pass-through ops), or null. */
  logitsSlot: string | null;
  /** Output shape (batch null), or null when it is not one tensor. */
  outputShape: Array<number | null> | null;
  /** Nodes the output depends on, in execution order (ties broken by the order in model.json). */
  order: GraphNodeLike[];
  /** Nodes whose value depends on the input. */
  fromInput: Set<string>;
  candidates: GraphCandidate[];
}

const infos = new WeakMap<object, GraphInfo>();

/** The graph facts of `model`, computed on first use and kept for the model's lifetime. */
export function graphInfo(model: GraphModelLike, fn: string): GraphInfo {
  const known = infos.get(model);
  if (known) return known;
  const info = analyse(model, fn);
  infos.set(model, info);
  return info;
}

function analyse(model: GraphModelLike, fn: string): GraphInfo {
  const graph = graphOf(model);
  if (graph === null) {
    throw new CamError('INVALID_MODEL', `${fn}: the GraphModel is not loaded (it has no graph yet); await model.load() or use loadGraphModel() before explaining it`);
  }
  const inputNames = model.inputNodes;
  const outputNames = model.outputNodes;
  if (inputNames.length !== 1 || outputNames.length !== 1) {
    throw new CamError(
      'UNSUPPORTED_MODEL',
      `${fn}: the GraphModel has ${inputNames.length} inputs (${inputNames.join(', ')}) and ${outputNames.length} outputs (${outputNames.join(', ')}); ` +
        'only models with one input and one output are supported directly. Wrap it in a CustomModel ({ features, head }) that picks the output to explain.',
    );
  }
  // Signature keys (`output`) name tensors (`Identity:0`); node names pass through.
  const inputName = slotName(...parseSlot(graph.signature?.inputs?.[inputNames[0]!]?.name ?? inputNames[0]!));
  const inputNode = graph.nodes[parseSlot(inputName)[0]];
  if (inputNode === undefined) throw new CamError('UNSUPPORTED_MODEL', `${fn}: the GraphModel's input ${inputName} is not a node of its graph`);
  const declared = (inputNode.attrParams.shape?.value as number[] | undefined) ?? model.inputs[0]?.shape;
  if (!Array.isArray(declared) || declared.length !== 4) {
    throw new CamError(
      'UNSUPPORTED_MODEL',
      `${fn}: the GraphModel's input has shape ${declared ? formatShape(declared) : 'unknown'}; CAM methods need an image model with input [batch, height, width, channels]`,
    );
  }
  const dtype = (inputNode.attrParams.dtype?.value as string | undefined) ?? model.inputs[0]?.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new CamError('UNSUPPORTED_MODEL', `${fn}: the GraphModel's input has dtype ${dtype}; only float32 and int32 image inputs are supported`);
  }
  const dim = (d: number | undefined): number | null => (d == null || d < 0 ? null : d);
  const inputShape = [null, dim(declared[1]), dim(declared[2]), dim(declared[3])];
  const fixedBatch = dim(declared[0]);
  if (inputShape[3] === null) {
    throw new CamError('UNSUPPORTED_MODEL', `${fn}: the GraphModel's input ${formatShape(declared)} leaves the channel count open; the library needs it to be fixed`);
  }

  const outputSlot = slotName(...parseSlot(graph.signature?.outputs?.[outputNames[0]!]?.name ?? outputNames[0]!));
  const outputNode = graph.nodes[parseSlot(outputSlot)[0]];
  if (outputNode === undefined) throw new CamError('UNSUPPORTED_MODEL', `${fn}: the GraphModel's output ${outputSlot} is not a node of its graph`);

  const order = executionOrder(graph, outputNode);
  const fromInput = new Set<string>([inputNode.name]);
  for (const n of order) if (n.inputNames.some((s) => fromInput.has(parseSlot(s)[0]))) fromInput.add(n.name);

  const unknownHW = inputShape[1] === null || inputShape[2] === null;
  const probe = [fixedBatch ?? 1, inputShape[1] ?? PROBE_SIZE, inputShape[2] ?? PROBE_SIZE, inputShape[3]];
  const probed = order.filter((n) => fromInput.has(n.name) && n !== inputNode).map((n) => n.name);
  if (!probed.includes(outputSlot)) probed.push(outputSlot);
  const shapes = probeShapes(model, inputName, probe, dtype, probed, fn);
  const candidates: GraphCandidate[] = [];
  for (const n of order) {
    if (n === inputNode || !fromInput.has(n.name)) continue;
    const s = shapes.get(n.name);
    if (s === undefined || s.dtype !== 'float32' || s.shape.length !== 4 || s.shape[1]! <= 1 || s.shape[2]! <= 1) continue;
    candidates.push({ name: n.name, op: n.op, shape: [null, unknownHW ? null : s.shape[1]!, unknownHW ? null : s.shape[2]!, s.shape[3]!] });
  }
  const outShape = shapes.get(outputSlot)?.shape;
  return {
    graph,
    inputName,
    inputNode,
    inputShape,
    fixedBatch,
    inputDtype: dtype,
    outputSlot,
    logitsSlot: logitsSlotOf(graph, outputSlot),
    outputShape: outShape ? [null, ...outShape.slice(1).map((d, i) => (unknownHW && outShape.length === 4 && i < 2 ? null : d))] : null,
    order,
    fromInput,
    candidates,
  };
}

/**
 * The nodes `output` depends on, in an execution order: Kahn's algorithm, taking among the ready
 * nodes the one listed first in model.json (so the order reads like the converter's).
 */
function executionOrder(graph: GraphLike, output: GraphNodeLike): GraphNodeLike[] {
  const needed = new Set<string>();
  const stack = [output];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (needed.has(n.name)) continue;
    needed.add(n.name);
    for (const i of n.inputs) stack.push(i);
  }
  const position = new Map<string, number>();
  Object.keys(graph.nodes).forEach((name, i) => position.set(name, i));
  const pending = new Map<string, number>();
  for (const name of needed) {
    const n = graph.nodes[name]!;
    pending.set(name, new Set(n.inputs.map((i) => i.name)).size);
  }
  const ready = [...needed].filter((name) => pending.get(name) === 0);
  const order: GraphNodeLike[] = [];
  const byPosition = (a: string, b: string) => position.get(b)! - position.get(a)!;
  ready.sort(byPosition);
  while (ready.length > 0) {
    const name = ready.pop()!;
    const n = graph.nodes[name]!;
    order.push(n);
    let added = false;
    for (const child of new Set(n.children)) {
      if (!needed.has(child.name)) continue;
      const left = pending.get(child.name)! - 1;
      pending.set(child.name, left);
      if (left === 0) {
        ready.push(child.name);
        added = true;
      }
    }
    if (added) ready.sort(byPosition);
  }
  return order;
}

interface ProbedShape {
  shape: number[];
  dtype: string;
}

/** The shape and dtype of each named slot, from one run at batch 1 on zeros of `probe`'s shape. */
function probeShapes(model: GraphModelLike, inputName: string, probe: number[], dtype: 'float32' | 'int32', names: string[], fn: string): Map<string, ProbedShape> {
  const shapes = new Map<string, ProbedShape>();
  try {
    tf.tidy(() => {
      const out = model.execute({ [inputName]: tf.zeros(probe, dtype) }, names);
      const list = Array.isArray(out) ? out : [out];
      names.forEach((name, i) => {
        const t = list[i];
        if (t instanceof tf.Tensor) shapes.set(name, { shape: t.shape, dtype: t.dtype });
      });
    });
  } catch (e) {
    throw new CamError(
      'UNSUPPORTED_MODEL',
      `${fn}: the GraphModel could not be run synchronously on a zeros input of shape ${formatShape(probe)} (${(e as Error).message}); ` +
        'graphs with control flow or dynamic ops need executeAsync, which CAM methods cannot differentiate. Wrap the model in a CustomModel ({ features, head }).',
    );
  }
  return shapes;
}

/** The slot feeding a final Softmax/Sigmoid, looking back through pass-through ops. */
function logitsSlotOf(graph: GraphLike, outputSlot: string): string | null {
  let node = graph.nodes[parseSlot(outputSlot)[0]];
  for (let i = 0; i < 16 && node !== undefined; i++) {
    if (SQUASHING.has(node.op)) return node.inputNames[0] ?? null;
    if (!PASS_THROUGH.has(node.op) || node.inputNames.length !== 1) return null;
    node = graph.nodes[parseSlot(node.inputNames[0]!)[0]];
  }
  return null;
}

function describe(candidates: GraphCandidate[]): string {
  if (candidates.length === 0) return '(none)';
  const shown = candidates.slice(-25).map((c) => `${c.name} ${formatShape(c.shape)}`);
  const more = candidates.length > 25 ? `${candidates.length - 25} earlier ones and ` : '';
  return more + shown.join(', ');
}

/**
 * The node to explain. `name` is a node name, or a unique trailing part of one at a `/` boundary
 * (`conv2d_5/BiasAdd` for `StatefulPartitionedCall/model_1/conv2d_5/BiasAdd`). Without a name: the
 * last candidate in execution order, moved back through pass-through ops (`Identity` and its kin)
 * to the node that computed the map, so the name reported is the one of the real operation.
 */
export function resolveNode(info: GraphInfo, name: string | undefined, fn: string): GraphCandidate {
  const { candidates } = info;
  if (name === undefined) {
    let last = candidates[candidates.length - 1];
    if (last === undefined) {
      throw new CamError(
        'NO_SPATIAL_LAYER',
        `${fn}: the GraphModel has no node with a 4-D output whose height and width are > 1; CAM methods need a convolutional feature map`,
      );
    }
    const byName = new Map(candidates.map((c) => [c.name, c]));
    for (let i = 0; i < 16 && PASS_THROUGH.has(last.op); i++) {
      const node = info.graph.nodes[last.name]!;
      const [src, index] = parseSlot(node.inputNames[0] ?? '');
      const prev = index === 0 ? byName.get(src) : undefined;
      if (prev === undefined) break;
      last = prev;
    }
    return last;
  }
  if (typeof name !== 'string' || name.length === 0) {
    throw new CamError('INVALID_OPTION', `${fn}: layerName must be a non-empty string, received ${String(name)}`);
  }
  const bare = parseSlot(name)[0];
  const all = Object.keys(info.graph.nodes);
  const exact = all.filter((n) => n === bare);
  const found = exact.length === 1 ? exact : all.filter((n) => n.endsWith(`/${bare}`));
  if (found.length === 0) {
    throw new CamError('LAYER_NOT_FOUND', `${fn}: layerName "${name}" is not a node of the GraphModel; nodes with a 4-D output: ${describe(candidates)}`);
  }
  if (found.length > 1) {
    throw new CamError(
      'LAYER_NOT_FOUND',
      `${fn}: layerName "${name}" is ambiguous, it ends ${found.length} node names (${found.slice(0, 5).join(', ')}${found.length > 5 ? ', ...' : ''}); pass the full node name`,
    );
  }
  const nodeName = found[0]!;
  const candidate = candidates.find((c) => c.name === nodeName);
  if (candidate !== undefined) return candidate;
  if (!info.order.some((n) => n.name === nodeName) || !info.fromInput.has(nodeName)) {
    throw new CamError(
      'LAYER_NOT_CONNECTED',
      `${fn}: node "${nodeName}" is not on a path from the input to the output, so it cannot be explained; nodes with a 4-D output: ${describe(candidates)}`,
    );
  }
  throw new CamError(
    'LAYER_NOT_SPATIAL',
    `${fn}: node "${nodeName}" (${info.graph.nodes[nodeName]!.op}) does not output a 4-D feature map with height and width > 1; nodes with a 4-D output: ${describe(candidates)}`,
  );
}

/** The slot a split's head and forward pass compute: the logits when asked for and present. */
export function headOutputSlot(info: GraphInfo, logits: boolean): string {
  return logits && info.logitsSlot !== null ? info.logitsSlot : info.outputSlot;
}

