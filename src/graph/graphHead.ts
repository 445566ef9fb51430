/**
 * The part of a GraphModel after an explained node: which nodes it runs, what it needs besides the
 * node's value, and how to run it so that gradients flow to the node cheaply on every backend.
 *
 * tfjs-converter's `execute` accepts an internal node as a feed: its compiler walks back from the
 * requested outputs and stops at fed nodes (`getExecutionSubgraph`), so
 * `model.execute({ [node]: a }, output)` runs only the nodes after `node`. Where a branch that
 * skips the node joins after it (a residual connection around it), the join also needs values the
 * node does not determine; these "boundary" slots are fetched in the same `execute` call that reads
 * the activations, and fed again (gathered by `rows` when the head's rows stand for other samples).
 *
 * Without a gradient the head is that one `execute` call. With a gradient (inside `tf.grad`), the
 * nodes run one at a time: convolutions, depthwise convolutions, batch norm, fused matrix products
 * and (on wasm) max pooling run through the library's input-only gradient ops, everything else
 * through `execute` on that single node. The converter's own kernels would fail or waste work there:
 * - `_FusedConv2D` and `FusedDepthwiseConv2dNative` with a linear activation (bias only) run tfjs's
 *   fused op, whose gradient always computes the filter gradient (`Conv2DBackpropFilter`, no wasm
 *   kernel: the gradient throws on wasm).
 * - `DepthwiseConv2dNative` (and the fused one with an activation, unfused under a tape) needs
 *   `DepthwiseConv2dNativeBackpropInput`, which wasm lacks.
 * - `Conv2D`'s `Conv2DBackpropInput` is about 10× slower than a forward convolution on wasm.
 * - wasm's `MaxPoolGrad` loses the gradient of windows whose maximum is negative or that touch
 *   'same' padding; `FusedBatchNormV3`'s gradient tiles 1/√(σ²+ε).
 * - `_FusedMatMul` with a linear activation computes the weight gradient too.
 * - A global `AvgPool` (window = map) has a slow wasm gradient; it runs as a mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from '../core/camCache.js';
import { CamError } from '../core/errors.js';
import { conv2dInputGrad } from '../core/conv2dInputGrad.js';
import { depthwiseConv2dInputGrad } from '../core/depthwiseConv2dBackpropInput.js';
import { maxPoolInputGrad } from '../core/maxPoolInputGrad.js';
import type { GraphModelLike, GraphNodeLike } from './graphModelLike.js';
import { parseSlot, slotKey as key, slotName } from './graphSlots.js';
import type { GraphInfo } from './graphTopology.js';

/** How the head after one node is computed. */
export interface HeadPlan {
  /** The explained node. */
  target: string;
  /** Slot the head returns. */
  outputSlot: string;
  /** Nodes after the target that the output needs, in execution order. */
  nodes: GraphNodeLike[];
  /** Slots the head reads that neither the target nor the head computes (nor the weights hold). */
  boundary: string[];
  /** Per head node: the output indices read by later nodes or returned. */
  used: Map<string, number[]>;
}


/** The plan for the head from `target` to `outputSlot`; a CamError when the output does not depend on the target. */
export function headPlan(model: GraphModelLike, info: GraphInfo, target: string, outputSlot: string, fn: string): HeadPlan {
  const outNode = parseSlot(outputSlot)[0];
  // Ancestors of the output (the head's output may be the softmax's input, not the model output).
  const needed = new Set<string>();
  const stack = [info.graph.nodes[outNode]!];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (needed.has(n.name)) continue;
    needed.add(n.name);
    if (n.name !== target) stack.push(...n.inputs);
  }
  const after = new Set<string>([target]);
  const nodes: GraphNodeLike[] = [];
  for (const n of info.order) {
    if (n.name === target || !needed.has(n.name)) continue;
    if (n.inputNames.some((s) => after.has(parseSlot(s)[0]))) {
      after.add(n.name);
      nodes.push(n);
    }
  }
  if (outNode !== target && !after.has(outNode)) {
    throw new CamError(
      'LAYER_NOT_CONNECTED',
      `${fn}: the output does not depend on node "${target}" (no path from it to ${outputSlot}); pick a node on the path from the input to the output`,
    );
  }
  const computed = new Set(nodes.map((n) => n.name));
  const boundary = new Set<string>();
  const used = new Map<string, Set<number>>();
  const use = (slot: string) => {
    const [p, k] = parseSlot(slot);
    if (computed.has(p)) {
      const s = used.get(p) ?? new Set<number>();
      s.add(k);
      used.set(p, s);
    } else if (!(p === target && k === 0) && model.weights[p] === undefined) {
      boundary.add(slotName(p, k));
    }
  };
  for (const n of nodes) n.inputNames.forEach(use);
  use(outputSlot);
  return {
    target,
    outputSlot,
    nodes,
    boundary: [...boundary],
    used: new Map([...used].map(([n, s]) => [n, [...s].sort((a, b) => a - b)])),
  };
}

/** A node computed by the library instead of the converter, from its inputs' values. */
type NodeRunner = (input: (i: number) => tf.Tensor) => tf.Tensor;

type Activation = (x: tf.Tensor) => tf.Tensor;

function attr<T>(node: GraphNodeLike, name: string): T | undefined {
  return node.attrParams[name]?.value as T | undefined;
}

function pair(v: number[] | undefined): [number, number] | null {
  return Array.isArray(v) && v.length === 4 ? [v[1]!, v[2]!] : null;
}

function padding(node: GraphNodeLike): 'same' | 'valid' | null {
  const p = attr<string>(node, 'pad');
  return p === 'same' || p === 'valid' ? p : null;
}

function nhwc(node: GraphNodeLike): boolean {
  const f = attr<string>(node, 'dataFormat');
  return f == null || f.toLowerCase() === 'nhwc';
}

/**
 * The fused ops' extra op and activation as functions: [bias?, activation]; null when the
 * combination is not one this module reproduces.
 */
function fusedParts(node: GraphNodeLike, weight: (i: number) => tf.Tensor | null): { bias: tf.Tensor | null; act: Activation } | null {
  const ops = attr<string[]>(node, 'fusedOps') ?? [];
  const [extra, activation] = ops;
  if (extra !== 'biasadd') return null;
  const bias = weight(2);
  if (bias === null) return null;
  const alpha = attr<number>(node, 'leakyreluAlpha') ?? 0.2;
  let act: Activation;
  switch (activation) {
    case undefined:
    case 'linear':
      act = (x) => x;
      break;
    case 'relu':
      act = (x) => tf.relu(x);
      break;
    case 'relu6':
      act = (x) => tf.relu6(x);
      break;
    case 'elu':
      act = (x) => tf.elu(x);
      break;
    case 'sigmoid':
      act = (x) => tf.sigmoid(x);
      break;
    case 'tanh':
      act = (x) => tf.tanh(x);
      break;
    case 'leakyrelu':
      act = (x) => tf.leakyRelu(x, alpha);
      break;
    case 'prelu': {
      const w = weight(3);
      if (w === null) return null;
      act = (x) => tf.prelu(x, w);
      break;
    }
    default:
      return null;
  }
  return { bias, act };
}

/**
 * The library's implementation of `node` for the gradient pass, or null to run the converter's.
 * Every operand but the first must be a weight (a constant of the model).
 */
function runnerFor(model: GraphModelLike, node: GraphNodeLike, cache: CamCache | undefined): NodeRunner | null {
  const weight = (i: number): tf.Tensor | null => {
    const name = node.inputNames[i];
    if (name === undefined) return null;
    const [p, k] = parseSlot(name);
    return model.weights[p]?.[k] ?? null;
  };
  const strides = pair(attr<number[]>(node, 'strides'));
  const dilations = pair(attr<number[]>(node, 'dilations')) ?? [1, 1];
  const pad = padding(node);
  switch (node.op) {
    case 'Conv2D':
    case '_FusedConv2D': {
      const filter = weight(1);
      if (filter === null || filter.rank !== 4 || strides === null || pad === null || !nhwc(node)) return null;
      const fused = node.op === '_FusedConv2D' ? fusedParts(node, weight) : { bias: null, act: (x: tf.Tensor) => x };
      if (fused === null) return null;
      return (input) => fused.act(conv2dInputGrad(input(0) as tf.Tensor4D, filter as tf.Tensor4D, strides, pad, dilations, fused.bias as tf.Tensor1D | null, cache));
    }
    case 'DepthwiseConv2dNative':
    case 'DepthwiseConv2d':
    case 'FusedDepthwiseConv2dNative': {
      const filter = weight(1);
      if (filter === null || filter.rank !== 4 || strides === null || pad === null || !nhwc(node)) return null;
      const fused = node.op === 'FusedDepthwiseConv2dNative' ? fusedParts(node, weight) : { bias: null, act: (x: tf.Tensor) => x };
      if (fused === null) return null;
      return (input) =>
        fused.act(depthwiseConv2dInputGrad(input(0) as tf.Tensor4D, filter as tf.Tensor4D, strides, pad, dilations, fused.bias as tf.Tensor1D | null, cache));
    }
    case 'FusedBatchNorm':
    case 'FusedBatchNormV2':
    case 'FusedBatchNormV3': {
      // Inference batch norm is the affine map x·s + t with s = γ/√(σ²+ε), t = β − μ·s.
      const [scale, offset, mean, variance] = [weight(1), weight(2), weight(3), weight(4)];
      if (scale === null || offset === null || mean === null || variance === null || !nhwc(node)) return null;
      const epsilon = attr<number>(node, 'epsilon') ?? 1e-3;
      return (input) => {
        const s = tf.mul(tf.rsqrt(tf.add(variance, epsilon)), scale);
        const t = tf.sub(offset, tf.mul(mean, s));
        return tf.add(tf.mul(input(0), s), t);
      };
    }
    case '_FusedMatMul': {
      const b = weight(1);
      if (b === null || b.rank !== 2) return null;
      const fused = fusedParts(node, weight);
      if (fused === null) return null;
      const ta = attr<boolean>(node, 'transposeA') ?? false;
      const tb = attr<boolean>(node, 'transposeB') ?? false;
      return (input) => {
        let z: tf.Tensor = tf.matMul(input(0) as tf.Tensor2D, b as tf.Tensor2D, ta, tb);
        if (fused.bias !== null) z = tf.add(z, fused.bias);
        return fused.act(z);
      };
    }
    case 'AvgPool': {
      // Global average pooling written as AvgPool (a window the size of the map): a mean, whose
      // gradient is a broadcast (wasm's AvgPoolGrad takes ~35 ms on 8×7×7×1792).
      const size = pair(attr<number[]>(node, 'kernelSize'));
      if (size === null || pad !== 'valid' || !nhwc(node)) return null;
      return (input) => {
        const x = input(0) as tf.Tensor4D;
        return x.shape[1] === size[0] && x.shape[2] === size[1] ? tf.mean(x, [1, 2], true) : tf.avgPool(x, size, strides ?? size, pad);
      };
    }
    case 'MaxPool': {
      if (tf.getBackend() !== 'wasm') return null;
      const size = pair(attr<number[]>(node, 'kernelSize'));
      if (size === null || strides === null || pad === null || !nhwc(node)) return null;
      return (input) => maxPoolInputGrad(input(0) as tf.Tensor4D, size, strides, pad);
    }
    default:
      return null;
  }
}

/** Runs a head plan. Build once per split; each `run` is one head evaluation. */
export class GraphHead {
  private readonly runners = new Map<string, NodeRunner | null>();

  /** `cache` keeps the flipped filters the gradient ops derive from the weights between calls. */
  constructor(
    private readonly model: GraphModelLike,
    private readonly info: GraphInfo,
    private readonly plan: HeadPlan,
    private readonly cache?: CamCache,
  ) {}

  /**
   * The head's output for activations `a` and the boundary values, inside the caller's tidy.
   * `differentiable` picks the node-by-node run (gradient-friendly ops) over one `execute` call.
   */
  run(a: tf.Tensor, boundary: Map<string, tf.Tensor>, differentiable: boolean): tf.Tensor {
    const { plan, model } = this;
    if (plan.nodes.length === 0) return key(plan.outputSlot) === key(plan.target) ? a : boundary.get(plan.outputSlot)!;
    if (!differentiable) {
      const feeds: tf.NamedTensorMap = { [plan.target]: a };
      for (const [slot, t] of boundary) feeds[slot] = t;
      checkFeeds(Object.keys(feeds), this.info);
      return model.execute(feeds, plan.outputSlot) as tf.Tensor;
    }
    const values = new Map<string, tf.Tensor>([[`${plan.target}:0`, a]]);
    for (const [slot, t] of boundary) values.set(key(slot), t);
    const valueOf = (slot: string): tf.Tensor | undefined => values.get(key(slot));
    for (const node of plan.nodes) {
      let runner = this.runners.get(node.name);
      if (runner === undefined) {
        runner = runnerFor(model, node, this.cache);
        this.runners.set(node.name, runner);
      }
      if (runner !== null) {
        values.set(`${node.name}:0`, runner((i) => valueOf(node.inputNames[i]!)!));
        continue;
      }
      // One node through the converter: its non-weight inputs fed, its used outputs fetched.
      const feeds: tf.NamedTensorMap = {};
      for (const slot of node.inputNames) {
        const v = valueOf(slot);
        if (v !== undefined) feeds[slotName(...parseSlot(slot))] = v;
      }
      checkFeeds(Object.keys(feeds), this.info);
      const indices = plan.used.get(node.name) ?? [0];
      const out = model.execute(feeds, indices.map((k) => slotName(node.name, k)));
      const list = Array.isArray(out) ? out : [out];
      indices.forEach((k, i) => values.set(`${node.name}:${k}`, list[i]!));
    }
    return valueOf(plan.outputSlot)!;
  }
}

/**
 * tfjs-converter keeps one fed tensor per node (`execute({ 'n:0': a, 'n:1': b })` keeps only the
 * last), so a node read at two of its outputs cannot be fed; no classifier head seen so far needs it.
 */
function checkFeeds(slots: string[], info: GraphInfo): void {
  const seen = new Set<string>();
  for (const s of slots) {
    const node = parseSlot(s)[0];
    if (seen.has(node)) {
      throw new CamError(
        'UNSUPPORTED_MODEL',
        `the head of the GraphModel reads two outputs of node "${node}" at once, which tfjs-converter cannot feed; explain a node after it (input ${info.inputName})`,
      );
    }
    seen.add(node);
  }
}
