/**
 * An independent Grad-CAM reference for GraphModels: tfjs-converter's own `execute` from the node
 * (fed with the activations and the input) to the pre-softmax output, differentiated by tfjs's
 * autodiff on the cpu backend (where every gradient kernel exists), with post-processing in plain
 * JS. It shares no code with the library's split or gradient ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { minMax, onCpu, relu, resizeHalfPixel } from './reference.js';

export interface GraphReference {
  /** [B,h,w,K] gradients of Σ_b weights_b · output_b with respect to the node's activations. */
  gradients: Float32Array;
  activations: Float32Array;
  shape: [number, number, number, number];
  /** [B,classes] output of the head (pre-softmax when `outputNode` is the logits node). */
  output: Float32Array;
}

/**
 * Gradient of Σ_b Σ_c weights[b][c]·out[b,c] w.r.t. node `node`, through `model.execute` from the
 * node (fed with the activations and the input) to `outputNode`, differentiated on cpu. The
 * activations are read with `execute` on the current backend (a plain forward pass).
 */
export async function graphReferenceGradients(
  model: GraphModel,
  x: tf.Tensor4D,
  inputName: string,
  node: string,
  outputNode: string,
  weights: number[][],
): Promise<GraphReference> {
  const a = model.execute({ [inputName]: x }, node) as tf.Tensor4D;
  try {
    return await onCpu(() =>
      tf.tidy(() => {
        const w = tf.tensor2d(weights);
        const head = (v: tf.Tensor) => model.execute({ [node]: v, [inputName]: x }, outputNode) as tf.Tensor;
        let output: Float32Array | null = null;
        const g = tf.grad((v: tf.Tensor) => {
          const out = head(v);
          output = out.dataSync() as Float32Array;
          return tf.sum(tf.mul(out, w));
        })(a);
        return {
          gradients: g.dataSync() as Float32Array,
          activations: a.dataSync() as Float32Array,
          shape: a.shape as [number, number, number, number],
          output: output!,
        };
      }),
    );
  } finally {
    a.dispose();
  }
}

/** Grad-CAM of the classes `classes` at `node`: raw [B,h,w] and heatmap [B,H,W] (pytorch-grad-cam's pipeline). */
export async function graphReferenceGradCam(
  model: GraphModel,
  x: tf.Tensor4D,
  inputName: string,
  node: string,
  outputNode: string,
  classes: number[],
  numClasses: number,
): Promise<{ raw: Float32Array; heatmap: Float32Array; scores: number[] }> {
  const oneHot = classes.map((c) => Array.from({ length: numClasses }, (_, k) => (k === c ? 1 : 0)));
  const ref = await graphReferenceGradients(model, x, inputName, node, outputNode, oneHot);
  const [B, h, w, K] = ref.shape;
  const raw = new Float32Array(B * h * w);
  for (let b = 0; b < B; b++) {
    const alpha = new Float64Array(K);
    for (let i = 0; i < h * w; i++) for (let k = 0; k < K; k++) alpha[k]! += ref.gradients[(b * h * w + i) * K + k]! / (h * w);
    for (let i = 0; i < h * w; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += alpha[k]! * ref.activations[(b * h * w + i) * K + k]!;
      raw[b * h * w + i] = s;
    }
  }
  const heatmap = minMax(relu(resizeHalfPixel(minMax(relu(raw), B), B, h, w, x.shape[1], x.shape[2])), B);
  return { raw, heatmap, scores: classes.map((c, b) => ref.output[b * numClasses + c]!) };
}
