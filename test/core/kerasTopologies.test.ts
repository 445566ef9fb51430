/**
 * Hand-written Keras topologies (test/fixtures/keras): Keras 2 (`Model` / `Functional` classes,
 * `batch_input_shape`, nested-list inbound nodes, a Functional base in a Sequential) load in
 * tfjs-layers 4.22 as they are; Keras 3 (`batch_shape`, dtype policy objects, `module` /
 * `registered_name`, `{ args, kwargs }` inbound nodes, a nested Functional with a shared layer)
 * loads after normalizeKerasModelJson. Loaded models are explained as the probe reference does.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { describe, expect, it } from 'vitest';
import { gradCam } from '../../src/index.js';
import { normalizeKerasModelJson } from '../../src/core/normalizeKerasModelJson.js';
import { randomInput, randomizeWeights } from '../fixtures/models.js';
import { maxAbs, maxAbsDiff, onCpu, referenceGradCam } from '../helpers/reference.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';

type ModelJson = { modelTopology: object; format?: string };
const fixture = (name: string): ModelJson => JSON.parse(readFileSync(new URL(`../fixtures/keras/${name}.json`, import.meta.url), 'utf8')) as ModelJson;
const build = (json: ModelJson): Promise<tfl.LayersModel> => tfl.loadLayersModel({ load: async () => ({ modelTopology: json.modelTopology, format: json.format }) });

/**
 * The fixtures, how they load, and the layers to explain (last one first). A nested model named as
 * the target stands for the layer making its output, which is what the reference probes.
 */
const CASES: Array<[name: string, normalize: boolean, targets: Array<string | [string, string]>, inputShape: number[]]> = [
  ['keras2-functional', false, ['top_conv', 'block_add', 'block_dw_relu', 'stem_relu'], [16, 16, 3]],
  ['keras2-nested', false, ['head_conv', ['base', 'base/base_relu'], 'base/base_sep'], [16, 16, 3]],
  ['keras3-functional', true, ['top_conv', ['inner_block', 'inner_block/inner_add'], 'stem_relu'], [16, 16, 3]],
  ['keras3-sequential', true, ['conv2', 'pool', 'conv1'], [16, 16, 3]],
];

describe.each(CASES)('%s', (name, normalize, targets, inputShape) => {
  const runs = targets.flatMap((t) => [1, 2].map((b) => [typeof t === 'string' ? t : t[0], typeof t === 'string' ? t : t[1], b] as const));
  it.each(runs)('gradCam at %s (%s), batch %i, equals the probe reference', async (target, probed, batch) => {
    const model = await build(normalize ? normalizeKerasModelJson(fixture(name)) : fixture(name));
    randomizeWeights(model, 7);
    const x = randomInput([batch, ...inputShape], 30 + batch);
    const ref = await onCpu(() => referenceGradCam(model, x, probed, null));
    const before = tf.memory().numTensors;
    const r = gradCam(model, x, { layerName: target });
    expect(r.layerName).toBe(probed);
    expect(Array.from(r.classIndex.dataSync())).toEqual(ref.classes);
    expect(maxAbsDiff(r.score.dataSync(), ref.scores)).toBeLessThan(1e-4 * Math.max(1, maxAbs(ref.scores)));
    expect(maxAbsDiff(r.raw.dataSync(), ref.raw)).toBeLessThanOrEqual(1e-4 * maxAbs(ref.raw) + 1e-7);
    expect(maxAbsDiff(r.heatmap.dataSync(), ref.heatmap)).toBeLessThan(5e-4);
    r.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    model.dispose();
  });
});

describe('keras3-functional: the automatic layer and the shared layer', () => {
  it('picks top_conv; refuses the layer its nested block calls twice', async () => {
    const model = await build(normalizeKerasModelJson(fixture('keras3-functional')));
    const x = randomInput([1, 16, 16, 3], 3);
    const r = gradCam(model, x);
    expect(r.layerName).toBe('top_conv');
    r.dispose();
    expectCamErrorNoLeak(() => gradCam(model, x, { layerName: 'inner_block/shared_conv' }), 'LAYER_SHARED', /called more than once in one forward pass/);
    tf.dispose(x);
    model.dispose();
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('normalizeKerasModelJson', () => {
  it('tfjs-layers 4.22 refuses the raw Keras 3 files with the errors docs/keras-models.md quotes', async () => {
    await expect(build(fixture('keras3-functional'))).rejects.toThrow('An InputLayer should be passed either a `batchInputShape` or an `inputShape`.');
    await expect(build(fixture('keras3-sequential'))).rejects.toThrow('An InputLayer should be passed either a `batchInputShape` or an `inputShape`.');
  });

  it('leaves Keras 2 topologies as they are, and does not modify its argument', () => {
    for (const name of ['keras2-functional', 'keras2-nested']) expect(normalizeKerasModelJson(fixture(name))).toEqual(fixture(name));
    const raw = fixture('keras3-functional');
    const copy = structuredClone(raw);
    normalizeKerasModelJson(raw);
    expect(raw).toEqual(copy);
  });

  it('rewrites the Keras 3 parts: batch_shape, dtype policies, module keys, { args, kwargs } nodes, flat endpoints, nested-model node indices', () => {
    const out = normalizeKerasModelJson(fixture('keras3-functional')) as { modelTopology: { model_config: { config: Record<string, unknown> } } };
    const config = out.modelTopology.model_config.config as { layers: Array<Record<string, unknown>>; input_layers: unknown; output_layers: unknown };
    const text = JSON.stringify(out);
    for (const gone of ['"batch_shape"', '"module"', '"registered_name"', '"build_config"', '"DTypePolicy"', '"__keras_tensor__"', '"args"']) expect(text).not.toContain(gone);
    expect(config.input_layers).toEqual([['input_layer', 0, 0]]);
    expect(config.output_layers).toEqual([['predictions', 0, 0]]);
    const layer = (n: string) => config.layers.find((l) => l.name === n)!;
    expect((layer('input_layer').config as Record<string, unknown>).batch_input_shape).toEqual([null, 16, 16, 3]);
    expect((layer('stem').config as Record<string, unknown>).dtype).toBe('float32');
    // The nested block's first call is node 1 in tfjs-layers (node 0 is the model's own).
    expect(layer('top_conv').inbound_nodes).toEqual([[['inner_block', 1, 0, {}]]]);
    const inner = (layer('inner_block').config as { layers: Array<Record<string, unknown>> }).layers;
    expect(inner.find((l) => l.name === 'shared_conv')!.inbound_nodes).toEqual([[['inner_input', 0, 0, {}]], [['inner_relu', 0, 0, {}]]]);
    expect(inner.find((l) => l.name === 'inner_add')!.inbound_nodes).toEqual([[['inner_input', 0, 0, {}], ['shared_conv', 1, 0, {}]]]);
  });

  it('the normalized Keras 3 model computes what the same network built with tfjs-layers computes', async () => {
    const loaded = await build(normalizeKerasModelJson(fixture('keras3-functional')));
    randomizeWeights(loaded, 9);
    const input = tfl.input({ shape: [16, 16, 3] });
    let t = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'stem' }).apply(input) as tfl.SymbolicTensor;
    t = tfl.layers.batchNormalization({ name: 'stem_bn' }).apply(t) as tfl.SymbolicTensor;
    t = tfl.layers.activation({ activation: 'relu', name: 'stem_relu' }).apply(t) as tfl.SymbolicTensor;
    const shared = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'shared_conv' });
    const again = shared.apply(tfl.layers.reLU({ name: 'inner_relu' }).apply(shared.apply(t)) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    t = tfl.layers.add({ name: 'inner_add' }).apply([t, again]) as tfl.SymbolicTensor;
    t = tfl.layers.conv2d({ filters: 12, kernelSize: 3, padding: 'same', activation: 'relu', name: 'top_conv' }).apply(t) as tfl.SymbolicTensor;
    t = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(t) as tfl.SymbolicTensor;
    const built = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 4, activation: 'softmax', name: 'predictions' }).apply(t) as tfl.SymbolicTensor });
    const byName = new Map(loaded.weights.map((w) => [w.originalName.replace(/_\d+$/, ''), w.read()]));
    built.setWeights(built.weights.map((w) => byName.get(w.originalName.replace(/_\d+$/, ''))!));
    const x = randomInput([2, 16, 16, 3], 4);
    const [a, b] = tf.tidy(() => [loaded.predict(x) as tf.Tensor, built.predict(x) as tf.Tensor]);
    expect(maxAbsDiff(a!.dataSync(), b!.dataSync())).toBeLessThan(1e-6);
    tf.dispose([a!, b!, x]);
    loaded.dispose();
    built.dispose();
  });

  it('INVALID_MODEL_FILE for a non-object and for an inbound node in neither format', () => {
    expectCamErrorNoLeak(() => normalizeKerasModelJson(null as unknown as object), 'INVALID_MODEL_FILE', /^normalizeKerasModelJson\(\): expected the parsed model\.json \(an object\), received null/);
    const bad = fixture('keras3-sequential');
    (bad.modelTopology as { model_config: { config: { layers: Array<Record<string, unknown>> } } }).model_config.config.layers[1]!.inbound_nodes = [42];
    expectCamErrorNoLeak(() => normalizeKerasModelJson(bad), 'INVALID_MODEL_FILE', /inbound_nodes\[0\] of layer "conv1" is neither a Keras 2 list nor a Keras 3 \{ args, kwargs \} object/);
  });

  it('loadLayersModel reads a Keras 3 model.json from disk (normalized on the way)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfjs-gradcam-keras3-'));
    try {
      const reference = await build(normalizeKerasModelJson(fixture('keras3-sequential')));
      randomizeWeights(reference, 5);
      const weights = reference.weights.map((w) => ({ name: w.originalName.replace(/_\d+$/, ''), shape: w.shape as number[], dtype: 'float32' as const }));
      const data = new Float32Array(reference.weights.flatMap((w) => Array.from(w.read().dataSync())));
      await writeFile(join(dir, 'weights.bin'), new Uint8Array(data.buffer));
      await writeFile(join(dir, 'model.json'), JSON.stringify({ ...fixture('keras3-sequential'), weightsManifest: [{ paths: ['weights.bin'], weights }] }));
      const loaded = await loadLayersModel(join(dir, 'model.json'));
      const x = randomInput([2, 16, 16, 3], 6);
      const [a, b] = tf.tidy(() => [reference.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor]);
      expect(maxAbsDiff(a!.dataSync(), b!.dataSync())).toBe(0);
      tf.dispose([a!, b!, x]);
      reference.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
