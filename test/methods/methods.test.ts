// Every method on the Sequential, DAG and nested zoo models, batch 1 and 2, default and fixed class:
// gradient methods against their formulas on the probe reference's A and G; forward-pass methods
// against the model run by hand (ablated activations through a probe, masked inputs through
// predict); batching against single samples; leaks; the option plumbing.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CamError,
  cam,
  camMethodNames,
  defineCamMethod,
  gradCamPlusPlusMethod,
  guidedGradCam,
  scoreCam,
  type CamMethodName,
} from '../../src/index.js';
import { randomInput, zoo, type ZooModel } from '../fixtures/models.js';
import { maxAbs, maxAbsDiff, onCpu, referenceGradCam, type ReferenceCam } from '../helpers/reference.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';

const GRADIENT_FORMULAS: Partial<Record<CamMethodName, (A: number[], G: number[], hw: number, K: number) => number[]>> = {
  'grad-cam': (A, G, hw, K) => {
    const w = Array.from({ length: K }, (_, k) => sumPos(hw, (i) => G[i * K + k]!) / hw);
    return combine(A, w, hw, K);
  },
  'hires-cam': (A, G, hw, K) => mapOf(hw, (i) => sumK(K, (k) => G[i * K + k]! * A[i * K + k]!)),
  'grad-cam-elementwise': (A, G, hw, K) => mapOf(hw, (i) => sumK(K, (k) => Math.max(G[i * K + k]! * A[i * K + k]!, 0))),
  'xgrad-cam': (A, G, hw, K) => {
    const w = Array.from({ length: K }, (_, k) => sumPos(hw, (i) => G[i * K + k]! * A[i * K + k]!) / (sumPos(hw, (i) => A[i * K + k]!) + 1e-7));
    return combine(A, w, hw, K);
  },
  'layer-cam': (A, G, hw, K) => mapOf(hw, (i) => sumK(K, (k) => Math.max(G[i * K + k]!, 0) * A[i * K + k]!)),
  'grad-cam++': (A, G, hw, K) => {
    const w = Array.from({ length: K }, (_, k) => {
      const sA = sumPos(hw, (i) => A[i * K + k]!);
      return sumPos(hw, (i) => {
        const g = G[i * K + k]!;
        const alpha = g === 0 ? 0 : (g * g) / (2 * g * g + sA * g * g * g + 1e-6);
        return Math.max(g, 0) * alpha;
      });
    });
    return combine(A, w, hw, K);
  },
};

function sumPos(n: number, f: (i: number) => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += f(i);
  return s;
}
const sumK = sumPos;
function mapOf(hw: number, f: (i: number) => number): number[] {
  return Array.from({ length: hw }, (_, i) => f(i));
}
function combine(A: number[], w: number[], hw: number, K: number): number[] {
  return mapOf(hw, (i) => sumK(K, (k) => w[k]! * A[i * K + k]!));
}

/** Raw maps [B·h·w] of a gradient method from the reference's A and G. */
function formulaRaw(method: CamMethodName, ref: ReferenceCam): number[] {
  const [B, h, w, K] = ref.shape;
  const hw = h * w;
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    const A = Array.from(ref.activations.subarray(b * hw * K, (b + 1) * hw * K));
    const G = Array.from(ref.gradients.subarray(b * hw * K, (b + 1) * hw * K));
    out.push(...GRADIENT_FORMULAS[method]!(A, G, hw, K));
  }
  return out;
}

const models = Object.entries(zoo) as Array<[string, () => ZooModel]>;

describe.each(models)('every method on the %s model', (_name, make) => {
  let net: ZooModel;
  beforeAll(() => {
    net = make();
  });
  afterAll(() => net.model.dispose());

  const cases: Array<[CamMethodName, number, 'default' | 'fixed']> = [];
  for (const method of camMethodNames) for (const batch of [1, 2]) for (const cls of ['default', 'fixed'] as const) cases.push([method, batch, cls]);

  it.each(cases)('%s, batch %i, %s class', async (method, batch, cls) => {
    const layerName = net.targets[0]!;
    const x = randomInput([batch, ...net.inputShape], 40 + batch);
    const classes = cls === 'fixed' ? Array.from({ length: batch }, (_, i) => (i + 2) % net.classes) : null;
    const ref = await onCpu(() => referenceGradCam(net.model, x, layerName, classes));
    const before = tf.memory().numTensors;
    const r = cam(net.model, x, { method, layerName, batchSize: 3, ...(classes ? { classIndex: classes } : {}) });
    expect(tf.memory().numTensors - before).toBe(4); // heatmap, raw (= layers[0].raw), classIndex, score
    try {
      const [, h, w] = ref.shape;
      expect(r.method).toBe(method);
      expect(r.raw.shape).toEqual([batch, h, w]);
      expect(r.heatmap.shape).toEqual([batch, ...net.inputShape.slice(0, 2)]);
      expect(Array.from(r.classIndex.dataSync())).toEqual(ref.classes);
      expect(maxAbsDiff(r.score.dataSync(), ref.scores)).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbs(ref.scores)));
      const heat = r.heatmap.dataSync();
      expect(Math.min(...heat)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...heat)).toBeLessThanOrEqual(1);
      const raw = Array.from(r.raw.dataSync());
      if (GRADIENT_FORMULAS[method]) {
        const expected = formulaRaw(method, ref);
        expect(maxAbsDiff(raw, expected)).toBeLessThanOrEqual(1e-4 * Math.max(maxAbs(expected), 1e-6));
      }
      if (batch === 2) {
        // Batching changes nothing: each sample alone gives its own row.
        for (let b = 0; b < 2; b++) {
          const xb = tf.slice(x, [b, 0, 0, 0], [1, ...net.inputShape]);
          const rb = cam(net.model, xb, { method, layerName, batchSize: 3, classIndex: ref.classes[b]! });
          const n = h * w;
          expect(maxAbsDiff(rb.raw.dataSync(), raw.slice(b * n, (b + 1) * n))).toBeLessThanOrEqual(1e-4 * Math.max(maxAbs(raw), 1e-6));
          rb.dispose();
          xb.dispose();
        }
      }
    } finally {
      r.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('Ablation-CAM equals (y − y_k)/y with channel k of A zeroed, computed by running the whole model', async () => {
    const layerName = net.targets[0]!;
    const x = randomInput([1, ...net.inputShape], 77);
    const ref = await onCpu(() => referenceGradCam(net.model, x, layerName, null));
    const [, h, w, K] = ref.shape;
    const r = cam(net.model, x, { method: 'ablation-cam', layerName, batchSize: 4 });
    // With A ≥ 0 containing a 0 (a ReLU output), the ablated channel is set to 0: A' = A − A_k.
    const aMin = Math.min(...ref.activations);
    const y = ref.scores[0]!;
    const expected = new Array<number>(h * w).fill(0);
    for (let k = 0; k < K; k++) {
      const yk = await onCpu(() => scoreWithProbe(net, x, layerName, ref, k, aMin === 0 ? 0 : aMin - 1e7));
      const wk = (y - yk) / y;
      for (let i = 0; i < h * w; i++) expected[i]! += wk * ref.activations[i * K + k]!;
    }
    expect(maxAbsDiff(r.raw.dataSync(), expected)).toBeLessThanOrEqual(1e-3 * Math.max(maxAbs(expected), 1e-6));
    r.dispose();
    x.dispose();
  });
});

/** The logit of the reference's class with channel k of the layer's output set to `value`. */
function scoreWithProbe(net: ZooModel, x: tf.Tensor, layerPath: string, ref: ReferenceCam, k: number, value: number): number {
  const [B, h, w, K] = ref.shape;
  const shift = new Float32Array(B * h * w * K);
  for (let i = 0; i < B * h * w; i++) shift[i * K + k] = value - ref.activations[i * K + k]!;
  let layer = net.model as unknown as { layers?: unknown[]; call: unknown; name: string };
  for (const part of layerPath.split('/')) layer = (layer.layers as Array<typeof layer>).find((l) => l.name === part)!;
  const target = layer as unknown as { call: (i: unknown, k: unknown) => tf.Tensor };
  const original = target.call;
  const last = net.model.layers[net.model.layers.length - 1] as unknown as { activation?: unknown; getClassName(): string; call: unknown };
  const act = last.activation;
  target.call = (inputs, kwargs) => tf.add(original.call(target, inputs, kwargs), tf.tensor(shift, [B, h, w, K]));
  if (act) last.activation = { apply: (t: tf.Tensor) => t, getClassName: () => 'linear' };
  if (last.getClassName() === 'Softmax') last.call = (inputs: unknown) => (Array.isArray(inputs) ? inputs[0] : inputs);
  try {
    return tf.tidy(() => (net.model.predict(x) as tf.Tensor2D).arraySync()[0]![ref.classes[0]!]!);
  } finally {
    delete (target as { call?: unknown }).call;
    delete (last as { call?: unknown }).call;
    if (act) last.activation = act;
  }
}

describe('method options', () => {
  let net: ZooModel;
  beforeAll(() => {
    net = zoo.dag();
  });
  afterAll(() => net.model.dispose());

  it('counterfactual: the raw Grad-CAM map is negated, the reported score is the model\'s own', () => {
    const x = randomInput([2, ...net.inputShape], 5);
    const a = cam(net.model, x, { classIndex: [1, 2] });
    const c = cam(net.model, x, { classIndex: [1, 2], counterfactual: true });
    expect(maxAbsDiff(c.raw.dataSync(), a.raw.dataSync().map((v) => -v))).toBeLessThanOrEqual(1e-6 * maxAbs(a.raw.dataSync()));
    expect(maxAbsDiff(c.score.dataSync(), a.score.dataSync())).toBe(0);
    tf.dispose([a, c].flatMap((r) => [r.heatmap, r.raw, r.score, r.classIndex]));
    x.dispose();
  });

  it('Grad-CAM++ paper variant: α normalised over space, weights scaled by exp(score)', async () => {
    const layerName = net.targets[0]!;
    const x = randomInput([1, ...net.inputShape], 9);
    const ref = await onCpu(() => referenceGradCam(net.model, x, layerName, [2]));
    const [, h, w, K] = ref.shape;
    const hw = h * w;
    const A = Array.from(ref.activations);
    const G = Array.from(ref.gradients);
    const e = Math.exp(Math.min(ref.scores[0]!, 80));
    const weights = Array.from({ length: K }, (_, k) => {
      const sA = sumPos(hw, (i) => A[i * K + k]!);
      const alpha = mapOf(hw, (i) => {
        const g = G[i * K + k]!;
        const d = 2 * g * g + sA * g * g * g;
        return g === 0 ? 0 : (g * g) / d;
      });
      const total = alpha.reduce((s, v) => s + v, 0) || 1;
      return e * sumPos(hw, (i) => Math.max(G[i * K + k]!, 0) * (alpha[i]! / total));
    });
    const expected = combine(A, weights, hw, K);
    const r = cam(net.model, x, { method: gradCamPlusPlusMethod({ variant: 'paper' }), layerName, classIndex: 2 });
    expect(r.method).toBe('grad-cam++ (paper)');
    expect(maxAbsDiff(r.raw.dataSync(), expected)).toBeLessThanOrEqual(1e-4 * maxAbs(expected));
    r.dispose();
    x.dispose();
  });

  it('Faster Score-CAM: maxChannels = K is Score-CAM; fewer channels weigh only the most varied ones', () => {
    const layerName = net.targets[0]!;
    const x = randomInput([1, ...net.inputShape], 10);
    const full = scoreCam(net.model, x, { layerName });
    const all = scoreCam(net.model, x, { layerName, maxChannels: 1000 });
    expect(maxAbsDiff(all.raw.dataSync(), full.raw.dataSync())).toBe(0);
    // With one channel: softmax of one score = 1, so the map is that channel itself.
    const one = scoreCam(net.model, x, { layerName, maxChannels: 1 });
    const ref = referenceGradCamA(net, x, layerName);
    const [, h, w, K] = ref.shape;
    let best = 0;
    let bestVar = -1;
    for (let k = 0; k < K; k++) {
      const v = Array.from({ length: h * w }, (_, i) => ref.activations[i * K + k]!);
      const m = v.reduce((s, t) => s + t, 0) / v.length;
      const variance = v.reduce((s, t) => s + (t - m) ** 2, 0) / v.length;
      if (variance > bestVar) [best, bestVar] = [k, variance];
    }
    const expected = Array.from({ length: h * w }, (_, i) => ref.activations[i * K + best]!);
    expect(maxAbsDiff(one.raw.dataSync(), expected)).toBeLessThanOrEqual(1e-5 * maxAbs(expected));
    tf.dispose([full, all, one].flatMap((r) => [r.heatmap, r.raw, r.score, r.classIndex]));
    x.dispose();
  });

  it.each([0, 2])('Ablation-CAM scoring only the class column of the Dense head equals scoring the full output (class %i)', (c) => {
    const x = randomInput([1, ...net.inputShape], 14);
    const fast = cam(net.model, x, { method: 'ablation-cam', classIndex: c, batchSize: 4 });
    // A custom target reads the whole output, so the full head runs (every row is sample 0 here).
    const full = cam(net.model, x, {
      method: 'ablation-cam',
      batchSize: 4,
      target: (out) => tf.squeeze(tf.slice(out, [0, c], [-1, 1]), [1]) as tf.Tensor1D,
    });
    expect(maxAbsDiff(fast.raw.dataSync(), full.raw.dataSync())).toBeLessThanOrEqual(1e-5 * maxAbs(full.raw.dataSync()));
    tf.dispose([fast, full].flatMap((r) => [r.heatmap, r.raw, r.score, r.classIndex]));
    x.dispose();
  });

  it('a user-defined method runs through the same pipeline (here: Grad-CAM rebuilt by hand)', () => {
    const x = randomInput([2, ...net.inputShape], 11);
    const mine = defineCamMethod({ name: 'my-grad-cam', needsGradients: true, weights: (ctx) => tf.mean(ctx.gradients, [1, 2], true) as tf.Tensor4D });
    const a = cam(net.model, x, { method: mine, classIndex: [0, 2] });
    const b = cam(net.model, x, { method: 'grad-cam', classIndex: [0, 2] });
    expect(a.method).toBe('my-grad-cam');
    expect(maxAbsDiff(a.raw.dataSync(), b.raw.dataSync())).toBeLessThanOrEqual(1e-6 * maxAbs(b.raw.dataSync()));
    a.dispose();
    b.dispose();
    x.dispose();
  });

  it('Guided Grad-CAM is guided backprop × the heatmap, for a batch', () => {
    const x = randomInput([2, ...net.inputShape], 12);
    const before = tf.memory().numTensors;
    const r = guidedGradCam(net.model, x, { classIndex: [1, 2] });
    const expected = tf.tidy(() => tf.mul(r.gradients, tf.expandDims(r.heatmap, 3)).dataSync());
    expect(r.guided.shape).toEqual([2, ...net.inputShape]);
    expect(maxAbsDiff(r.guided.dataSync(), expected)).toBe(0);
    expect(maxAbs(r.gradients.dataSync())).toBeGreaterThan(0);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('bad methods and options give CamErrors and leak nothing', () => {
    const x = randomInput([1, ...net.inputShape], 13);
    expectCamErrorNoLeak(() => cam(net.model, x, { method: 'grad-cam+++' as CamMethodName }), 'INVALID_OPTION', /grad-cam\+\+\+.*allowed: grad-cam, hires-cam/);
    expectCamErrorNoLeak(() => cam(net.model, x, { batchSize: 0 }), 'INVALID_OPTION', /batchSize must be a positive integer/);
    expectCamErrorNoLeak(() => cam(net.model, x, { layerName: [] }), 'INVALID_OPTION', /empty list/);
    expectCamErrorNoLeak(() => cam(net.model, x, { augSmooth: 'yes' as unknown as boolean }), 'INVALID_OPTION', /augSmooth must be true or false/);
    const wrongShape = defineCamMethod({ name: 'bad', needsGradients: true, weights: (ctx) => tf.mean(ctx.gradients, [1], true) as tf.Tensor4D });
    expectCamErrorNoLeak(() => cam(net.model, x, { method: wrongShape }), 'INVALID_OPTION', /returned weights of shape/);
    const sneaky = defineCamMethod({ name: 'sneaky', needsGradients: false, weights: (ctx) => ctx.gradients });
    expectCamErrorNoLeak(() => cam(net.model, x, { method: sneaky }), 'INVALID_OPTION', /reads ctx.gradients but declares needsGradients: false/);
    expect(() => defineCamMethod({ name: '', needsGradients: true, weights: (c) => c.gradients })).toThrow(CamError);
    expect(() => gradCamPlusPlusMethod({ variant: 'tkv' as 'paper' })).toThrow(/variant must be/);
    expectCamErrorNoLeak(() => scoreCam(net.model, x, { maxChannels: -1 }), 'INVALID_OPTION', /maxChannels/);
    x.dispose();
  });
});

/** The layer's activations by the probe reference (cpu-independent: only A is read). */
function referenceGradCamA(net: ZooModel, x: tf.Tensor, layerName: string): ReferenceCam {
  return referenceGradCam(net.model, x, layerName, [0]);
}
