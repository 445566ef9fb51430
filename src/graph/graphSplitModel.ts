/**
 * A tfjs-converter GraphModel split at an internal node.
 *
 * Features: one `model.execute(x, [node, ...boundary])` call, with the converter's own fused
 * kernels and no tape. Head: the nodes after `node`, fed with the activations (and with the values
 * of branches that skip the node), run by {@link GraphHead}. Forward: `model.execute(x, output)`.
 * With `logits`, a final Softmax/Sigmoid (seen through Identity nodes) is left out: the head and the
 * forward pass return its input.
 *
 * Nothing is imported from `@tensorflow/tfjs-converter`: the model is recognised and used by duck
 * typing ({@link isGraphModel}), so the core keeps working where the converter is not installed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import type { ModelSplit, SplitModel, SplitOptions } from '../core/modelSplit.js';
import { graphOf, type GraphModelLike } from './graphModelLike.js';
import { GraphHead, headPlan } from './graphHead.js';
import { graphInfo, headOutputSlot, resolveNode, type GraphInfo } from './graphTopology.js';

/**
 * True when `x` looks like a tfjs-converter `GraphModel` (loaded or not): it has `execute`,
 * `executeAsync` and `predictAsync`, and no `layers` (a tfjs-layers model also has `execute`).
 */
export function isGraphModel(x: unknown): x is GraphModelLike {
  const m = x as Record<string, unknown> | null;
  return (
    m != null &&
    typeof m === 'object' &&
    typeof m.execute === 'function' &&
    typeof m.executeAsync === 'function' &&
    typeof m.predictAsync === 'function' &&
    !Array.isArray(m.layers)
  );
}

/** True when any weight of the model has been disposed (`model.dispose()`). */
function isDisposed(model: GraphModelLike): boolean {
  if (graphOf(model) === null) return false;
  for (const list of Object.values(model.weights)) for (const t of list) if (t.isDisposed) return true;
  return false;
}

/** The input as the model's dtype (a new tensor when cast). */
function asModelInput(info: GraphInfo, x: tf.Tensor4D): tf.Tensor4D {
  return x.dtype === info.inputDtype ? x : (tf.cast(x, info.inputDtype) as tf.Tensor4D);
}

function checkBatch(info: GraphInfo, x: tf.Tensor4D, fn: string): void {
  if (info.fixedBatch !== null && x.shape[0] !== info.fixedBatch) {
    throw new CamError(
      'INVALID_INPUT',
      `${fn}: the GraphModel only accepts batches of ${info.fixedBatch} (its input is ${formatShape([info.fixedBatch, ...info.inputShape.slice(1)])}), received ${x.shape[0]} samples; explain the images ${info.fixedBatch} at a time`,
    );
  }
}

/** Runs `body` with `model` split at node `target` for input `x`; frees what the split made afterwards. */
function withGraphSplit<T>(model: GraphModelLike, info: GraphInfo, x: tf.Tensor4D, target: string, options: SplitOptions, body: (split: ModelSplit) => T): T {
  const fn = options.fn;
  checkBatch(info, x, fn);
  const outputSlot = headOutputSlot(info, options.logits);
  const plan = headPlan(model, info, target, outputSlot, fn);
  const head = new GraphHead(model, info, plan, options.cache);
  // Tensor ids grow monotonically: anything with an id up to this one existed before the call (the
  // caller's input, the model's weights); `execute` may hand such tensors back and they are never
  // kept or disposed here.
  const marker = tf.scalar(0);
  const lastOuterId = marker.id;
  marker.dispose();
  const held: tf.Tensor[] = [];
  const hold = (t: tf.Tensor): tf.Tensor => {
    if (t.id > lastOuterId && !held.includes(t)) held.push(tf.keep(t));
    return t;
  };
  try {
    // Held tensors survive the tidy; everything else `execute` made is freed by it.
    const boundary = new Map<string, tf.Tensor>();
    let A: tf.Tensor4D | null = null;
    tf.tidy(() => {
      const input = asModelInput(info, x);
      const fetched = model.execute({ [info.inputName]: input }, [target, ...plan.boundary]);
      const list = Array.isArray(fetched) ? fetched : [fetched];
      A = hold(list[0]!.id > lastOuterId ? list[0]! : tf.clone(list[0]!)) as tf.Tensor4D;
      plan.boundary.forEach((slot, i) => boundary.set(slot, hold(list[i + 1]!)));
    });
    if (A === null) throw new Error('unreachable: activations not read');
    const activations: tf.Tensor4D = A;
    const split: ModelSplit = {
      layerName: target,
      activations,
      head(a, rows, opts) {
        const s = activations.shape;
        if (a.rank !== 4 || a.shape[1] !== s[1] || a.shape[2] !== s[2] || a.shape[3] !== s[3]) {
          throw new CamError('INVALID_INPUT', `${fn}: activations for the head must have shape [N,${s.slice(1).join(',')}], received [${a.shape.join(',')}]`);
        }
        if (rows === undefined && a.shape[0] !== s[0]) {
          throw new CamError('INVALID_INPUT', `${fn}: ${a.shape[0]} rows of activations for ${s[0]} samples; pass rows saying which sample each row stands for`);
        }
        if (rows !== undefined && rows.shape[0] !== a.shape[0]) {
          throw new CamError('INVALID_INPUT', `${fn}: rows has ${rows.shape[0]} entries for ${a.shape[0]} rows of activations; pass one sample index per row`);
        }
        if (info.fixedBatch !== null && a.shape[0] !== info.fixedBatch) {
          throw new CamError('INVALID_INPUT', `${fn}: the GraphModel only runs batches of ${info.fixedBatch}, received ${a.shape[0]} rows of activations`);
        }
        return tf.tidy(() => {
          const values = new Map<string, tf.Tensor>();
          for (const [slot, t] of boundary) values.set(slot, rows === undefined ? t : tf.gather(t, rows));
          const out = head.run(a, values, opts?.differentiable ?? true);
          // The head may return one of its inputs (an output that is the node itself): a copy, so
          // the caller can dispose what it owns.
          return out === a || [...values.values()].includes(out) || out.id <= lastOuterId ? tf.clone(out) : out;
        });
      },
      forward(input) {
        checkBatch(info, input, fn);
        return tf.tidy(() => {
          const out = model.execute({ [info.inputName]: asModelInput(info, input) }, outputSlot) as tf.Tensor;
          return out.id <= lastOuterId || out === input ? tf.clone(out) : out;
        });
      },
    };
    return body(split);
  } finally {
    for (const t of held) t.dispose();
  }
}

/**
 * The {@link SplitModel} view of a loaded GraphModel: its explainable nodes are the input-dependent
 * nodes with a 4-D float output whose height and width are > 1, in execution order; the automatic
 * choice is the last of them (moved back through Identity-like nodes to the op that made the map).
 * Node names may be given in full or by a unique trailing part (`conv2d_5/BiasAdd`).
 *
 * @throws CamError `INVALID_MODEL` (not loaded), `UNSUPPORTED_MODEL` (several inputs or outputs, a
 *   non-image input, control flow), `DISPOSED`.
 */
export function graphSplitModel(model: GraphModelLike, fn: string): SplitModel {
  if (isDisposed(model)) throw new CamError('DISPOSED', `${fn}: the GraphModel has been disposed; load it again`);
  const info = graphInfo(model, fn);
  return {
    kind: 'graph',
    inputShape: info.inputShape,
    outputShape: info.outputShape,
    candidates: () => info.candidates.map((c) => ({ name: c.name, shape: c.shape })),
    resolve: (name, f) => resolveNode(info, name, f).name,
    withSplit: (x, layerName, options, body) => withGraphSplit(model, info, x, resolveNode(info, layerName, options.fn).name, options, body),
    checkAlive: (f) => {
      if (isDisposed(model)) throw new CamError('DISPOSED', `${f}: the GraphModel has been disposed; load it again`);
    },
  };
}
