import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { saveLayersModel } from '../../src/node/saveLayersModel.js';
import { expectRejectsNoLeak, literal, makeTempDir, removeTempDir } from './nodeTestHelpers.js';

let root: string;
let model: tfl.LayersModel;
let input: tf.Tensor4D;
let expected: number[];
let weightBytes: number;
let counter = 0;

/** Conv (stride 2) -> flatten -> dense, 4 weight tensors: 3·3·2·3 + 3 + 27·4 + 4 = 169 floats. */
function buildModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4 }),
    ],
  });
}

/** A fresh model folder holding the saved test model; returns it and its parsed model.json. */
async function savedCopy(): Promise<{ dir: string; json: tf.io.ModelJSON }> {
  const dir = join(root, `case-${counter++}`, 'model');
  await saveLayersModel(model, dir);
  return { dir, json: JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) };
}

async function writeJson(dir: string, json: unknown): Promise<string> {
  const path = join(dir, 'model.json');
  await writeFile(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

/** Loads, checks predictions equal the original model's, disposes, and checks no tensor is left. */
async function expectLoadsSameModel(path: string): Promise<void> {
  const before = tf.memory().numTensors;
  const loaded = await loadLayersModel(path);
  const out = loaded.predict(input) as tf.Tensor;
  expect(Array.from(await out.data())).toEqual(expected);
  out.dispose();
  loaded.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

beforeAll(async () => {
  root = await makeTempDir();
  model = buildModel();
  input = tf.tidy(() => tf.div(tf.reshape(tf.range(0, 72), [1, 6, 6, 2]), 10)) as tf.Tensor4D;
  const out = model.predict(input) as tf.Tensor;
  expected = Array.from(await out.data());
  out.dispose();
  weightBytes = 4 * (3 * 3 * 2 * 3 + 3 + 3 * 3 * 3 * 4 + 4);
});

afterAll(async () => {
  model.dispose();
  input.dispose();
  await removeTempDir(root);
});

describe('loadLayersModel: round trip', () => {
  it('loads what saveLayersModel wrote; predictions are identical; dispose frees every tensor', async () => {
    const { dir } = await savedCopy();
    await expectLoadsSameModel(join(dir, 'model.json'));
  });

  it('concatenates shards of a group in manifest order', async () => {
    const { dir, json } = await savedCopy();
    const all = await readFile(join(dir, 'weights.bin'));
    const cuts = [0, 5, 22, 500, all.length];
    const names = cuts.slice(1).map((_, k) => `group1-shard${k + 1}of${cuts.length - 1}.bin`);
    for (let k = 0; k < names.length; k++) await writeFile(join(dir, names[k]!), all.subarray(cuts[k], cuts[k + 1]));
    json.weightsManifest[0]!.paths = names;
    await expectLoadsSameModel(await writeJson(dir, json));
  });

  it('reads several manifest groups in order', async () => {
    const { dir, json } = await savedCopy();
    const all = await readFile(join(dir, 'weights.bin'));
    const specs = json.weightsManifest[0]!.weights;
    const firstBytes = 4 * (3 * 3 * 2 * 3 + 3); // the conv kernel and bias
    await writeFile(join(dir, 'a.bin'), all.subarray(0, firstBytes));
    await writeFile(join(dir, 'b.bin'), all.subarray(firstBytes));
    json.weightsManifest = [
      { paths: ['a.bin'], weights: specs.slice(0, 2) },
      { paths: ['b.bin'], weights: specs.slice(2) },
    ];
    await expectLoadsSameModel(await writeJson(dir, json));
  });

  it('accepts paths that stay inside: sub/../x, a subfolder, a symlink to a file inside', async () => {
    const { dir, json } = await savedCopy();
    json.weightsManifest[0]!.paths = ['nowhere/../../model/./weights.bin']; // out and straight back in
    await expectLoadsSameModel(await writeJson(dir, json));
    await mkdir(join(dir, 'shards'));
    await rename(join(dir, 'weights.bin'), join(dir, 'shards', 'w.bin'));
    json.weightsManifest[0]!.paths = ['shards/../shards/w.bin'];
    await expectLoadsSameModel(await writeJson(dir, json));
    await symlink(join(dir, 'shards', 'w.bin'), join(dir, 'link.bin'));
    json.weightsManifest[0]!.paths = ['link.bin'];
    await expectLoadsSameModel(await writeJson(dir, json));
  });

  it('loads through a symlinked model folder', async () => {
    const { dir } = await savedCopy();
    const alias = join(dir, '..', 'alias');
    await symlink(dir, alias);
    await expectLoadsSameModel(join(alias, 'model.json'));
  });

  it('counts quantized weights at their stored size (uint8 = 1, uint16 = 2 bytes) and dequantizes them', async () => {
    const dense = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2 })] });
    const dir = join(root, 'quantized');
    await saveLayersModel(dense, dir);
    dense.dispose();
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    const [kernel, bias] = json.weightsManifest[0]!.weights;
    kernel!.quantization = { dtype: 'uint8', scale: 0.5, min: -1 };
    bias!.quantization = { dtype: 'uint16', scale: 0.25, min: 0 };
    const bytes = new Uint8Array(6 + 4);
    bytes.set([0, 1, 2, 3, 4, 5]); // kernel: -1 + 0.5 q
    new DataView(bytes.buffer).setUint16(6, 4, true); // bias: 0.25 q
    new DataView(bytes.buffer).setUint16(8, 8, true);
    await writeFile(join(dir, 'weights.bin'), bytes);
    const loaded = await loadLayersModel(await writeJson(dir, json));
    const [k, b] = loaded.getWeights();
    expect(Array.from(k!.dataSync())).toEqual([-1, -0.5, 0, 0.5, 1, 1.5]);
    expect(Array.from(b!.dataSync())).toEqual([1, 2]);
    loaded.dispose();
    // The same 10 bytes read as float32 weights would need 4·(6 + 2) = 32 bytes.
    delete kernel!.quantization;
    delete bias!.quantization;
    const unquantized = await writeJson(dir, json);
    await expectRejectsNoLeak(() => loadLayersModel(unquantized), 'INVALID_MODEL_FILE', /needing 32 bytes, but its files \[weights\.bin\] hold 10 bytes/);
  });
});

describe('loadLayersModel: hostile or broken model folders (CamError, nothing read outside, no tensor left)', () => {
  it('UNSAFE_PATH for ../weights.bin, even when that file exists and would fit', async () => {
    const { dir, json } = await savedCopy();
    await rename(join(dir, 'weights.bin'), join(dir, '..', 'weights.bin'));
    json.weightsManifest[0]!.paths = ['../weights.bin'];
    const path = await writeJson(dir, json);
    await expectRejectsNoLeak(
      () => loadLayersModel(path),
      'UNSAFE_PATH',
      /^loadLayersModel\(\): weightsManifest path "\.\.\/weights\.bin" resolves to .* outside the model folder/,
      literal(`must lie inside the model folder ${JSON.stringify(dir)}`),
    );
  });

  it('UNSAFE_PATH for a path that climbs out into a sibling folder (sub/../../other/x)', async () => {
    const { dir, json } = await savedCopy();
    await mkdir(join(dir, '..', 'other'));
    await rename(join(dir, 'weights.bin'), join(dir, '..', 'other', 'weights.bin'));
    json.weightsManifest[0]!.paths = ['sub/../../other/weights.bin'];
    const path = await writeJson(dir, json);
    await expectRejectsNoLeak(() => loadLayersModel(path), 'UNSAFE_PATH', /"sub\/\.\.\/\.\.\/other\/weights\.bin" resolves to ".*other\/weights\.bin", outside the model folder/);
  });

  it('UNSAFE_PATH for an absolute path, even one pointing at the model\'s own weights', async () => {
    const { dir, json } = await savedCopy();
    const absolute = join(dir, 'weights.bin');
    json.weightsManifest[0]!.paths = [absolute];
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, json)), 'UNSAFE_PATH', literal(`path ${JSON.stringify(absolute)} is absolute`), literal(JSON.stringify(dir)));
  });

  it('UNSAFE_PATH for a Windows-style absolute path', async () => {
    const { dir, json } = await savedCopy();
    json.weightsManifest[0]!.paths = ['C:\\models\\weights.bin'];
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, json)), 'UNSAFE_PATH', /is absolute/);
  });

  it('UNSAFE_PATH for a symlink inside the folder pointing outside it', async () => {
    const { dir } = await savedCopy();
    const outside = join(dir, '..', 'secret.bin');
    await rename(join(dir, 'weights.bin'), outside);
    await symlink(outside, join(dir, 'weights.bin'));
    await expectRejectsNoLeak(
      () => loadLayersModel(join(dir, 'model.json')),
      'UNSAFE_PATH',
      /"weights\.bin" is a symbolic link to ".*secret\.bin", outside the model folder/,
      literal(JSON.stringify(dir)),
    );
  });

  it('UNSAFE_PATH for a symlinked subfolder leading outside', async () => {
    const { dir, json } = await savedCopy();
    const elsewhere = join(dir, '..', 'elsewhere');
    await mkdir(elsewhere);
    await rename(join(dir, 'weights.bin'), join(elsewhere, 'weights.bin'));
    await symlink(elsewhere, join(dir, 'shards'));
    json.weightsManifest[0]!.paths = ['shards/weights.bin'];
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, json)), 'UNSAFE_PATH', /symbolic link to ".*elsewhere\/weights\.bin"/);
  });

  it('INVALID_MODEL_FILE when the manifest declares more bytes than the file holds (both numbers)', async () => {
    const { dir, json } = await savedCopy();
    json.weightsManifest[0]!.weights[3]!.shape = [40]; // the dense bias: 4 -> 40 floats
    const needed = weightBytes + 36 * 4;
    const path = await writeJson(dir, json);
    await expectRejectsNoLeak(
      () => loadLayersModel(path),
      'INVALID_MODEL_FILE',
      new RegExp(`weightsManifest\\[0\\] of ".*model\\.json" declares weights needing ${needed} bytes, but its files \\[weights\\.bin\\] hold ${weightBytes} bytes`),
    );
  });

  it('INVALID_MODEL_FILE for a truncated weight file', async () => {
    const { dir } = await savedCopy();
    const all = await readFile(join(dir, 'weights.bin'));
    await writeFile(join(dir, 'weights.bin'), all.subarray(0, all.length - 7));
    await expectRejectsNoLeak(() => loadLayersModel(join(dir, 'model.json')), 'INVALID_MODEL_FILE', new RegExp(`needing ${weightBytes} bytes.*hold ${weightBytes - 7} bytes`));
  });

  it('INVALID_MODEL_FILE for a model.json that is not JSON', async () => {
    const { dir } = await savedCopy();
    const path = await writeJson(dir, '<html>404 Not Found</html>');
    await expectRejectsNoLeak(() => loadLayersModel(path), 'INVALID_MODEL_FILE', /model\.json" is not valid JSON \(.+\); expected the model\.json written by tensorflowjs_converter/);
  });

  it('INVALID_MODEL_FILE without modelTopology, for a graph model, and for a malformed manifest', async () => {
    const { dir, json } = await savedCopy();
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, { weightsManifest: [] })), 'INVALID_MODEL_FILE', /has no "modelTopology" object/);
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, [1, 2])), 'INVALID_MODEL_FILE', /has no "modelTopology" object/);
    await expectRejectsNoLeak(
      async () => loadLayersModel(await writeJson(dir, { ...json, format: 'graph-model' })),
      'INVALID_MODEL_FILE',
      /is a graph model.*loadGraphModel from tfjs-gradcam\/node/,
    );
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, { ...json, weightsManifest: {} })), 'INVALID_MODEL_FILE', /"weightsManifest" that is not an array/);
    await expectRejectsNoLeak(
      async () => loadLayersModel(await writeJson(dir, { ...json, weightsManifest: [{ paths: 'weights.bin', weights: [] }] })),
      'INVALID_MODEL_FILE',
      /weightsManifest\[0\] of .* must be an object with "paths"/,
    );
    const badDtype = structuredClone(json);
    badDtype.weightsManifest[0]!.weights[0]!.dtype = 'string';
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, badDtype)), 'INVALID_MODEL_FILE', /has dtype "string"; supported: float32, int32, bool, complex64/);
  });

  it('INVALID_MODEL_FILE when tfjs-layers cannot build the topology', async () => {
    const { dir, json } = await savedCopy();
    const broken = { ...json, modelTopology: { class_name: 'NoSuchModel', config: {} } };
    await expectRejectsNoLeak(async () => loadLayersModel(await writeJson(dir, broken)), 'INVALID_MODEL_FILE', /tfjs-layers could not build the model in .*: \S/);
  });

  it('FILE_NOT_FOUND for a missing model.json or weight file', async () => {
    const { dir } = await savedCopy();
    const missing = join(dir, 'nope.json');
    await expectRejectsNoLeak(() => loadLayersModel(missing), 'FILE_NOT_FOUND', literal(`no file at ${JSON.stringify(missing)}`));
    await rename(join(dir, 'weights.bin'), join(dir, 'renamed.bin'));
    await expectRejectsNoLeak(
      () => loadLayersModel(join(dir, 'model.json')),
      'FILE_NOT_FOUND',
      /weight file "weights\.bin" listed in model\.json was not found in the model folder/,
      literal(JSON.stringify(dir)),
    );
  });

  it('FILE_UNREADABLE for a folder, INVALID_INPUT for a non-string path', async () => {
    const { dir } = await savedCopy();
    await expectRejectsNoLeak(() => loadLayersModel(dir), 'FILE_UNREADABLE', /is a folder; pass the path of the model\.json inside it/);
    await expectRejectsNoLeak(() => loadLayersModel(undefined as unknown as string), 'INVALID_INPUT', /modelJsonPath must be a non-empty string/);
  });
});
