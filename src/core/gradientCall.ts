/**
 * Re-implementations of layers for the part of a model that gradients flow through.
 *
 * Each returns the same output as the layer's own `call` (tested) but differentiates cheaply with
 * respect to its input only:
 * - Conv2D, DepthwiseConv2D, SeparableConv2D: forward with the fused kernel (convolution + bias),
 *   input gradient as a forward convolution of the spread and padded `dy` with the flipped filter
 *   (`conv2dInputGrad`, `depthwiseConv2dInputGrad`). tfjs-layers' fused Conv2D would compute the
 *   filter gradient (no wasm kernel), wasm's Conv2DBackpropInput is ~10× slower than a forward
 *   convolution, it has no depthwise input-gradient kernel, and tfjs has no dilated-conv gradient.
 * - BatchNormalization (inference): the affine map `x·s + t`; tfjs-core's batchNorm gradient tiles
 *   `1/√(σ²+ε)` to the activation shape, which is slow on wasm.
 * - ReLU / ReLU6 (`ReLU` layer, `Activation` layer): `tf.relu` / `tf.relu6`; tfjs-layers builds
 *   ReLU6 as `clip(relu(x))` or `minimum(6, relu(x))`, whose gradients take several kernels.
 * - Dense: `tf.matMul` + bias; the fused matMul would compute the weight gradient too.
 * - MaxPooling2D on wasm: `maxPoolInputGrad` (wasm's MaxPoolGrad loses the gradient of windows
 *   whose maximum is negative or lies next to 'same' padding, and mishandles ties).
 * `skipActivation` returns the pre-activation (logits of a softmax/sigmoid output layer).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamCache } from './camCache.js';
import type { LayerLike } from './layerGraph.js';
import { conv2dInputGrad } from './conv2dInputGrad.js';
import { depthwiseConv2dInputGrad } from './depthwiseConv2dBackpropInput.js';
import { maxPoolInputGrad } from './maxPoolInputGrad.js';

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

/** The layer's activation on `z`, unless `skip` (logits of a squashing output layer). */
function activate(layer: LayerLike, z: tf.Tensor, skip: boolean): tf.Tensor {
  const activation = field<ActivationView | null>(layer, 'activation');
  return !skip && activation != null ? activation.apply(z) : z;
}

function biasOf(layer: LayerLike): tf.Tensor1D | null {
  const bias = field<WeightView | null>(layer, 'bias');
  return bias != null ? (bias.read() as tf.Tensor1D) : null;
}

function channelsLast(layer: LayerLike): boolean {
  const f = field<string | undefined>(layer, 'dataFormat');
  return f == null || f === 'channelsLast';
}

function paddingOf(layer: LayerLike): 'same' | 'valid' | null {
  const p = field<string>(layer, 'padding');
  return p === 'same' || p === 'valid' ? p : null;
}

/** ReLU-family activations with cheap gradients, by tfjs-layers activation class name. */
function reluFamily(name: string): ((x: tf.Tensor) => tf.Tensor) | null {
  if (name === 'relu') return (x) => tf.relu(x);
  if (name === 'relu6') return (x) => tf.relu6(x);
  return null;
}

/**
 * The gradient-pass implementation of `layer`, or null when the layer's own `call` is fine
 * (no fused op, no missing or slow kernel) or the configuration is one this module does not cover.
 */
export function gradientCallFor(layer: LayerLike, cache?: CamCache): GradientCall | null {
  const cls = layer.getClassName();
  if (cls === 'Conv2D') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null || field<number>(layer, 'rank') !== 2) return null;
    const kernel = field<WeightView>(layer, 'kernel');
    const strides = pair(field(layer, 'strides'));
    const dilations = pair(field(layer, 'dilationRate'));
    return (x, skip) =>
      activate(layer, conv2dInputGrad(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, strides, pad, dilations, biasOf(layer), cache), skip);
  }
  if (cls === 'DepthwiseConv2D') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null) return null;
    const kernel = field<WeightView>(layer, 'depthwiseKernel');
    const strides = pair(field(layer, 'strides'));
    // tfjs-layers' DepthwiseConv2D ignores dilationRate in its call; do the same.
    return (x, skip) =>
      activate(layer, depthwiseConv2dInputGrad(x as tf.Tensor4D, kernel.read() as tf.Tensor4D, strides, pad, [1, 1], biasOf(layer), cache), skip);
  }
  if (cls === 'SeparableConv2D') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null) return null;
    const dwKernel = field<WeightView>(layer, 'depthwiseKernel');
    const pwKernel = field<WeightView>(layer, 'pointwiseKernel');
    const strides = pair(field(layer, 'strides'));
    const dilations = pair(field(layer, 'dilationRate'));
    return (x, skip) => {
      const d = depthwiseConv2dInputGrad(x as tf.Tensor4D, dwKernel.read() as tf.Tensor4D, strides, pad, dilations, null, cache);
      return activate(layer, conv2dInputGrad(d, pwKernel.read() as tf.Tensor4D, [1, 1], 'valid', [1, 1], biasOf(layer), cache), skip);
    };
  }
  if (cls === 'BatchNormalization') {
    // Inference batch norm is the affine map x·s + t with s = γ/√(σ²+ε), t = β − μ·s. Its gradient
    // is one multiplication; tfjs-core's batchNorm gradient also tiles 1/√(σ²+ε) to the full
    // activation shape (slow on wasm).
    const axis = field<number>(layer, 'axis');
    if (axis !== -1 && axis !== 3) return null; // channels-last only (3 is the last axis of NHWC)
    const weight = (name: string) => field<WeightView | null>(layer, name)?.read() ?? null;
    const epsilon = field<number>(layer, 'epsilon');
    return (x) => {
      const mean = weight('movingMean')!;
      const variance = weight('movingVariance')!;
      const gamma = weight('gamma');
      const beta = weight('beta');
      let s: tf.Tensor = tf.rsqrt(tf.add(variance, epsilon));
      if (gamma != null) s = tf.mul(s, gamma);
      let t: tf.Tensor = tf.neg(tf.mul(mean, s));
      if (beta != null) t = tf.add(t, beta);
      return tf.add(tf.mul(x, s), t);
    };
  }
  if (cls === 'ReLU') {
    const maxValue = field<number | null | undefined>(layer, 'maxValue');
    return maxValue == null ? reluFamily('relu') : maxValue === 6 ? reluFamily('relu6') : null;
  }
  if (cls === 'Activation') {
    const activation = field<ActivationView | null>(layer, 'activation');
    const fn = activation != null ? reluFamily(activation.getClassName()) : null;
    return fn && ((x) => fn(x));
  }
  if (cls === 'MaxPooling2D' && tf.getBackend() === 'wasm') {
    const pad = paddingOf(layer);
    if (!channelsLast(layer) || pad == null) return null;
    const pool = pair(field(layer, 'poolSize'));
    const strides = pair(field(layer, 'strides') ?? pool);
    return (x) => maxPoolInputGrad(x as tf.Tensor4D, pool, strides, pad);
  }
  if (cls === 'Dense') {
    const kernel = field<WeightView>(layer, 'kernel');
    return (x, skip) => {
      const w = kernel.read() as tf.Tensor2D;
      const bias = biasOf(layer);
      const flat = x.rank === 2 ? (x as tf.Tensor2D) : (tf.reshape(x, [-1, x.shape[x.rank - 1]!]) as tf.Tensor2D);
      let z: tf.Tensor = tf.matMul(flat, w);
      if (bias != null) z = tf.add(z, bias);
      if (x.rank !== 2) z = tf.reshape(z, [...x.shape.slice(0, -1), w.shape[1]]);
      return activate(layer, z, skip);
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
export function logitsCallFor(layer: LayerLike, cache?: CamCache): GradientCall | null {
  const cls = layer.getClassName();
  if (cls === 'Softmax' || cls === 'Activation') return (x) => x;
  return gradientCallFor(layer, cache);
}
