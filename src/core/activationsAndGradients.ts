/**
 * The model split at the target layer: activations A of the target and gradients ∂score/∂A.
 *
 * Pass 1 runs the model up to the target layer with its own (fused, fast) kernels and no gradient
 * tape, caching the output of every layer call on the way, and stops at the target. Pass 2 runs
 * the whole model again inside `tf.grad` with the target's output replaced by the variable A:
 * layer calls cached in pass 1 return their cached outputs, calls downstream of A ("tainted") are
 * computed with {@link gradientCallFor} so only input gradients are taken, and calls that pass 1 did
 * not reach but that do not depend on A (a branch that skips the target) are computed as usual.
 * This works for Sequential models, functional DAGs and nested models alike, because it follows the
 * layer calls tfjs-layers makes, whatever container makes them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from './camCache.js';
import { CamError } from './errors.js';
import { listLayers, outputLayerOf, type ContainerLike, type LayerEntry, type LayerLike } from './layerGraph.js';
import { withPatchedCalls } from './layerPatch.js';
import { releaseAbandonedTape } from './releaseTape.js';
import { appliesSquashing, gradientCallFor, logitsCallFor, type GradientCall } from './gradientCall.js';

/** Per-sample scores and the classes they belong to. */
export interface SelectedScore {
  /** [B] the score of each sample (summed for the gradient). */
  score: tf.Tensor1D;
  /** [B] int32 class explained per sample (-1 for a custom target). */
  classIndex: tf.Tensor1D;
}

export interface SplitOptions {
  /** Picks the score per sample from the model output (logits when `logits`). */
  select: (output: tf.Tensor) => SelectedScore;
  /** Strip a final softmax/sigmoid so the score is the pre-activation. */
  logits: boolean;
  /** Name used in error messages. */
  fn: string;
  /** Keeps derived filters between calls. */
  cache?: CamCache;
}

export interface SplitResult {
  /** [B,h,w,K] activations of the target layer. */
  activations: tf.Tensor4D;
  /** [B,h,w,K] gradient of Σ_b score_b with respect to the activations. */
  gradients: tf.Tensor4D;
  score: tf.Tensor1D;
  classIndex: tf.Tensor1D;
}

class StopAtTarget {}

function tensorsOf(x: unknown): tf.Tensor[] {
  if (x instanceof tf.Tensor) return [x];
  if (Array.isArray(x)) return x.filter((t): t is tf.Tensor => t instanceof tf.Tensor);
  return [];
}

function single(x: unknown, layer: LayerLike): tf.Tensor {
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
function withOwnOutputs(out: unknown, inputs: tf.Tensor[]): unknown {
  const own = (t: unknown) => (t instanceof tf.Tensor && inputs.includes(t) ? tf.clone(t) : t);
  return Array.isArray(out) ? out.map(own) : own(out);
}

const LINEAR = { apply: (x: tf.Tensor) => x, getClassName: () => 'linear', getConfig: () => ({}) };

/**
 * tfjs-layers' executor (used by `apply` and by every container's `call`) disposes each intermediate
 * tensor once its last consumer has run, except in training mode; every patched layer is called
 * with `training: false`, so BatchNormalization, Dropout and the like always behave as in inference.
 *
 * Pass 1 runs in inference mode, so the executor frees what pass 2 cannot need: an output whose
 * consumers all ran before the target. Outputs with a consumer after the target (a branch that
 * skips it) are still alive when pass 1 stops, because that consumer never ran. Pass 2 returns
 * cached outputs without reading them, so freed ones do no harm there; it runs in training mode
 * so nothing it produces, `A` included, is disposed under it.
 */
const PASS1_KWARGS = { training: false };
const PASS2_KWARGS = { training: true };

function inference(kwargs: Record<string, unknown>): Record<string, unknown> {
  return { ...kwargs, training: false };
}

/**
 * Runs the split passes. All returned tensors are owned by the caller; everything else is freed,
 * and every layer is restored, also when this throws.
 */
export function activationsAndGradients(
  model: ContainerLike,
  input: tf.Tensor4D,
  target: LayerEntry,
  options: SplitOptions,
): SplitResult {
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
  const keep = <T extends tf.Tensor>(t: T): T => {
    if (t.id > lastOuterId && !t.isDisposed && !kept.includes(t)) kept.push(tf.keep(t));
    return t;
  };
  /** A kept tensor of our own: a copy when `t` is not ours (an identity layer returned its input). */
  const own = <T extends tf.Tensor>(t: T): T => keep(t.id > lastOuterId ? t : (tf.clone(t) as T));
  let activations: tf.Tensor4D | null = null;
  // The variable A of the gradient pass (set inside tf.grad, returned by the target's patched call).
  let currentA: tf.Tensor4D | null = null;
  let selected: SelectedScore | null = null;

  try {
    // Pass 1: up to the target, no tape.
    withPatchedCalls(
      patched,
      (layer, original) => (inputs, kwargs) => {
        const out = original.call(layer, inputs, inference(kwargs));
        if (layer === targetLayer) {
          activations = own(single(out, layer)) as tf.Tensor4D;
          throw new StopAtTarget();
        }
        // Cache outputs of our own, which pass 2 can return safely.
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
            model.call(input, PASS1_KWARGS);
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

    // Pass 2: everything after the target, differentiated with respect to A.
    const outputLayer = options.logits ? outputLayerOf(model) : null;
    const stripOutput = outputLayer != null && appliesSquashing(outputLayer);
    const fast = new Map<LayerLike, GradientCall | null>();
    const counters = new Map<LayerLike, number>();
    const tainted = new Set<number>();

    const gradients = withPatchedCalls(
      patched,
      (layer, original) => (inputs, kwargs) => {
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
        if (cached !== undefined) return cached;
        const ins = tensorsOf(inputs);
        if (!ins.some((t) => tainted.has(t.id))) return original.call(layer, inputs, inference(kwargs));
        const isOutput = stripOutput && layer === outputLayer;
        let impl = fast.get(layer);
        if (impl === undefined) {
          impl = isOutput ? logitsCallFor(layer, options.cache) : gradientCallFor(layer, options.cache);
          fast.set(layer, impl);
        }
        let out: unknown;
        if (impl != null && ins.length === 1) {
          out = impl(ins[0]!, isOutput);
        } else if (isOutput && 'activation' in layer) {
          const saved = layer.activation;
          layer.activation = LINEAR;
          try {
            out = original.call(layer, inputs, inference(kwargs));
          } finally {
            layer.activation = saved;
          }
        } else {
          out = original.call(layer, inputs, inference(kwargs));
        }
        // Our own clones of returned inputs, so the taint is not lost.
        out = withOwnOutputs(out, ins);
        tensorsOf(out).forEach((t) => tainted.add(t.id));
        return out;
      },
      () => {
        let currentAInit = false;
        const grad = tf.grad((a: tf.Tensor) => {
          currentA = a as tf.Tensor4D;
          currentAInit = true;
          tainted.add(a.id);
          const output = single(model.call(input, PASS2_KWARGS), model);
          const sel = options.select(output);
          selected = { score: own(sel.score), classIndex: own(sel.classIndex) };
          return tf.sum(sel.score);
        });
        try {
          return grad(A) as tf.Tensor4D;
        } catch (e) {
          releaseAbandonedTape();
          if (e instanceof CamError || !currentAInit) throw e;
          const msg = e instanceof Error ? e.message : String(e);
          if (/Cannot compute gradient of y=f\(x\)/.test(msg)) {
            throw new CamError(
              'LAYER_NOT_CONNECTED',
              `${options.fn}: the score does not depend on layer "${target.path}" (no path from it to the output); pick a layer on the path from the input to the output`,
            );
          }
          throw e;
        }
      },
    );
    const sel = selected as SelectedScore | null;
    if (sel === null) throw new Error('unreachable: score not selected');
    // Returned to the caller: no longer temporaries.
    for (const t of [A, sel.score, sel.classIndex]) {
      const at = kept.indexOf(t);
      if (at >= 0) kept.splice(at, 1);
    }
    return { activations: A, gradients, score: sel.score, classIndex: sel.classIndex };
  } finally {
    for (const t of kept) t.dispose();
  }
}
