import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GraphModel } from '@tensorflow/tfjs-converter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CamCache, cam, camMethodNames, gradCam } from '../../src/index.js';
import { graphSplitModel, isGraphModel } from '../../src/graph/graphSplitModel.js';
import type { ModelSplit } from '../../src/core/modelSplit.js';
import { TINY_GRAPH as G, tinyGraphArtifacts, tinyGraphModel } from '../fixtures/graphModels.js';
import { randomInput } from '../fixtures/models.js';
import { graphReferenceGradCam, graphReferenceGradients } from '../helpers/graphReference.js';
import { maxAbs, maxAbsDiff } from '../helpers/reference.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';

const FN = 'test()';
/** Every explainable node of the tiny graph, in execution order. */
const CANDIDATES = [
  'block1/conv1/Conv2D',
  'block1/conv1/BiasAdd',
  G.r1,
  G.c2,
  G.d1,
  G.bn,
  G.add,
  G.pool,
  G.c3,
  G.d2,
  G.id,
];
/** Per-sample weights of the 5 outputs, for gradients of a mixed score. */
const MIX = [
  [1, -2, 0.5, 3, 1],
  [-1, 0.5, 2, 0, 1.5],
];

let model: GraphModel;
/** The tiny graph's network built with tfjs-layers, with the graph's weights. */
let twin: tfl.LayersModel;
let x: tf.Tensor4D;

function layersTwin(graph: GraphModel): tfl.LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [16, 16, 3] });
  const r1 = L.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu6', name: 'c1' }).apply(input) as tfl.SymbolicTensor;
  const c2 = L.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }).apply(r1) as tfl.SymbolicTensor;
  const d1 = L.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'd1' }).apply(c2) as tfl.SymbolicTensor;
  const bn = L.batchNormalization({ epsilon: 0.001, name: 'bn' }).apply(d1) as tfl.SymbolicTensor;
  const add = L.add({ name: 'add' }).apply([bn, r1]) as tfl.SymbolicTensor;
  const pool = L.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(add) as tfl.SymbolicTensor;
  const c3 = L.conv2d({ filters: 16, kernelSize: 1, name: 'c3' }).apply(pool) as tfl.SymbolicTensor;
  const d2 = L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', activation: 'relu6', name: 'd2' }).apply(c3) as tfl.SymbolicTensor;
  const gap = L.globalAveragePooling2d({ name: 'gap' }).apply(d2) as tfl.SymbolicTensor;
  const out = L.dense({ units: 5, activation: 'softmax', name: 'fc' }).apply(gap) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: out });
  const w = (name: string) => graph.weights[name]![0]!;
  const values: Record<string, tf.Tensor> = {
    'c1/kernel': w('w1'), 'c1/bias': w('b1'), 'c2/kernel': w('w2'), 'c2/bias': w('b2'), 'd1/depthwise_kernel': w('dw1'),
    'bn/gamma': w('bn/gamma'), 'bn/beta': w('bn/beta'), 'bn/moving_mean': w('bn/mean'), 'bn/moving_variance': w('bn/variance'),
    'c3/kernel': w('w3'), 'c3/bias': w('b3'), 'd2/depthwise_kernel': w('dw2'), 'd2/bias': w('b4'), 'fc/kernel': w('wfc'), 'fc/bias': w('bfc'),
  };
  m.setWeights(m.weights.map((v) => values[v.originalName.replace(/_\d+\//, '/')]!));
  return m;
}

beforeAll(async () => {
  model = await tinyGraphModel();
  twin = layersTwin(model);
  x = randomInput([2, 16, 16, 3], 21) as tf.Tensor4D;
});
afterAll(() => {
  model.dispose();
  twin.dispose();
  x.dispose();
});

/** Runs `body` on the split at `node`, checking that the split leaves nothing behind but what `body` returns. */
function withSplit<T>(node: string, body: (s: ModelSplit) => T, logits = true): T {
  const sm = graphSplitModel(model, FN);
  const before = tf.memory().numTensors;
  const out = sm.withSplit(x, sm.resolve(node, FN), { logits, fn: FN }, body);
  expect(tf.memory().numTensors).toBe(before + (out instanceof tf.Tensor ? 1 : 0));
  return out;
}

describe('graphSplitModel: nodes', () => {
  it('lists the input-dependent 4-D nodes with H,W > 1 in execution order, with their shapes', () => {
    const sm = graphSplitModel(model, FN);
    expect(sm.kind).toBe('graph');
    expect(sm.candidates().map((c) => c.name)).toEqual(CANDIDATES);
    expect(sm.candidates().find((c) => c.name === G.pool)!.shape).toEqual([null, 8, 8, 8]);
    expect(sm.candidates().find((c) => c.name === G.d2)!.shape).toEqual([null, 4, 4, 16]);
    expect(sm.inputShape).toEqual([null, 16, 16, 3]);
    expect(sm.outputShape).toEqual([null, 5]);
  });

  it('picks the last one, moved back through the Identity to the op that made the map', () => {
    expect(graphSplitModel(model, FN).resolve(undefined, FN)).toBe(G.d2);
  });

  it('resolves full names and unique trailing parts', () => {
    const sm = graphSplitModel(model, FN);
    expect(sm.resolve('conv2/Relu', FN)).toBe(G.c2);
    expect(sm.resolve('depthwise', FN)).toBe(G.d1);
    expect(sm.resolve(`${G.add}:0`, FN)).toBe(G.add);
  });

  it('LAYER_NOT_FOUND lists the candidates; ambiguous, non-spatial and unconnected names are refused', () => {
    const sm = graphSplitModel(model, FN);
    expectCamErrorNoLeak(() => sm.resolve('nope', FN), 'LAYER_NOT_FOUND', /^test\(\): layerName "nope" is not a node of the GraphModel; nodes with a 4-D output: .*block1\/add \[\?,16,16,8\], .*block2\/out \[\?,4,4,16\]$/);
    expectCamErrorNoLeak(() => sm.resolve('BiasAdd', FN), 'LAYER_NOT_FOUND', /"BiasAdd" is ambiguous, it ends 3 node names \(block1\/conv1\/BiasAdd, block2\/conv\/BiasAdd, head\/logits\/BiasAdd\)/);
    expectCamErrorNoLeak(() => sm.resolve(G.gap, FN), 'LAYER_NOT_SPATIAL', /node "head\/gap\/Mean" \(Mean\) does not output a 4-D feature map/);
    expectCamErrorNoLeak(() => sm.resolve('w1', FN), 'LAYER_NOT_CONNECTED', /node "w1" is not on a path from the input to the output/);
    expectCamErrorNoLeak(() => sm.resolve(G.unused, FN), 'LAYER_NOT_CONNECTED', /node "unused\/Relu" is not on a path/);
  });
});

describe('graphSplitModel: the split', () => {
  it.each(CANDIDATES)('at %s: activations equal execute(x, node); head(A) and forward(x) equal the logits; logits: false gives the probabilities', (node) => {
    const [logits, probs, a] = tf.tidy(() => [model.execute(x, G.logits), model.execute(x), model.execute(x, node)] as tf.Tensor[]);
    withSplit(node, (split) => {
      expect(split.layerName).toBe(node);
      expect(split.activations.shape).toEqual(a!.shape);
      expect(maxAbsDiff(split.activations.dataSync(), a!.dataSync())).toBe(0);
      const [h, f, nd] = tf.tidy(() => [split.head(split.activations), split.forward(x), split.head(split.activations, undefined, { differentiable: false })]);
      expect(h!.shape).toEqual([2, 5]);
      expect(maxAbsDiff(h!.dataSync(), logits!.dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(nd!.dataSync(), logits!.dataSync())).toBeLessThan(1e-5);
      expect(maxAbsDiff(f!.dataSync(), logits!.dataSync())).toBeLessThan(1e-6);
      tf.dispose([h!, f!, nd!]);
    });
    withSplit(
      node,
      (split) => {
        const h = split.head(split.activations);
        expect(maxAbsDiff(h.dataSync(), probs!.dataSync())).toBeLessThan(1e-6);
        h.dispose();
      },
      false,
    );
    tf.dispose([logits!, probs!, a!]);
  });

  it.each(CANDIDATES)('at %s: gradients through the head equal tfjs autodiff of the converter\'s own execution (cpu)', async (node) => {
    const ref = await graphReferenceGradients(model, x, G.input, node, G.logits, MIX);
    const g = withSplit(node, (split) => tf.grad((a: tf.Tensor) => tf.sum(tf.mul(split.head(a as tf.Tensor4D), tf.tensor2d(MIX))))(split.activations));
    expect(g.shape).toEqual(ref.shape);
    expect(maxAbs(ref.gradients)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(g.dataSync(), ref.gradients)).toBeLessThan(1e-5 * maxAbs(ref.gradients));
    g.dispose();
  });

  it.each([G.c2, G.d1, G.pool])('at %s: rows of the head stand for input samples, across the skip that joins after the node', (node) => {
    withSplit(node, (split) => {
      const [full, some] = tf.tidy(() => {
        const rows = tf.tensor1d([1, 0, 1], 'int32');
        return [tf.gather(split.head(split.activations), rows), split.head(tf.gather(split.activations, rows) as tf.Tensor4D, rows)];
      });
      expect(some!.shape).toEqual([3, 5]);
      expect(maxAbsDiff(some!.dataSync(), full!.dataSync())).toBeLessThan(1e-5);
      // Sample 1's activations with sample 0's skip branch differ from sample 1's own output.
      const mixed = tf.tidy(() => split.head(tf.gather(split.activations, [1]) as tf.Tensor4D, tf.tensor1d([0], 'int32')));
      if (node !== G.pool) expect(maxAbsDiff(mixed.dataSync(), full!.dataSync().slice(0, 5))).toBeGreaterThan(1e-3);
      tf.dispose([full!, some!, mixed]);
    });
  });

  it('checks the activations and rows the head receives', () => {
    const [wrongK, wrongN] = [tf.zeros([2, 8, 8, 3]) as tf.Tensor4D, tf.zeros([3, 8, 8, 16]) as tf.Tensor4D];
    withSplit(G.c3, (split) => {
      expectCamErrorNoLeak(() => split.head(wrongK), 'INVALID_INPUT', /must have shape \[N,8,8,16\], received \[2,8,8,3\]/);
      expectCamErrorNoLeak(() => split.head(wrongN), 'INVALID_INPUT', /3 rows of activations for 2 samples; pass rows/);
    });
    tf.dispose([wrongK, wrongN]);
  });

  it('frees everything when the body throws', () => {
    const sm = graphSplitModel(model, FN);
    const before = tf.memory().numTensors;
    expect(() =>
      sm.withSplit(x, G.c2, { logits: true, fn: FN }, (split) =>
        tf.tidy(() => {
          split.head(split.activations);
          throw new Error('body failed');
        }),
      ),
    ).toThrow('body failed');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('graphSplitModel: public API', () => {
  it('gradCam on a GraphModel matches the autodiff reference at the automatic node and at a node inside the skip', async () => {
    for (const [layerName, classes] of [
      [undefined, null],
      ['conv2/Relu', [3, 1]],
    ] as const) {
      const argMax = tf.tidy(() => tf.argMax(model.execute(x) as tf.Tensor, 1));
      const expectedClasses = classes ? [...classes] : Array.from(argMax.dataSync());
      argMax.dispose();
      const before = tf.memory().numTensors;
      const result = gradCam(model, x, { ...(layerName ? { layerName } : {}), ...(classes ? { classIndex: [...classes] } : {}) });
      const node = result.layerName;
      expect(node).toBe(layerName ? G.c2 : G.d2);
      const ref = await graphReferenceGradCam(model, x, G.input, node, G.logits, expectedClasses, 5);
      expect(Array.from(result.classIndex.dataSync())).toEqual(expectedClasses);
      expect(maxAbsDiff(result.score.dataSync(), ref.scores)).toBeLessThan(1e-4);
      expect(maxAbsDiff(result.raw.dataSync(), ref.raw)).toBeLessThanOrEqual(1e-4 * maxAbs(ref.raw) + 1e-7);
      expect(maxAbsDiff(result.heatmap.dataSync(), ref.heatmap)).toBeLessThan(5e-4);
      expect(result.heatmap.shape).toEqual([2, 16, 16]);
      result.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it.each([...camMethodNames])('cam(%s) on the GraphModel equals cam on the same network built with tfjs-layers, at a node inside the skip and at the automatic node', (method) => {
    const before = tf.memory().numTensors;
    for (const [node, layer] of [
      [G.c2, 'c2'],
      [undefined, 'd2'],
    ] as const) {
      const g = cam(model, x, { method, ...(node ? { layerName: node } : {}), batchSize: 5 });
      const l = cam(twin, x, { method, layerName: layer, batchSize: 5 });
      expect(Array.from(g.classIndex.dataSync())).toEqual(Array.from(l.classIndex.dataSync()));
      expect(maxAbsDiff(g.score.dataSync(), l.score.dataSync())).toBeLessThan(1e-4 * Math.max(1, maxAbs(l.score.dataSync())));
      expect(maxAbsDiff(g.raw.dataSync(), l.raw.dataSync())).toBeLessThanOrEqual(2e-4 * maxAbs(l.raw.dataSync()) + 1e-6);
      expect(maxAbsDiff(g.heatmap.dataSync(), l.heatmap.dataSync())).toBeLessThan(2e-3);
      g.dispose();
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a CamCache keeps the derived filters between calls; results are unchanged; dispose frees them', () => {
    const before = tf.memory().numTensors;
    const plain = gradCam(model, x, { layerName: G.c2 });
    const perResult = tf.memory().numTensors - before;
    const cache = new CamCache();
    const first = gradCam(model, x, { layerName: G.c2, cache });
    const afterFirst = tf.memory().numTensors;
    expect(afterFirst - before).toBeGreaterThan(2 * perResult); // the cache holds derived filters
    const second = gradCam(model, x, { layerName: G.c2, cache });
    expect(tf.memory().numTensors - afterFirst).toBe(perResult); // reused, none derived again
    for (const r of [first, second]) expect(maxAbsDiff(r.raw.dataSync(), plain.raw.dataSync())).toBeLessThan(1e-5 * maxAbs(plain.raw.dataSync()));
    [plain, first, second].forEach((r) => r.dispose());
    cache.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an unknown layerName through gradCam lists the graph\'s nodes, without a leak', () => {
    expectCamErrorNoLeak(() => gradCam(model, x, { layerName: 'conv9' }), 'LAYER_NOT_FOUND', /^gradCam\(\): layerName "conv9" is not a node of the GraphModel; nodes with a 4-D output: .*block2\/depthwise\/Relu6/);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('graphSplitModel: recognising and refusing models', () => {
  it('isGraphModel: true for a GraphModel, loaded or not; false for a LayersModel, a custom model and other values', () => {
    expect(isGraphModel(model)).toBe(true);
    expect(isGraphModel(new GraphModel(tf.io.fromMemory(tinyGraphArtifacts())))).toBe(true);
    const layers = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 1 })] });
    expect(isGraphModel(layers)).toBe(false);
    layers.dispose();
    expect(isGraphModel({ features: () => null, head: () => null })).toBe(false);
    expect(isGraphModel(null)).toBe(false);
    expect(isGraphModel('model')).toBe(false);
  });

  it('INVALID_MODEL before load(), UNSUPPORTED_MODEL for two outputs, DISPOSED after dispose()', async () => {
    const unloaded = new GraphModel(tf.io.fromMemory(tinyGraphArtifacts()));
    expectCamErrorNoLeak(() => gradCam(unloaded, x), 'INVALID_MODEL', /^gradCam\(\): the GraphModel is not loaded .*await model\.load\(\)/);
    const twoOutputs = await tinyGraphModel(11, false);
    expectCamErrorNoLeak(() => gradCam(twoOutputs, x), 'UNSUPPORTED_MODEL', /has 1 inputs \(input\) and 2 outputs \(Identity, unused\/Relu\); .*CustomModel/);
    twoOutputs.dispose();
    const disposed = await tinyGraphModel();
    disposed.dispose();
    expectCamErrorNoLeak(() => gradCam(disposed, x), 'DISPOSED', /^gradCam\(\): the GraphModel has been disposed/);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('listCandidateLayers on GraphModels and CustomModels', () => {
  it('lists the nodes with their ops and shapes; a custom model lists its one feature map', async () => {
    const { listCandidateLayers } = await import('../../src/index.js');
    const nodes = listCandidateLayers(model);
    expect(nodes.map((n) => n.path)).toEqual(CANDIDATES);
    expect(nodes.at(-2)).toEqual({ path: G.d2, className: 'FusedDepthwiseConv2dNative', outputShape: [null, 4, 4, 16], isDefault: true }); // the last node only repeats it
    expect(nodes.filter((n) => n.isDefault)).toHaveLength(1);
    expect(listCandidateLayers({ features: (v: tf.Tensor4D) => v, head: (a: tf.Tensor4D) => tf.mean(a, [1, 2]), name: 'feats' })).toEqual([
      { path: 'feats', className: 'CustomModel', outputShape: [null, null, null, null], isDefault: true },
    ]);
  });
});
