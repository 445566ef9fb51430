/**
 * Any model given as two functions: `features` (input → feature map) and `head` (feature map →
 * output). Every CAM method accepts such an object in place of a tfjs model.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from './errors.js';
import { formatShape } from './formatShape.js';
import type { ModelSplit, SplitModel, SplitOptions } from './modelSplit.js';

/**
 * A model written as two functions, for models the library cannot split itself: a hand-written
 * network, a GraphModel with several outputs, a model behind a custom preprocessing step, anything
 * computed with tfjs ops.
 *
 * - `features(x)`: input `[B,H,W,C]` → feature map `A` `[B,h,w,K]` (the layer explained).
 * - `head(a)`: feature map `[N,h,w,K]` → output `[N,classes]` (or whatever a `target` reads).
 *   It must be computed from `a` with tfjs ops so gradient methods can differentiate it, and must
 *   depend on `a` only, row by row (row i of the output from row i of `a`): methods call it with
 *   other rows than `features` produced (Score-CAM, Ablation-CAM).
 * - `name`: reported as `layerName` in results (default `'features'`); a `layerName` option, if
 *   given, must equal it.
 *
 * The head's output is explained as returned: return logits (no softmax) from `head` to follow the
 * Grad-CAM paper; the `logits` option has no effect on a custom model. The library calls both
 * functions inside `tf.tidy` and disposes what they return (unless it is a tensor that existed
 * before the call, such as the input itself).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { gradCam, type CustomModel } from 'tfjs-gradcam';
 * const graph = await tf.loadGraphModel(url); // two outputs: explain the first
 * const node = 'model/block5_conv3/Relu';
 * const custom: CustomModel = {
 *   name: node,
 *   features: (x) => graph.execute(x, node) as tf.Tensor4D,
 *   head: (a) => graph.execute({ [node]: a }, 'model/logits/BiasAdd') as tf.Tensor,
 * };
 * const result = gradCam(custom, image);
 * result.dispose();
 * ```
 * @category Core
 */
export interface CustomModel {
  /** Input float32 `[B,H,W,C]` → feature map float32 `[B,h,w,K]`; called inside a tidy, which frees it. */
  features(x: tf.Tensor4D): tf.Tensor4D;
  /** Feature map `[N,h,w,K]` → output `[N,classes]`; differentiable with tfjs ops, row by row; freed by the library. */
  head(a: tf.Tensor4D): tf.Tensor;
  /** Name of the explained layer in results (default `'features'`). */
  name?: string;
}

const DEFAULT_NAME = 'features';

/**
 * True when `x` is an object with `features` and `head` functions (and is not a tfjs-layers model
 * or a GraphModel, which are recognised first).
 * @internal
 */
export function isCustomModel(x: unknown): x is CustomModel {
  const m = x as Record<string, unknown> | null;
  return m != null && typeof m === 'object' && typeof m.features === 'function' && typeof m.head === 'function';
}

function nameOf(model: CustomModel, fn: string): string {
  const name = model.name ?? DEFAULT_NAME;
  if (typeof name !== 'string' || name.length === 0) {
    throw new CamError('INVALID_MODEL', `${fn}: a custom model's name must be a non-empty string, received ${String(name)}`);
  }
  return name;
}

function checkFeatures(a: unknown, batch: number, fn: string): tf.Tensor4D {
  if (!(a instanceof tf.Tensor) || a.rank !== 4 || a.shape[0] !== batch || a.dtype !== 'float32') {
    const got = a instanceof tf.Tensor ? `a ${a.dtype} tensor of shape ${formatShape(a.shape)}` : a === null ? 'null' : typeof a;
    throw new CamError('INVALID_MODEL', `${fn}: the custom model's features(x) must return a float32 Tensor4D [${batch},h,w,K] for an input of ${batch} samples, returned ${got}`);
  }
  return a as tf.Tensor4D;
}

function checkOutput(y: unknown, rows: number, fn: string): tf.Tensor {
  if (!(y instanceof tf.Tensor) || y.rank < 1 || y.shape[0] !== rows) {
    const got = y instanceof tf.Tensor ? `shape ${formatShape(y.shape)}` : y === null ? 'null' : typeof y;
    throw new CamError('INVALID_MODEL', `${fn}: the custom model's head(a) must return a tensor with one row per row of a (${rows}), returned ${got}`);
  }
  return y;
}

/** Runs `body` with the custom model split at its features for input `x`. */
function withCustomSplit<T>(model: CustomModel, name: string, x: tf.Tensor4D, options: SplitOptions, body: (split: ModelSplit) => T): T {
  const fn = options.fn;
  // Tensor ids grow monotonically: a returned tensor with an id up to this one existed before the
  // call (the input, a tensor the user keeps) and is copied, never disposed.
  const marker = tf.scalar(0);
  const lastOuterId = marker.id;
  marker.dispose();
  const own = (t: tf.Tensor): tf.Tensor => (t.id <= lastOuterId ? tf.clone(t) : t);
  const A = tf.tidy(() => own(checkFeatures(model.features(x), x.shape[0], fn))) as tf.Tensor4D;
  try {
    const split: ModelSplit = {
      layerName: name,
      activations: A,
      head(a, rows) {
        if (a.rank !== 4 || a.shape[1] !== A.shape[1] || a.shape[2] !== A.shape[2] || a.shape[3] !== A.shape[3]) {
          throw new CamError('INVALID_INPUT', `${fn}: activations for the head must have shape [N,${A.shape.slice(1).join(',')}], received [${a.shape.join(',')}]`);
        }
        if (rows === undefined && a.shape[0] !== A.shape[0]) {
          throw new CamError('INVALID_INPUT', `${fn}: ${a.shape[0]} rows of activations for ${A.shape[0]} samples; pass rows saying which sample each row stands for`);
        }
        return tf.tidy(() => {
          const y = checkOutput(model.head(a), a.shape[0], fn);
          return y === a ? tf.clone(y) : own(y);
        });
      },
      forward(input) {
        return tf.tidy(() => {
          const features = checkFeatures(model.features(input), input.shape[0], fn);
          const y = checkOutput(model.head(features), input.shape[0], fn);
          return y === input || y === features ? tf.clone(y) : own(y);
        });
      },
    };
    return body(split);
  } finally {
    A.dispose();
  }
}

/**
 * The {@link SplitModel} view of a {@link CustomModel}: one candidate (its `name`), input and
 * output shapes unknown until it runs.
 * @internal
 */
export function customSplitModel(model: CustomModel, fn: string): SplitModel {
  const name = nameOf(model, fn);
  const resolve = (layerName: string | undefined, f: string): string => {
    if (layerName === undefined || layerName === name) return name;
    throw new CamError(
      'LAYER_NOT_FOUND',
      `${f}: layerName "${String(layerName)}" does not name the custom model's feature map, which is "${name}"; leave layerName out or pass "${name}"`,
    );
  };
  return {
    kind: 'custom',
    inputShape: [null, null, null, null],
    outputShape: null,
    candidates: () => [{ name, shape: [null, null, null, null] }],
    resolve,
    withSplit: (x, layerName, options, body) => withCustomSplit(model, resolve(layerName, options.fn), x, options, body),
  };
}
