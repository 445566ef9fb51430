/**
 * A tfjs-layers model split at a layer, by split passes.
 *
 * Pass 1 runs the model up to the target layer with its own (fused, fast) kernels and no gradient
 * tape, caching the output of every layer call on the way, and stops at the target. Afterwards
 * every layer's `call` stays patched while the split is in use, and each `head(a)` runs the whole
 * model again with the target's output replaced by `a`: layer calls cached in pass 1 return their
 * cached outputs, calls downstream of `a` ("tainted") are computed with {@link gradientCallFor} so
 * only input gradients are taken, and calls that pass 1 did not reach but that do not depend on
 * `a` (a branch that skips the target) are computed as usual. This works for Sequential models,
 * functional DAGs and nested models alike, because it follows the layer calls tfjs-layers makes,
 * whatever container makes them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from './errors.js';
import {
  candidateLayers,
  listLayers,
  outputLayerOf,
  resolveLayer,
  type ContainerLike,
  type LayerEntry,
  type LayerLike,
} from './layerGraph.js';
import { withPatchedCalls } from './layerPatch.js';
import { appliesSquashing, gradientCallFor, logitsCallFor, type GradientCall } from './gradientCall.js';
import type { ModelSplit, SplitModel, SplitOptions } from './modelSplit.js';

class StopAtTarget {}

export function tensorsOf(x: unknown): tf.Tensor[] {
  if (x instanceof tf.Tensor) return [x];
  if (Array.isArray(x)) return x.filter((t): t is tf.Tensor => t instanceof tf.Tensor);
  return [];
}

export function single(x: unknown, layer: { name: string }): tf.Tensor {
  const ts = tensorsOf(x);
  if (ts.length !== 1) {
    throw new CamError('UNSUPPORTED_MODEL', `layer "${layer.name}" has ${ts.length} outputs; only single-output layers can be explained`);
  }
  return ts[0]!;
}

/**
 * `out` with every tensor that is also one of the layer's inputs replaced by a clone. An identity
 * layer (Dropout in inference) returns its input; tfjs-layers' `apply` then hands out a clone of
 * its own, whose id the passes would not know, and the executor may free the input.
 */
export function withOwnOutputs(out: unknown, inputs: tf.Tensor[]): unknown {
  const own = (t: unknown) => (t instanceof tf.Tensor && inputs.includes(t) ? tf.clone(t) : t);
  return Array.isArray(out) ? out.map(own) : own(out);
}

const LINEAR = { apply: (x: tf.Tensor) => x, getClassName: () => 'linear', getConfig: () => ({}) };

/**
 * tfjs-layers' executor (used by `apply` and by every container's `call`) disposes each intermediate
 * tensor once its last consumer has run, except in training mode; every patched layer is called
 * with `training: false`, so BatchNormalization, Dropout and the like always behave as in inference.
 *
 * Pass 1 runs in inference mode, so the executor frees what later passes cannot need: an output
 * whose consumers all ran before the target. Outputs with a consumer after the target (a branch
 * that skips it) are still alive when pass 1 stops, because that consumer never ran. Later passes
 * return cached outputs without reading them, so freed ones do no harm there; they run in training
 * mode so nothing they produce, `a` included, is disposed under them.
 */
const PASS1_KWARGS = { training: false };
const PASS2_KWARGS = { training: true };

function inference(kwargs: Record<string, unknown>): Record<string, unknown> {
  return { ...kwargs, training: false };
}

/** The model's layer calls, with a final softmax/sigmoid stripped when asked. */
export interface LayerCaller {
  /** Calls `layer` (patched away from `original`) the way the passes need. */
  call(layer: LayerLike, original: LayerLike['call'], inputs: unknown, kwargs: Record<string, unknown>, differentiable: boolean): unknown;
}

/**
 * GlobalAveragePooling2D (channels last) as one average pool over the whole map: on wasm this is
 * about 6× faster than the layer's `tf.mean` over two axes, which heads of K ablated copies and
 * Score-CAM's forward passes run many times. Null for any other layer.
 */
function globalAveragePoolCall(layer: LayerLike, x: tf.Tensor): tf.Tensor | null {
  if (layer.getClassName() !== 'GlobalAveragePooling2D' || x.rank !== 4) return null;
  const format = layer['dataFormat'] as string | undefined;
  if (format != null && format !== 'channelsLast') return null;
  const [n, h, w, k] = x.shape as [number, number, number, number];
  const pooled = tf.avgPool(x as tf.Tensor4D, [h, w], 1, 'valid');
  return layer['keepDims'] === true ? pooled : tf.reshape(pooled, [n, k]);
}

/**
 * Calls layers for a pass that produces the model output: with the gradient-friendly
 * implementations when `differentiable`, with the layer's own kernels otherwise, and without the
 * output layer's softmax/sigmoid when `logits`.
 */
export function layerCaller(model: ContainerLike, options: Pick<SplitOptions, 'logits' | 'cache'>): LayerCaller {
  const outputLayer = options.logits ? outputLayerOf(model) : null;
  const stripOutput = outputLayer != null && appliesSquashing(outputLayer);
  const fast = new Map<LayerLike, GradientCall | null>();
  return {
    call(layer, original, inputs, kwargs, differentiable) {
      const ins = tensorsOf(inputs);
      const isOutput = stripOutput && layer === outputLayer;
      let impl: GradientCall | null = null;
      if (differentiable) {
        if (!fast.has(layer)) fast.set(layer, isOutput ? logitsCallFor(layer, options.cache) : gradientCallFor(layer, options.cache));
        impl = fast.get(layer)!;
      } else if (isOutput && !('activation' in layer && layer.getClassName() !== 'Activation')) {
        // Outside gradients a layer's own fused kernels are fastest: a weight layer keeps them and
        // only loses its activation (below); a Softmax or Activation layer becomes the identity.
        impl = logitsCallFor(layer, options.cache);
      }
      if (impl != null && ins.length === 1) return impl(ins[0]!, isOutput);
      if (!differentiable && !isOutput && ins.length === 1) {
        const pooled = globalAveragePoolCall(layer, ins[0]!);
        if (pooled !== null) return pooled;
      }
      if (isOutput && 'activation' in layer) {
        const saved = layer.activation;
        layer.activation = LINEAR;
        try {
          return original.call(layer, inputs, inference(kwargs));
        } finally {
          layer.activation = saved;
        }
      }
      return original.call(layer, inputs, inference(kwargs));
    },
  };
}

/**
 * For a Dense output layer whose output is linear (no activation, or a softmax/sigmoid that logits
 * mode strips): a function computing only column `classes[i]` of row i, returned as an [N,C]
 * output that is 0 elsewhere. Null for any other output layer.
 */
function columnCall(
  layer: LayerLike | null,
  logits: boolean,
  keep: <T extends tf.Tensor>(t: T) => T,
): ((x: tf.Tensor2D, classes: tf.Tensor1D) => tf.Tensor2D) | null {
  if (layer === null || layer.getClassName() !== 'Dense') return null;
  const activation = layer['activation'] as { getClassName(): string } | null | undefined;
  const name = activation != null && typeof activation.getClassName === 'function' ? activation.getClassName() : 'linear';
  if (!(name === 'linear' || (logits && appliesSquashing(layer)))) return null;
  const kernel = layer['kernel'] as { read(): tf.Tensor2D } | undefined;
  if (kernel === undefined) return null;
  const bias = layer['bias'] as { read(): tf.Tensor1D } | null | undefined;
  // The kernel transposed once per split, so each call gathers contiguous rows.
  let transposed: tf.Tensor2D | null = null;
  return (x, classes) => {
    if (transposed === null) transposed = keep(tf.transpose(kernel.read()));
    const c = transposed.shape[0];
    const picked = tf.gather(transposed, classes); // [N,in]
    let z: tf.Tensor = tf.sum(tf.mul(x, picked), 1);
    if (bias != null) z = tf.add(z, tf.gather(bias.read(), classes));
    // An int32 one-hot cast to float32 (wasm: broadcasting Equal is slow, float32 OneHot gives zeros).
    const mask = tf.cast(tf.oneHot(classes, c), 'float32');
    return tf.mul(mask, tf.expandDims(z, 1)) as tf.Tensor2D;
  };
}

/**
 * Runs `body` with `model` split at `target` for input `x`. Every layer is restored and every
 * tensor the split made is freed when this returns or throws; `body`'s own result is not touched.
 */
export function withLayersSplit<T>(
  model: ContainerLike,
  x: tf.Tensor4D,
  target: LayerEntry,
  options: SplitOptions,
  body: (split: ModelSplit) => T,
): T {
  const entries = listLayers(model);
  const patched = entries.filter((e) => !e.isContainer && e.layer.getClassName() !== 'InputLayer').map((e) => e.layer);
  const targetLayer = target.layer;

  const cache = new Map<LayerLike, unknown[]>();
  const kept: tf.Tensor[] = [];
  // Tensor ids grow monotonically: anything with an id up to this one existed before the call
  // (the caller's input, the model's weights) and is never kept or disposed here.
  const before = tf.scalar(0);
  const lastOuterId = before.id;
  before.dispose();
  const keep = <U extends tf.Tensor>(t: U): U => {
    if (t.id > lastOuterId && !t.isDisposed && !kept.includes(t)) kept.push(tf.keep(t));
    return t;
  };
  let activations: tf.Tensor4D | null = null;

  try {
    // Pass 1: up to the target, no tape.
    withPatchedCalls(
      patched,
      (layer, original) => (inputs, kwargs) => {
        const out = original.call(layer, inputs, inference(kwargs));
        if (layer === targetLayer) {
          const a = single(out, layer);
          activations = keep(a.id > lastOuterId ? a : tf.clone(a)) as tf.Tensor4D;
          throw new StopAtTarget();
        }
        // Cache outputs of our own, which later passes can return safely.
        const cached = withOwnOutputs(out, tensorsOf(inputs));
        tensorsOf(cached).forEach(keep);
        const list = cache.get(layer) ?? [];
        list.push(cached);
        cache.set(layer, list);
        return out;
      },
      () => {
        try {
          tf.tidy(() => {
            model.call(x, PASS1_KWARGS);
          });
        } catch (e) {
          if (!(e instanceof StopAtTarget)) throw e;
        }
      },
    );
    if (activations === null) {
      throw new CamError(
        'LAYER_NOT_CONNECTED',
        `${options.fn}: layer "${target.path}" is not called when the model runs, so it cannot be explained; pick a layer on the path from the input to the output`,
      );
    }
    const A: tf.Tensor4D = activations;
    const caller = layerCaller(model, options);

    // State of the pass in progress (head or forward); passes never nest.
    let mode: 'head' | 'forward' = 'head';
    let currentA: tf.Tensor4D | null = null;
    let rowsOf: ((t: tf.Tensor) => tf.Tensor) | null = null;
    let differentiable = true;
    const counters = new Map<LayerLike, number>();
    const tainted = new Set<number>();

    // What the part after the target reads from pass 1 (cached outputs, the input), learnt in the
    // first head call over all samples; calls with `rows` copy only those rows of these.
    const cachedTensors = new Set<tf.Tensor>(kept);
    const needed = new Set<tf.Tensor>();
    let learnt = false;
    let learning = false;
    const pick = (cached: unknown): unknown => {
      if (rowsOf === null) return cached;
      // Outputs the later layers never read (freed ones among them) are returned as they are.
      const f = (t: unknown) => (t instanceof tf.Tensor && !t.isDisposed && (!learnt || needed.has(t)) ? rowsOf!(t) : t);
      return Array.isArray(cached) ? cached.map(f) : f(cached);
    };
    const noteReads = (ins: tf.Tensor[]) => {
      if (learning) for (const t of ins) if (t === x || cachedTensors.has(t)) needed.add(t);
    };

    const run = (input: tf.Tensor4D, kwargs = PASS2_KWARGS): tf.Tensor => single(model.call(input, kwargs), model);
    // Scoring runs that read one column per row (`classes`) compute only those columns of a Dense
    // output layer: a 1000-class head over K ablated copies is otherwise the bulk of Ablation-CAM.
    const outputLayer = outputLayerOf(model);
    const columnsOf = columnCall(outputLayer, options.logits, keep);
    let columns: tf.Tensor1D | null = null;

    const split: ModelSplit = {
      layerName: target.path,
      activations: A,
      head(a, rows, opts) {
        const n = a.shape[0];
        if (a.rank !== 4 || a.shape[1] !== A.shape[1] || a.shape[2] !== A.shape[2] || a.shape[3] !== A.shape[3]) {
          throw new CamError('INVALID_INPUT', `${options.fn}: activations for the head must have shape [N,${A.shape.slice(1).join(',')}], received [${a.shape.join(',')}]`);
        }
        if (rows === undefined && n !== A.shape[0]) {
          throw new CamError('INVALID_INPUT', `${options.fn}: ${n} rows of activations for ${A.shape[0]} samples; pass rows saying which sample each row stands for`);
        }
        return tf.tidy(() => {
          mode = 'head';
          currentA = a;
          differentiable = opts?.differentiable ?? true;
          columns = !differentiable && opts?.classes !== undefined ? opts.classes : null;
          counters.clear();
          tainted.clear();
          tainted.add(a.id);
          rowsOf = rows === undefined ? null : (t) => tf.gather(t, rows);
          learning = rows === undefined && !learnt;
          try {
            const input = rowsOf === null || (learnt && !needed.has(x)) ? x : (rowsOf(x) as tf.Tensor4D);
            const out = run(input);
            if (learning) learnt = true;
            return out;
          } finally {
            currentA = null;
            rowsOf = null;
            learning = false;
            columns = null;
          }
        });
      },
      forward(input) {
        return tf.tidy(() => {
          mode = 'forward';
          try {
            // Inference mode: the executor frees each intermediate once used (nothing is cached here).
            return run(input, PASS1_KWARGS);
          } finally {
            mode = 'head';
          }
        });
      },
    };

    return withPatchedCalls(
      patched,
      (layer, original) => (inputs, kwargs) => {
        if (mode === 'forward') return caller.call(layer, original, inputs, kwargs, false);
        if (layer === targetLayer) {
          if (counters.has(layer)) {
            throw new CamError(
              'LAYER_SHARED',
              `${options.fn}: layer "${target.path}" is called more than once in one forward pass (a shared layer); its activations are ambiguous, explain a layer that is called once`,
            );
          }
          counters.set(layer, 1);
          return currentA;
        }
        const i = counters.get(layer) ?? 0;
        counters.set(layer, i + 1);
        const cached = cache.get(layer)?.[i];
        if (cached !== undefined) return pick(cached);
        const ins = tensorsOf(inputs);
        noteReads(ins);
        if (!ins.some((t) => tainted.has(t.id))) return original.call(layer, inputs, inference(kwargs));
        const out =
          columns !== null && columnsOf !== null && layer === outputLayer && ins.length === 1 && ins[0]!.rank === 2
            ? columnsOf(ins[0] as tf.Tensor2D, columns)
            : // Our own clones of returned inputs, so the taint is not lost.
              withOwnOutputs(caller.call(layer, original, inputs, kwargs, differentiable), ins);
        tensorsOf(out).forEach((t) => tainted.add(t.id));
        return out;
      },
      () => body(split),
    );
  } finally {
    for (const t of kept) t.dispose();
  }
}

/** The {@link SplitModel} view of a tfjs-layers model (already checked by `checkModel`). */
export function layersSplitModel(model: ContainerLike): SplitModel {
  return {
    kind: 'layers',
    inputShape: model.inputs![0]!.shape,
    outputShape: model.outputs![0]!.shape,
    candidates: () => candidateLayers(model).map((e) => ({ name: e.path, shape: e.shape! })),
    resolve: (name, fn) => resolveLayer(model, name, fn).path,
    withSplit: (x, layerName, options, body) => withLayersSplit(model, x, resolveLayer(model, layerName, options.fn), options, body),
  };
}
