/**
 * Re-implementations of weight layers for the part of a model that gradients flow through.
 *
 * tfjs-layers runs Conv2D and Dense through `tf.fused.*`, whose custom gradient always computes
 * the weight gradient too (Conv2DBackpropFilter: missing on wasm, wasted work everywhere), and the
 * depthwise input gradient has no wasm kernel. Here the same layers are computed with plain ops whose
 * gradients are taken lazily per input, so only the input gradient is ever computed, and the
 * depthwise input gradient goes through forward ops where the backend lacks the kernel.
 * Outputs equal the layer's own `call` (tested); `skipActivation` returns the pre-activation
 * (used to explain logits when the model's last layer applies softmax or sigmoid).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerLike } from './layerGraph.js';
import { depthwiseConv2dInputGrad, hasNativeDepthwiseBackprop } from './depthwiseConv2dBackpropInput.js';
import { dilatedConv2dInputGrad } from './dilatedConv2dInputGrad.js';
import { isNonOverlappingPool, maxPoolInputGrad } from './maxPoolInputGrad.js';

/** A layer's forward computation for the gradient pass. */
export type GradientCall = (input: tf.Tensor, skipActivation: boolean) => tf.Tensor;

interface WeightView {
  read(): tf.Tensor;
}
interface ActivationView {
  apply(x: tf.Tensor): tf.Tensor;
  getClassName(): string;
}

/** Reads a tfjs-layers internal field that TypeScript marks protected. */
function field<T>(layer: LayerLike, name: string): T {
  return layer[name] as T;
}

function pair(v: unknown): [number, number] {
  if (typeof v === 'number') return [v, v];
  const a = v as number[];
  return [a[0]!, a[1] ?? a[0]!];
}

function finish(layer: LayerLike, z: tf.Tensor, skipActivation: boolean): tf.Tensor {
  const bias = field<WeightView | null>(layer, 'bias');
  let y = bias != null ? tf.add(z, bias.read()) : z;
  const activation = field<ActivationView | null>(layer, 'activation');
  if (!skipActivation && activation != null) y = activation.apply(y);
  return y;
}

function depthwise(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  pad: 'same' | 'valid',
  dilations: [number, number],
): tf.Tensor4D {
  // tfjs's own depthwise gradient refuses dilation > 1 on every backend.
  return hasNativeDepthwiseBackprop() && dilations[0] === 1 && dilations[1] === 1
    ? tf.depthwiseConv2d(x, filter, strides, pad, 'NHWC', dilations)
    : depthwiseConv2dInputGrad(x, filter, strides, pad, dilations);
}

function channelsLast(layer: LayerLike): boolean {
  const f = field<string | undefined>(layer, 'dataFormat');
  return f == null || f === 'channelsLast';
}

function paddingOf(layer: LayerLike): 'same' | 'valid' | null {
  const p = field<string>(layer, 'padding');
  return p === 'same' || p === 'valid' ? p : null;
}

/**
 * The gradient-pass implementation of `layer`, or null when the layer's own `call` is fine
 * (no fused op, no missing kernel) or the configuration is one this module does not cover.
 */
export function gradientCallFor(layer: LayerLike): GradientCall | null {
  const cls = layer.getClassName();
  if (cls === 'Conv2D') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null || field<number>(layer, 'rank') !== 2) return null;
    const kernel = field<WeightView>(layer, 'kernel');
    const strides = pair(field(layer, 'strides'));
    const dilations = pair(field(layer, 'dilationRate'));
    const dilated = dilations[0] > 1 || dilations[1] > 1;
    return (x, skip) => {
      const w = kernel.read() as tf.Tensor4D;
      const z = dilated
        ? dilatedConv2dInputGrad(x as tf.Tensor4D, w, pad, dilations)
        : tf.conv2d(x as tf.Tensor4D, w, strides, pad, 'NHWC', dilations);
      return finish(layer, z, skip);
    };
  }
  if (cls === 'DepthwiseConv2D') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null) return null;
    const kernel = field<WeightView>(layer, 'depthwiseKernel');
    const strides = pair(field(layer, 'strides'));
    // tfjs-layers' DepthwiseConv2D ignores dilationRate in its call; do the same.
    return (x, skip) =>
      finish(layer, depthwise(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, strides, pad, [1, 1]), skip);
  }
  if (cls === 'SeparableConv2D') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null) return null;
    const dwKernel = field<WeightView>(layer, 'depthwiseKernel');
    const pwKernel = field<WeightView>(layer, 'pointwiseKernel');
    const strides = pair(field(layer, 'strides'));
    const dilations = pair(field(layer, 'dilationRate'));
    return (x, skip) => {
      const d = depthwise(x as tf.Tensor4D, dwKernel.read() as tf.Tensor4D, strides, pad, dilations);
      return finish(layer, tf.conv2d(d, pwKernel.read() as tf.Tensor4D, 1, 'valid'), skip);
    };
  }
  if (cls === 'MaxPooling2D' && tf.getBackend() === 'wasm') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null) return null;
    const pool = pair(field(layer, 'poolSize'));
    const strides = pair(field(layer, 'strides') ?? pool);
    return (x) => {
      const x4 = x as tf.Tensor4D;
      return isNonOverlappingPool(x4.shape, pool, strides, pad)
        ? maxPoolInputGrad(x4, pool, strides, pad)
        : tf.maxPool(x4, pool, strides, pad);
    };
  }
  if (cls === 'Dense') {
    const kernel = field<WeightView>(layer, 'kernel');
    return (x, skip) => {
      const w = kernel.read() as tf.Tensor2D;
      if (x.rank === 2) return finish(layer, tf.matMul(x as tf.Tensor2D, w), skip);
      const lead = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, x.shape[x.rank - 1]!]) as tf.Tensor2D;
      return finish(layer, tf.reshape(tf.matMul(flat, w), [...lead, w.shape[1]]), skip);
    };
  }
  return null;
}

const SQUASHING = new Set(['softmax', 'sigmoid']);

/**
 * True when `layer` ends in a softmax or sigmoid that logits mode should remove:
 * a weight layer with such an activation, an `Activation` layer, or a `Softmax` layer.
 */
export function appliesSquashing(layer: LayerLike): boolean {
  if (layer.getClassName() === 'Softmax') return true;
  const activation = field<ActivationView | null | undefined>(layer, 'activation');
  return activation != null && typeof activation.getClassName === 'function' && SQUASHING.has(activation.getClassName());
}

/**
 * The computation of a squashing output layer without its softmax/sigmoid, or null when the layer
 * is not one this module can strip.
 */
export function logitsCallFor(layer: LayerLike): GradientCall | null {
  const cls = layer.getClassName();
  if (cls === 'Softmax' || cls === 'Activation') return (x) => x;
  return gradientCallFor(layer);
}
