// Concurrency and patch safety: interleaved async use gives the same bytes as sequential use; every
// temporary change to a model (patched layer calls, swapped activations) is undone after success and
// after a throw at any point; models sharing a layer and explanations started from inside another
// explanation stay correct and unmodified.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cam,
  camMethodNames,
  defineCamMethod,
  globalAveragePool,
  gradCam,
  guidedBackprop,
  guidedGradCam,
  type CamMethodName,
} from '../../src/index.js';
import { loadLayersModel, readImage, saveOverlay } from '../../src/node/index.js';
import { randomInput, randomizeWeights, zoo, type ZooModel } from '../fixtures/models.js';
import { expectModelUnchanged, snapshotModel } from './modelSnapshot.js';

const IMAGES = readdirSync('examples/images')
  .filter((f) => f.endsWith('.png'))
  .sort()
  .map((f) => path.join('examples/images', f));

/** Lets other pending work run (a macrotask turn), so concurrent explanations interleave. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The bytes of a heatmap and of the overlay PNG written for it. */
interface Explained {
  map: Buffer;
  png: Buffer;
}

/**
 * readImage → cam → heatmap data → saveOverlay, with a turn of the event loop between steps.
 * `size` resizes the image for a model with a smaller input.
 */
async function explainFile(model: tfl.LayersModel, file: string, method: CamMethodName, dir: string, size?: number): Promise<Explained> {
  const image = await readImage(file);
  await turn();
  const input = tf.tidy(() => {
    const x = tf.expandDims(tf.div(tf.cast(image, 'float32'), 255), 0) as tf.Tensor4D;
    return size === undefined ? x : tf.image.resizeBilinear(x, [size, size]);
  });
  try {
    const r = cam(model, input, { method });
    try {
      await turn();
      const map = Buffer.from((await r.heatmap.data()).buffer);
      const out = path.join(dir, `${model.name}-${method}-${path.basename(file)}`);
      await saveOverlay(out, image, r.heatmap);
      return { map, png: readFileSync(out) };
    } finally {
      r.dispose();
    }
  } finally {
    tf.dispose([image, input]);
  }
}

function expectSameBytes(a: Explained[], b: Explained[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((e, i) => {
    expect(e.map.equals(b[i]!.map), `map ${i}`).toBe(true);
    expect(e.png.equals(b[i]!.png), `png ${i}`).toBe(true);
  });
}

describe('interleaved async use through the Node adapter', () => {
  let demo: tfl.LayersModel;
  let small: ZooModel;
  let dir: string;
  beforeAll(async () => {
    demo = await loadLayersModel('examples/model/model.json');
    small = zoo.nestedFunctional(11);
    dir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-gradcam-concurrency-'));
  });
  afterAll(() => {
    demo.dispose();
    small.model.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every example image explained with Promise.all gives the maps and files of one-by-one use', async () => {
    expect(IMAGES.length).toBeGreaterThanOrEqual(12);
    const before = tf.memory().numTensors;
    const seq: Explained[] = [];
    for (const f of IMAGES) seq.push(await explainFile(demo, f, 'grad-cam', dir));
    const parDir = mkdtempSync(path.join(dir, 'p-'));
    const par = await Promise.all(IMAGES.map((f) => explainFile(demo, f, 'grad-cam', parDir)));
    expectSameBytes(par, seq);
    // Different images give different maps: the comparison is not vacuous.
    expect(seq[0]!.map.equals(seq[2]!.map)).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('every method interleaved on one model matches its sequential result', async () => {
    const files = IMAGES.slice(0, 3);
    const jobs = files.flatMap((f) => camMethodNames.map((m) => [f, m] as const));
    const before = tf.memory().numTensors;
    const seq: Explained[] = [];
    for (const [f, m] of jobs) seq.push(await explainFile(small.model, f, m, dir, 16));
    const parDir = mkdtempSync(path.join(dir, 'm-'));
    const par = await Promise.all(jobs.map(([f, m]) => explainFile(small.model, f, m, parDir, 16)));
    expectSameBytes(par, seq);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('two different models explained at once match their sequential results', async () => {
    const files = IMAGES.slice(0, 4);
    const jobs = files.flatMap((f) => [
      () => explainFile(demo, f, 'grad-cam', dir),
      () => explainFile(small.model, f, 'layer-cam', dir, 16),
    ]);
    const seq: Explained[] = [];
    for (const j of jobs) seq.push(await j());
    const par = await Promise.all(jobs.map((j) => j()));
    expectSameBytes(par, seq);
  });
});

/** Wraps `layer.call` (as an own property) so that, once armed, its k-th call throws. */
function throwingCall(layer: tfl.layers.Layer): { arm(k: number): void; calls(): number; remove(): void } {
  const l = layer as unknown as { call: (...args: unknown[]) => unknown };
  const own = l.call;
  let count = 0;
  let throwAt = 0;
  l.call = function (this: unknown, ...args: unknown[]) {
    count++;
    if (count === throwAt) throw new Error(`injected failure in call ${count}`);
    return own.apply(this, args);
  };
  return {
    arm(k) {
      count = 0;
      throwAt = k;
    },
    calls: () => count,
    remove: () => {
      delete (layer as unknown as { call?: unknown }).call;
    },
  };
}

type Run = (model: tfl.LayersModel, x: tf.Tensor, layerName: string) => { dispose(): void };

const RUNS: Record<string, Run> = {
  ...Object.fromEntries(camMethodNames.map((m) => [m, (model, x, layerName) => cam(model, x, { method: m, layerName, batchSize: 3 })] as [string, Run])),
  'guided-backprop': (model, x) => guidedBackprop(model, x),
  'guided-grad-cam': (model, x, layerName) => guidedGradCam(model, x, { layerName }),
};

function expectThrowsNoLeak(run: () => unknown, message?: RegExp): void {
  const before = tf.memory().numTensors;
  let caught: unknown;
  try {
    run();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a throw').toBeInstanceOf(Error);
  if (message) expect((caught as Error).message).toMatch(message);
  expect(tf.memory().numTensors).toBe(before);
}

describe('every temporary change to a model is undone', () => {
  const nets = Object.entries(zoo).map(([name, make]) => [name, make()] as const);
  afterAll(() => nets.forEach(([, z]) => z.model.dispose()));

  it.each(nets.map(([name]) => name))('%s: unchanged after every method succeeds', (name) => {
    const z = nets.find(([n]) => n === name)![1];
    const x = randomInput([2, ...z.inputShape], 5);
    const snap = snapshotModel(z.model, x);
    for (const [method, run] of Object.entries(RUNS)) {
      const before = tf.memory().numTensors;
      run(z.model, x, z.targets[1]!).dispose();
      expect(tf.memory().numTensors, method).toBe(before);
    }
    expectModelUnchanged(z.model, x, snap);
    x.dispose();
  });

  it.each(nets.map(([name]) => name))('%s: unchanged after a target or a custom method throws midway', (name) => {
    const z = nets.find(([n]) => n === name)![1];
    const x = randomInput([2, ...z.inputShape], 6);
    const snap = snapshotModel(z.model, x);
    // A target that throws at once, and one that throws on its third call (midway through the
    // batches of Score-CAM and Ablation-CAM, after the gradient pass of the others).
    const midway = new Set<string>();
    for (const throwAt of [1, 3]) {
      for (const method of camMethodNames) {
        let n = 0;
        const target = (out: tf.Tensor) => {
          if (++n === throwAt) throw new Error('target failed');
          return tf.sum(out, 1) as tf.Tensor1D;
        };
        if (throwAt === 3) {
          // Methods that call the target fewer times succeed; they must still leave no trace.
          const before = tf.memory().numTensors;
          try {
            cam(z.model, x, { method, target, batchSize: 2, layerName: z.targets[0] }).dispose();
          } catch (e) {
            expect((e as Error).message).toMatch(/target failed/);
            midway.add(method);
          }
          expect(tf.memory().numTensors, method).toBe(before);
        } else {
          expectThrowsNoLeak(() => cam(z.model, x, { method, target, layerName: z.targets[0] }), /target failed/);
        }
      }
    }
    // The batched methods call the target once per batch: the third call is midway through them.
    expect(midway).toContain('score-cam');
    expect(midway).toContain('ablation-cam');
    expectThrowsNoLeak(() => guidedBackprop(z.model, x, { target: () => { throw new Error('target failed'); } }), /target failed/);
    // A custom method that uses the split (scores, ablated heads, forward passes), then throws.
    const failing = defineCamMethod({
      name: 'fails-midway',
      needsGradients: true,
      weights: (ctx) => {
        ctx.scoreActivations(ctx.activations, [0, 1]);
        ctx.scoreInputs(ctx.input, [0, 1]);
        throw new Error('weights failed');
      },
    });
    for (const layerName of z.targets) expectThrowsNoLeak(() => cam(z.model, x, { method: failing, layerName }), /weights failed/);
    expectModelUnchanged(z.model, x, snap);
    x.dispose();
  });

  it.each(nets.map(([name]) => name))('%s: unchanged after a layer throws on its k-th call', (name) => {
    const z = nets.find(([n]) => n === name)![1];
    const x = randomInput([2, ...z.inputShape], 7);
    const all = z.model.layers.flatMap((l) => ((l as tfl.LayersModel).layers ? (l as tfl.LayersModel).layers : [l])).filter((l) => l.getClassName() !== 'InputLayer');
    const layerName = z.targets[1]!;
    const short = layerName.split('/').pop()!;
    // The first layer, the layer explained, the output layer (whose activation logits mode swaps).
    const picked = [all[0]!, all.find((l) => l.name === short) ?? all[1]!, all[all.length - 1]!];
    for (const layer of picked) {
      const wrap = throwingCall(layer);
      const snap = snapshotModel(z.model, x);
      for (const method of ['grad-cam', 'score-cam', 'ablation-cam', 'eigen-cam', 'guided-backprop', 'guided-grad-cam']) {
        const run = RUNS[method]!;
        wrap.arm(0);
        run(z.model, x, layerName).dispose();
        const calls = wrap.calls();
        const ks = [...new Set([1, Math.ceil(calls / 2), calls])].filter((k) => k >= 1 && k <= calls);
        for (const k of ks) {
          wrap.arm(k);
          expectThrowsNoLeak(() => run(z.model, x, layerName), /injected failure/);
        }
      }
      wrap.arm(0);
      expectModelUnchanged(z.model, x, snap);
      wrap.remove();
    }
    x.dispose();
  });
});

/** A conv layer object used by two functional models, and the two models. */
function sharedPair(): { a: tfl.LayersModel; b: tfl.LayersModel; shared: tfl.layers.Layer } {
  const shared = tfl.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', name: 'shared' });
  const build = (name: string, seed: number) => {
    const input = tfl.input({ shape: [8, 8, 3] });
    const c1 = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: `${name}_c1` }).apply(input) as tfl.SymbolicTensor;
    const s = shared.apply(c1) as tfl.SymbolicTensor;
    const c2 = tfl.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: `${name}_c2` }).apply(s) as tfl.SymbolicTensor;
    const gap = tfl.layers.globalAveragePooling2d({ name: `${name}_gap` }).apply(c2) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 3, activation: 'softmax', name: `${name}_out` }).apply(gap) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: input, outputs: out, name });
    randomizeWeights(m, seed);
    return m;
  };
  // Model b re-randomises the shared kernel: both models then use b's weights for it.
  const a = build('a', 21);
  const b = build('b', 22);
  return { a, b, shared };
}

const maxDiff = (p: Float32Array, q: Float32Array) => p.reduce((m, v, i) => Math.max(m, Math.abs(v - q[i]!)), 0);

function heatmapOf(run: () => { heatmap: tf.Tensor; dispose(): void }): Float32Array {
  const r = run();
  const d = r.heatmap.dataSync().slice() as Float32Array;
  r.dispose();
  return d;
}

describe('two models sharing a layer', () => {
  const { a, b } = sharedPair();
  const xa = randomInput([2, 8, 8, 3], 31) as tf.Tensor4D;
  const xb = randomInput([2, 8, 8, 3], 32) as tf.Tensor4D;
  const cases = [
    { model: a, x: xa, layerName: 'shared', method: 'grad-cam' },
    { model: b, x: xb, layerName: 'shared', method: 'grad-cam' },
    { model: a, x: xa, layerName: 'a_c2', method: 'score-cam' },
    { model: b, x: xb, layerName: 'b_c1', method: 'ablation-cam' },
    { model: b, x: xb, layerName: 'shared', method: 'grad-cam++' },
  ] as const;
  const explain = (c: (typeof cases)[number]) => heatmapOf(() => cam(c.model, c.x, { method: c.method, layerName: c.layerName }));
  let refs: Float32Array[];
  let snaps: ReturnType<typeof snapshotModel>[];
  beforeAll(() => {
    snaps = [snapshotModel(a, xa), snapshotModel(b, xb)];
    refs = cases.map(explain);
  });
  afterAll(() => {
    tf.dispose([xa, xb]);
    a.dispose();
    b.dispose();
  });

  it('explained alternately, each matches its own result and neither model changes', () => {
    for (let round = 0; round < 3; round++) cases.forEach((c, i) => expect(explain(c)).toEqual(refs[i]));
    expectModelUnchanged(a, xa, snaps[0]!);
    expectModelUnchanged(b, xb, snaps[1]!);
  });

  it('explained concurrently, each matches its own result and neither model changes', async () => {
    const before = tf.memory().numTensors;
    const maps = await Promise.all(
      [...cases, ...cases].map(async (c) => {
        await turn();
        const m = explain(c);
        await turn();
        return m;
      }),
    );
    maps.forEach((m, i) => expect(m).toEqual(refs[i % cases.length]));
    expect(tf.memory().numTensors).toBe(before);
    expectModelUnchanged(a, xa, snaps[0]!);
    expectModelUnchanged(b, xb, snaps[1]!);
  });

  it('different results for the two models (the shared layer is not a shortcut)', () => {
    expect(refs[0]).not.toEqual(refs[1]);
  });
});

describe('an explanation started inside another one', () => {
  const { a, b } = sharedPair();
  const other = zoo.dag(41);
  const xa = randomInput([2, 8, 8, 3], 51) as tf.Tensor4D;
  const xb = randomInput([2, 8, 8, 3], 52) as tf.Tensor4D;
  afterAll(() => {
    tf.dispose([xa, xb]);
    a.dispose();
    b.dispose();
    other.model.dispose();
  });

  // Inner explanations: another model, a model sharing a layer with the outer one, the outer model itself.
  const inner = [
    { label: 'an unrelated model', run: () => gradCam(other.model, xb, { layerName: 'target' }) },
    { label: 'a model sharing the explained layer', run: () => gradCam(b, xb, { layerName: 'shared' }) },
    { label: 'a model sharing a layer, at another layer', run: () => cam(b, xb, { layerName: 'b_c2', method: 'score-cam' }) },
    { label: 'the same model', run: () => gradCam(a, xa, { layerName: 'a_c2' }) },
  ];

  it.each(inner.map((c, i) => [c.label, i] as const))('from a custom method’s weights(): %s', (_label, i) => {
    const c = inner[i]!;
    const snaps = [snapshotModel(a, xa), snapshotModel(b, xb), snapshotModel(other.model, xb)];
    const innerRef = heatmapOf(c.run);
    const outerRef = heatmapOf(() => gradCam(a, xa, { layerName: 'shared' }));
    let got: Float32Array | null = null;
    const method = defineCamMethod({
      name: 'nested',
      needsGradients: true,
      weights: (ctx) => {
        got = heatmapOf(c.run);
        return globalAveragePool(ctx.gradients);
      },
    });
    const before = tf.memory().numTensors;
    const outer = heatmapOf(() => cam(a, xa, { method, layerName: 'shared' }));
    expect(tf.memory().numTensors).toBe(before);
    expect(outer).toEqual(outerRef);
    expect(got).toEqual(innerRef);
    expectModelUnchanged(a, xa, snaps[0]!);
    expectModelUnchanged(b, xb, snaps[1]!);
    expectModelUnchanged(other.model, xb, snaps[2]!);
  });

  it.each(inner.map((c, i) => [c.label, i] as const))('from a target on another model: %s', (_label, i) => {
    const c = inner[i]!;
    const innerRef = heatmapOf(c.run);
    const outerRef = heatmapOf(() => gradCam(a, xa, { layerName: 'shared', target: (out) => tf.sum(out, 1) as tf.Tensor1D }));
    let got: Float32Array | null = null;
    const target = (out: tf.Tensor) => {
      got = heatmapOf(c.run);
      return tf.sum(out, 1) as tf.Tensor1D;
    };
    const before = tf.memory().numTensors;
    const outer = heatmapOf(() => gradCam(a, xa, { layerName: 'shared', target }));
    expect(tf.memory().numTensors).toBe(before);
    expect(outer).toEqual(outerRef);
    // The inner explanation runs while the outer gradient is being recorded, where tfjs un-fuses
    // fused ops (conv + bias + activation): equal up to float rounding (measured ≤ 6e-7 on wasm).
    expect(maxDiff(got!, innerRef)).toBeLessThan(1e-5);
    expect(got!.length).toBe(innerRef.length);
    expect(heatmapOf(() => gradCam(a, xa, { layerName: 'shared', target: (out) => tf.sum(out, 1) as tf.Tensor1D }))).toEqual(outerRef);
  });
});
