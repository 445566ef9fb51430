import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLayersModel } from '../../src/node/saveLayersModel.js';
import { expectRejectsNoLeak, literal, makeTempDir, removeTempDir } from './nodeTestHelpers.js';

let root: string;
beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(root);
});

describe('saveLayersModel', () => {
  it('writes model.json (one manifest group: weights.bin) and weights.bin holding the weights in order', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, name: 'd' })] });
    const values = [tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), tf.tensor1d([-1, 0.5])];
    model.setWeights(values);
    tf.dispose(values);
    const before = tf.memory().numTensors;
    const dir = join(root, 'nested', 'folder');
    await saveLayersModel(model, dir);
    expect(tf.memory().numTensors).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
    expect(json.format).toBe('layers-model');
    expect((json.modelTopology as { class_name: string }).class_name).toBe('Sequential');
    expect(json.weightsManifest).toEqual([
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
          { name: 'd/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ]);
    const bin = await readFile(join(dir, 'weights.bin'));
    expect(Array.from(new Float32Array(bin.buffer, bin.byteOffset, bin.length / 4))).toEqual([1, 2, 3, 4, 5, 6, -1, 0.5]);
    expect(model.getWeights().length).toBe(2); // the model still works after saving
    model.dispose();
  });

  it('overwrites an earlier save in the same folder', async () => {
    const dir = join(root, 'again');
    const a = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
    const b = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 1 })] });
    await saveLayersModel(a, dir);
    await saveLayersModel(b, dir);
    expect((await stat(join(dir, 'weights.bin'))).size).toBe(4 * (2 * 1 + 1));
    a.dispose();
    b.dispose();
  });

  it('INVALID_MODEL for what is not a LayersModel, INVALID_INPUT for a bad folder path', async () => {
    await expectRejectsNoLeak(() => saveLayersModel({} as tfl.LayersModel, join(root, 'x')), 'INVALID_MODEL', /^saveLayersModel\(\): model must be a tfjs-layers LayersModel.*received object/);
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [1], units: 1 })] });
    await expectRejectsNoLeak(() => saveLayersModel(model, ''), 'INVALID_INPUT', /dirPath must be a non-empty string/);
    model.dispose();
  });

  it('FILE_UNWRITABLE when the folder path is an existing file', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [1], units: 1 })] });
    await expectRejectsNoLeak(() => saveLayersModel(model, file), 'FILE_UNWRITABLE', literal(`could not write the model into ${JSON.stringify(file)}`));
    model.dispose();
  });
});
