import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from '../../src/methods/gradCam.js';
import { overlay } from '../../src/ops/overlay.js';
import { preprocessImage } from '../../src/ops/preprocessImage.js';
import { renderPanel } from '../../src/panel/renderPanel.js';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { readImage } from '../../src/node/readImage.js';
import { savePanel } from '../../src/node/savePanel.js';
import { expectRejectsNoLeak, makeTempDir, removeTempDir } from './nodeTestHelpers.js';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const CLASSES = ['circle', 'square', 'triangle', 'star', 'cross', 'ring'];

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

describe('savePanel on the demo model', () => {
  it('writes image | heatmap | overlay above a caption strip; the PNG equals renderPanel and overlay()', async () => {
    const model = await loadLayersModel(join(EXAMPLES, 'model', 'model.json'));
    const image = await readImage(join(EXAMPLES, 'images', 'star-1.png'));
    const input = preprocessImage(image, { mode: 'unit' });
    const result = gradCam(model, input);
    const path = join(dir, 'star-panel.png');
    const before = tf.memory().numTensors;
    await savePanel(path, image, result, { labels: CLASSES, scale: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from((await readFile(path)).subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const written = await readImage(path);
    const [ph, pw] = written.shape;
    expect(pw).toBe(3 * 96 * 2); // three panels of the 96x96 image at scale 2
    const px = Array.from(await written.data());
    const expected = await renderPanel(image, result, { labels: CLASSES, scale: 2 });
    expect(expected.shape).toEqual(written.shape);
    expect(px).toEqual(Array.from(await expected.data()));

    // The overlay panel, shrunk back to scale 1 (every other pixel), is overlay()'s bytes.
    const blended = Array.from(await overlay(image, result.heatmap).data());
    let same = 0;
    for (let y = 0; y < 96; y++) for (let x = 0; x < 96; x++) for (let k = 0; k < 3; k++) same += px[(2 * y * pw + 2 * 2 * 96 + 2 * x) * 3 + k] === blended[(y * 96 + x) * 3 + k] ? 1 : 0;
    expect(same).toBe(96 * 96 * 3);

    // The caption strip below the 192-pixel panels: dark background with white glyph pixels, and
    // the star is the arg-max class, so its label is written.
    const strip = px.slice(192 * pw * 3);
    expect(ph).toBe(192 + 3 + 8 + 3); // one line of text at textScale round(192 / 150) = 1
    const dark = strip.filter((v) => v === 24).length;
    const light = strip.filter((v) => v === 255).length;
    expect(dark + light).toBe(strip.length);
    expect(light).toBeGreaterThan(300);
    expect(dark).toBeGreaterThan(light);
    expect((await result.classIndex.data())[0]).toBe(3);

    tf.dispose([image, input, written, expected]);
    result.dispose();
    model.dispose();
  });

  it('refuses a bad path before rendering, and bad options as renderPanel does, naming the function', async () => {
    const image = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    const result = { heatmap: tf.zeros([1, 4, 4]) as tf.Tensor3D, classIndex: tf.tensor1d([0], 'int32'), score: tf.tensor1d([1]), layerName: 'c', method: 'grad-cam' };
    await expectRejectsNoLeak(() => savePanel(7 as unknown as string, image, result), 'INVALID_INPUT', /^savePanel\(\): path must be a non-empty string.*received number/);
    await expectRejectsNoLeak(() => savePanel(join(dir, 'x.png'), image, result, { sampleIndex: 3 }), 'INVALID_OPTION', /sampleIndex 3 is out of range/);
    tf.dispose([image, result.heatmap, result.classIndex, result.score]);
  });
});
