import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '../../src/index.js';
import { loadGraphModel } from '../../src/node/loadGraphModel.js';
import { saveLayersModel } from '../../src/node/saveLayersModel.js';
import { tinyGraphArtifacts, tinyGraphModel } from '../fixtures/graphModels.js';
import { randomInput, sequentialNet } from '../fixtures/models.js';
import { humanModelsDir } from '../fixtures/realModels.js';
import { expectRejectsNoLeak, literal, makeTempDir, removeTempDir } from './nodeTestHelpers.js';

let root: string;
let counter = 0;
let x: tf.Tensor4D;
let expected: number[];

/** The tiny graph written as tensorflowjs_converter writes it: model.json and one weights.bin. */
async function writeTinyGraph(): Promise<{ dir: string; json: Record<string, unknown> & { weightsManifest: Array<{ paths: string[]; weights: unknown[] }> } }> {
  const dir = join(root, `case-${counter++}`, 'model');
  await mkdir(dir, { recursive: true });
  const a = tinyGraphArtifacts();
  const json = { format: 'graph-model', modelTopology: a.modelTopology, signature: a.signature, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs! }] };
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
  await writeFile(join(dir, 'model.json'), JSON.stringify(json));
  return { dir, json };
}

beforeAll(async () => {
  root = await makeTempDir();
  x = randomInput([2, 16, 16, 3], 8) as tf.Tensor4D;
  const m = await tinyGraphModel();
  const y = m.execute(x) as tf.Tensor;
  expected = Array.from(y.dataSync());
  y.dispose();
  m.dispose();
});

afterAll(async () => {
  x.dispose();
  await removeTempDir(root);
});

describe('loadGraphModel: loading', () => {
  it('loads a graph model folder; predictions equal the in-memory model\'s; gradCam explains it; dispose frees every tensor', async () => {
    const { dir } = await writeTinyGraph();
    const before = tf.memory().numTensors;
    const model = await loadGraphModel(join(dir, 'model.json'));
    const y = model.predict(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual(expected);
    y.dispose();
    const r = gradCam(model, x);
    expect(r.layerName).toBe('block2/depthwise/Relu6');
    r.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads a real converted model shipped in an npm package (@vladmandic/human emotion, quantization-free, 1 shard)', async () => {
    const before = tf.memory().numTensors;
    const model = await loadGraphModel(join(humanModelsDir(), 'emotion.json'));
    expect(model.inputs[0]!.shape).toEqual([-1, 64, 64, 1]);
    const y = tf.tidy(() => model.predict(tf.zeros([1, 64, 64, 1])) as tf.Tensor);
    expect(y.shape).toEqual([1, 7]);
    expect(Math.abs((y.dataSync() as Float32Array).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
    y.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('loadGraphModel: hostile or wrong files (CamError, nothing read outside, no tensor left)', () => {
  it('UNSAFE_PATH for ../weights.bin, an absolute path and a symlink leading outside', async () => {
    const { dir, json } = await writeTinyGraph();
    await rename(join(dir, 'weights.bin'), join(dir, '..', 'weights.bin'));
    json.weightsManifest[0]!.paths = ['../weights.bin'];
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await expectRejectsNoLeak(() => loadGraphModel(join(dir, 'model.json')), 'UNSAFE_PATH', /^loadGraphModel\(\): weightsManifest path "\.\.\/weights\.bin" resolves to .* outside the model folder/);
    json.weightsManifest[0]!.paths = [join(dir, '..', 'weights.bin')];
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await expectRejectsNoLeak(() => loadGraphModel(join(dir, 'model.json')), 'UNSAFE_PATH', /is absolute/);
    await symlink(join(dir, '..', 'weights.bin'), join(dir, 'weights.bin'));
    json.weightsManifest[0]!.paths = ['weights.bin'];
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    await expectRejectsNoLeak(() => loadGraphModel(join(dir, 'model.json')), 'UNSAFE_PATH', /"weights\.bin" is a symbolic link to ".*weights\.bin", outside the model folder/, literal(JSON.stringify(dir)));
  });

  it('INVALID_MODEL_FILE for weight files of the wrong size, a layers model.json, and a graph tfjs-converter cannot build', async () => {
    const { dir, json } = await writeTinyGraph();
    await writeFile(join(dir, 'weights.bin'), new Uint8Array(100));
    await expectRejectsNoLeak(() => loadGraphModel(join(dir, 'model.json')), 'INVALID_MODEL_FILE', /declares weights needing \d+ bytes, but its files \[weights\.bin\] hold 100 bytes/);
    const layersDir = join(root, 'layers');
    const net = sequentialNet();
    await saveLayersModel(net.model, layersDir);
    net.model.dispose();
    await expectRejectsNoLeak(() => loadGraphModel(join(layersDir, 'model.json')), 'INVALID_MODEL_FILE', /is a layers model \(format "layers-model", a Keras topology\); load it with loadLayersModel/);
    // tfjs-converter decodes the weights before it reads the topology: they must not leak.
    const broken = await writeTinyGraph();
    delete (broken.json.modelTopology as { versions?: unknown }).versions;
    await writeFile(join(broken.dir, 'model.json'), JSON.stringify(broken.json));
    await expectRejectsNoLeak(() => loadGraphModel(join(broken.dir, 'model.json')), 'INVALID_MODEL_FILE', /tfjs-converter could not build the graph in ".*model\.json": \S/);
    expect(json.format).toBe('graph-model');
  });

  it('an op tfjs-converter does not know loads, and explaining the model says which op failed', async () => {
    const { dir, json } = await writeTinyGraph();
    (json.modelTopology as { node: Array<{ name: string; op: string }> }).node.find((n) => n.name === 'block1/depthwise')!.op = 'NoSuchOp';
    await writeFile(join(dir, 'model.json'), JSON.stringify(json));
    const model = await loadGraphModel(join(dir, 'model.json'));
    await expectRejectsNoLeak(() => gradCam(model, x), 'UNSUPPORTED_MODEL', /^gradCam\(\): the GraphModel could not be run .*on a zeros input of shape \[1,16,16,3\] \(.*NoSuchOp/);
    model.dispose();
  });

  it('FILE_NOT_FOUND, FILE_UNREADABLE and INVALID_INPUT as loadLayersModel reports them', async () => {
    const { dir } = await writeTinyGraph();
    await expectRejectsNoLeak(() => loadGraphModel(join(dir, 'nope.json')), 'FILE_NOT_FOUND', /^loadGraphModel\(\): no file at /);
    await expectRejectsNoLeak(() => loadGraphModel(dir), 'FILE_UNREADABLE', /is a folder; pass the path of the model\.json inside it/);
    await expectRejectsNoLeak(() => loadGraphModel(42 as unknown as string), 'INVALID_INPUT', /modelJsonPath must be a non-empty string/);
  });

  it('UNSUPPORTED_MODEL, saying how to install it, when @tensorflow/tfjs-converter cannot be imported', async () => {
    // A child process whose module resolution refuses the converter, as if it were not installed.
    const dir = join(root, 'no-converter');
    await mkdir(dir);
    await writeFile(
      join(dir, 'hook.mjs'),
      `export async function resolve(specifier, context, next) {
  if (specifier === '@tensorflow/tfjs-converter') {
    const e = new Error('Cannot find package ' + specifier);
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}
`,
    );
    await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n`);
    const loader = pathToFileURL(fileURLToPath(new URL('../../src/node/loadGraphModel.ts', import.meta.url))).href;
    await writeFile(
      join(dir, 'child.mts'),
      `import { loadGraphModel } from ${JSON.stringify(loader)};
try { await loadGraphModel(${JSON.stringify(join(humanModelsDir(), 'emotion.json'))}); console.log('{"code":"loaded"}'); }
catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
`,
    );
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', join(dir, 'register.mjs'), '--import', 'tsx', join(dir, 'child.mts')], { cwd: repo });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { code: string; message: string };
    expect(out.code).toBe('UNSUPPORTED_MODEL');
    expect(out.message).toMatch(/^loadGraphModel\(\): graph models are run by the optional package @tensorflow\/tfjs-converter, and it is not installed\. Install .*npm install @tensorflow\/tfjs-converter/);
  });
});
