/**
 * An independent Grad-CAM reference for tests: the "probe" technique (DESIGN §2) on the cpu
 * backend, where every gradient kernel exists, with post-processing written in plain JS from the
 * pytorch-grad-cam formulas. It shares no code with the library.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type AnyLayer = tfl.layers.Layer & { layers?: AnyLayer[]; outputLayers?: AnyLayer[]; [k: string]: unknown };

function findLayer(model: AnyLayer, path: string): AnyLayer {
  const parts = path.split('/');
  const search = (container: AnyLayer, depthFirst: boolean): AnyLayer | null => {
    for (const l of container.layers ?? []) {
      if (l.name === parts[parts.length - 1] && (parts.length === 1 || depthFirst)) return l;
      if (l.layers) {
        const found = search(l, true);
        if (found) return found;
      }
    }
    return null;
  };
  const found = search(model, parts.length > 1);
  if (!found) throw new Error(`reference: no layer ${path}`);
  return found;
}

function lastLayer(model: AnyLayer): AnyLayer {
  let l: AnyLayer = model;
  while (l.outputLayers) l = l.outputLayers[0] as AnyLayer;
  return l;
}

export interface ReferenceCam {
  activations: Float32Array;
  gradients: Float32Array;
  shape: [number, number, number, number];
  scores: Float32Array;
  classes: number[];
  raw: Float32Array; // [B,h,w]
  heatmap: Float32Array; // [B,H,W]
}

/** Runs `fn` on the cpu backend and switches back. */
export async function onCpu<T>(fn: () => T): Promise<T> {
  const prev = tf.getBackend();
  await tf.setBackend('cpu');
  try {
    return fn();
  } finally {
    await tf.setBackend(prev);
  }
}

export function relu(a: Float32Array): Float32Array {
  return a.map((v) => Math.max(v, 0));
}

export function minMax(a: Float32Array, batch: number): Float32Array {
  const n = a.length / batch;
  const out = new Float32Array(a.length);
  for (let b = 0; b < batch; b++) {
    let lo = Infinity;
    for (let i = 0; i < n; i++) lo = Math.min(lo, a[b * n + i]!);
    let hi = -Infinity;
    for (let i = 0; i < n; i++) hi = Math.max(hi, a[b * n + i]! - lo);
    for (let i = 0; i < n; i++) out[b * n + i] = (a[b * n + i]! - lo) / (1e-7 + hi);
  }
  return out;
}

/** OpenCV INTER_LINEAR: half-pixel centres, edge clamp. */
export function resizeHalfPixel(a: Float32Array, batch: number, h: number, w: number, H: number, W: number): Float32Array {
  const out = new Float32Array(batch * H * W);
  const src = (d: number, n: number, N: number) => {
    const s = Math.max(0, ((d + 0.5) * n) / N - 0.5);
    const i0 = Math.min(Math.floor(s), n - 1);
    const i1 = Math.min(i0 + 1, n - 1);
    return [i0, i1, s - i0] as const;
  };
  for (let b = 0; b < batch; b++)
    for (let y = 0; y < H; y++) {
      const [y0, y1, fy] = src(y, h, H);
      for (let x = 0; x < W; x++) {
        const [x0, x1, fx] = src(x, w, W);
        const at = (yy: number, xx: number) => a[b * h * w + yy * w + xx]!;
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bot = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out[b * H * W + y * W + x] = top * (1 - fy) + bot * fy;
      }
    }
  return out;
}

/**
 * Activations, gradients and the Grad-CAM map of `layerPath` by the probe technique, on cpu.
 * `classes` null → arg-max of the output. `logits` → the final softmax is removed for the score.
 */
export function referenceGradCam(
  model: tfl.LayersModel,
  input: tf.Tensor,
  layerPath: string,
  classes: number[] | null,
  logits = true,
): ReferenceCam {
  const root = model as unknown as AnyLayer;
  const layer = findLayer(root, layerPath);
  const last = lastLayer(root);
  const x = (input.rank === 3 ? tf.expandDims(input, 0) : input) as tf.Tensor4D;
  const origCall = layer.call;
  const lastCall = last.call;
  const hadOwn = [layer, last].map((l) => Object.prototype.hasOwnProperty.call(l, 'call'));
  const lastActivation = last['activation'];
  let captured: tf.Tensor | null = null;
  let probe: tf.Tensor | null = null;
  layer.call = function (this: AnyLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) {
    const out = origCall.call(layer, inputs, kwargs) as tf.Tensor;
    captured = tf.keep(tf.clone(out));
    return probe ? tf.add(out, probe) : out;
  } as typeof layer.call;
  if (logits) {
    if (last.getClassName() === 'Softmax') last.call = ((inputs: tf.Tensor | tf.Tensor[]) => (Array.isArray(inputs) ? inputs[0] : inputs)) as typeof last.call;
    else if (lastActivation) last['activation'] = { apply: (t: tf.Tensor) => t, getClassName: () => 'linear' };
  }
  try {
    // Shape of A from a plain run.
    tf.tidy(() => {
      model.apply(x, { training: false });
    });
    const shape = captured!.shape as [number, number, number, number];
    captured!.dispose();
    probe = tf.zeros(shape);
    let scores: tf.Tensor | null = null;
    let chosen: number[] = [];
    const g = tf.grad((p: tf.Tensor) => {
      probe = p;
      const out = model.apply(x, { training: false }) as tf.Tensor2D;
      const outData = out.arraySync();
      chosen = classes ?? outData.map((row) => row.indexOf(Math.max(...row)));
      const mask = tf.cast(tf.oneHot(tf.tensor1d(chosen, 'int32'), out.shape[1]), 'float32');
      const s = tf.sum(tf.mul(out, mask), 1);
      scores = tf.keep(tf.clone(s));
      return tf.sum(s);
    })(probe);
    const G = g.dataSync() as Float32Array;
    const A = captured!.dataSync() as Float32Array;
    const scoreData = (scores as unknown as tf.Tensor).dataSync() as Float32Array;
    g.dispose();
    captured!.dispose();
    (scores as unknown as tf.Tensor).dispose();
    (probe as tf.Tensor).dispose();
    const [B, h, w, K] = shape;
    const raw = new Float32Array(B * h * w);
    for (let b = 0; b < B; b++) {
      const alpha = new Float64Array(K);
      for (let i = 0; i < h * w; i++) for (let k = 0; k < K; k++) alpha[k]! += G[(b * h * w + i) * K + k]! / (h * w);
      for (let i = 0; i < h * w; i++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += alpha[k]! * A[(b * h * w + i) * K + k]!;
        raw[b * h * w + i] = s;
      }
    }
    const [H, W] = [x.shape[1], x.shape[2]];
    const heatmap = minMax(relu(resizeHalfPixel(minMax(relu(raw), B), B, h, w, H, W)), B);
    return { activations: A, gradients: G, shape, scores: scoreData, classes: chosen, raw, heatmap };
  } finally {
    layer.call = origCall;
    last.call = lastCall;
    if (!hadOwn[0]) delete (layer as { call?: unknown }).call;
    if (!hadOwn[1]) delete (last as { call?: unknown }).call;
    if (lastActivation) last['activation'] = lastActivation;
    if (x !== input) x.dispose();
  }
}

/** Largest absolute difference between two arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
