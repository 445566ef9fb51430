/**
 * Guided backpropagation through a tfjs-layers model: the gradient of the score with respect to the
 * input, with every ReLU's backward pass replaced by the guided rule (Springenberg et al., 2015):
 * a gradient passes only where both the ReLU's input and the incoming gradient are positive.
 */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from './errors.js';
import { listLayers, type ContainerLike, type LayerLike } from './layerGraph.js';
import { layerCaller, single, tensorsOf, type LayerCaller } from './layersSplitModel.js';
import { withPatchedCalls } from './layerPatch.js';
import type { SelectedScore } from './selectScore.js';
import { scoreGradients } from './splitGradients.js';

function guided(cap: number | null): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([x]);
    const value = cap === null ? tf.relu(x) : tf.clipByValue(x, 0, cap);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const input = saved[0]!;
        let pass: tf.Tensor = tf.logicalAnd(tf.greater(input, 0), tf.greater(dy, 0));
        if (cap !== null) pass = tf.logicalAnd(pass, tf.less(input, cap));
        return tf.mul(dy, tf.cast(pass, dy.dtype));
      },
    };
  }) as (x: tf.Tensor) => tf.Tensor;
}

const GUIDED_RELU = { apply: guided(null), getClassName: () => 'relu', getConfig: () => ({}) };
const GUIDED_RELU6 = { apply: guided(6), getClassName: () => 'relu6', getConfig: () => ({}) };

interface ActivationView {
  getClassName(): string;
}

/** The guided replacement of a ReLU-family activation name, or null. */
function guidedFor(name: string | undefined): typeof GUIDED_RELU | null {
  return name === 'relu' ? GUIDED_RELU : name === 'relu6' ? GUIDED_RELU6 : null;
}

/**
 * [B,H,W,C] guided gradients of Σ_b select(model(x))_b with the scores; the caller owns all three.
 */
export function guidedInputGradients(
  model: ContainerLike,
  x: tf.Tensor4D,
  select: (output: tf.Tensor) => SelectedScore,
  options: { logits: boolean; fn: string },
): SelectedScore & { gradients: tf.Tensor4D } {
  const patched = listLayers(model)
    .filter((e) => !e.isContainer && e.layer.getClassName() !== 'InputLayer')
    .map((e) => e.layer);
  // Made at the first layer call: a Sequential loaded from JSON lists its output layer (whose
  // softmax `logits` strips) only once it has run, so a caller made before would keep the softmax.
  let made: LayerCaller | null = null;
  const caller = (): LayerCaller => (made ??= layerCaller(model, { logits: options.logits }));
  // An error thrown by the caller's own target passes back unchanged, as from every other entry point.
  let fromSelect = false;
  const watched = (output: tf.Tensor): SelectedScore => {
    try {
      return select(output);
    } catch (e) {
      fromSelect = true;
      throw e;
    }
  };
  try {
    return withPatchedCalls(
      patched,
      (layer: LayerLike, original) => (inputs, kwargs) => {
        const cls = layer.getClassName();
        const ins = tensorsOf(inputs);
        if (cls === 'ReLU' && ins.length === 1) {
          const maxValue = layer['maxValue'] as number | null | undefined;
          if (maxValue == null) return GUIDED_RELU.apply(ins[0]!);
          if (maxValue === 6) return GUIDED_RELU6.apply(ins[0]!);
        }
        const activation = layer['activation'] as ActivationView | null | undefined;
        const replacement = activation != null && typeof activation.getClassName === 'function' ? guidedFor(activation.getClassName()) : null;
        if (cls === 'Activation' && replacement !== null && ins.length === 1) return replacement.apply(ins[0]!);
        if (replacement === null) return caller().call(layer, original, inputs, kwargs, true);
        layer['activation'] = replacement;
        try {
          return caller().call(layer, original, inputs, kwargs, true);
        } finally {
          layer['activation'] = activation;
        }
      },
      () => scoreGradients((input) => single(model.call(input, { training: true }), model), x, watched),
    );
  } catch (e) {
    if (e instanceof CamError || fromSelect) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new CamError('UNSUPPORTED_MODEL', `${options.fn}: the model could not be differentiated with respect to its input (${msg})`);
  }
}
