import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlay } from '../../src/ops/overlay.js';
import { resizeMap } from '../../src/ops/resizeMap.js';
import { readImage } from '../../src/node/readImage.js';
import { saveOverlay } from '../../src/node/saveOverlay.js';
import { expectRejectsNoLeak, literal, makeTempDir, removeTempDir } from './nodeTestHelpers.js';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeTempDir(dir));

const image = () => tf.tensor3d(Array.from({ length: 6 * 8 * 3 }, (_, i) => (i * 29) % 256), [6, 8, 3], 'int32');
const heat = (b: number, h: number, w: number) => tf.tensor3d(Array.from({ length: b * h * w }, (_, i) => ((i * 17) % 50) / 49), [b, h, w]);

async function readBack(path: string): Promise<{ shape: number[]; values: number[] }> {
  const t = await readImage(path);
  const out = { shape: t.shape, values: Array.from(await t.data()) };
  t.dispose();
  return out;
}

describe('saveOverlay', () => {
  it("writes overlay()'s bytes as an RGB PNG, leaving no tensor behind", async () => {
    const img = image();
    const map = heat(1, 6, 8);
    const path = join(dir, 'a', 'overlay.png');
    const before = tf.memory().numTensors;
    await saveOverlay(path, img, map, { alpha: 0.4, colormap: 'turbo' });
    expect(tf.memory().numTensors).toBe(before);
    const want = overlay(img, map, { alpha: 0.4, colormap: 'turbo' });
    expect(await readBack(path)).toEqual({ shape: [6, 8, 3], values: Array.from(await want.data()) });
    tf.dispose([img, map, want]);
  });

  it('resizes a smaller map to the image (half-pixel bilinear) and picks sampleIndex of a batch', async () => {
    const img = image();
    const maps = heat(2, 3, 4);
    const path = join(dir, 'resized.png');
    await saveOverlay(path, img, maps, { sampleIndex: 1 });
    const want = tf.tidy(() => overlay(img, resizeMap(tf.slice(maps, [1, 0, 0], [1, -1, -1]), [6, 8])));
    expect((await readBack(path)).values).toEqual(Array.from(await want.data()));
    tf.dispose([img, maps, want]);
  });

  it('accepts a 2-D map and a batch-of-one image', async () => {
    const img = tf.expandDims(image(), 0) as tf.Tensor4D;
    const map = tf.squeeze(heat(1, 6, 8), [0]) as tf.Tensor2D;
    const path = join(dir, 'two-d.png');
    await saveOverlay(path, img, map);
    const want = overlay(img, map);
    expect((await readBack(path)).values).toEqual(Array.from(await want.data()));
    tf.dispose([img, map, want]);
  });

  it('refuses bad arguments, naming saveOverlay(), with no tensor left behind', async () => {
    const img = image();
    const map = heat(1, 6, 8);
    const path = join(dir, 'never.png');
    await expectRejectsNoLeak(() => saveOverlay(path, img, map, { alpha: 1.5 }), 'INVALID_OPTION', /^saveOverlay\(\): options\.alpha/);
    await expectRejectsNoLeak(() => saveOverlay(path, img, map, { colormap: 'jett' as 'jet' }), 'INVALID_COLORMAP', /^saveOverlay\(\): colormap "jett" is unknown/);
    await expectRejectsNoLeak(() => saveOverlay(path, img, map, { sampleIndex: 1 }), 'INVALID_OPTION', /sampleIndex must be an integer in \[0, 1\)/);
    await expectRejectsNoLeak(() => saveOverlay(path, map as unknown as tf.Tensor3D, map), 'INVALID_INPUT', /image must be RGB/);
    const rank4 = tf.zeros([1, 6, 8, 1]);
    await expectRejectsNoLeak(() => saveOverlay(path, img, rank4 as unknown as tf.Tensor3D), 'INVALID_INPUT', /^saveOverlay\(\): heatmap must be one map \[H, W\] or a batch \[B, H, W\].*shape \[1, 6, 8, 1\]/);
    rank4.dispose();
    await expectRejectsNoLeak(() => saveOverlay('', img, map), 'INVALID_INPUT', /^saveOverlay\(\): path must be a non-empty string/);
    // A file where a folder is needed.
    const blocked = join(dir, 'overlay.png-is-a-file');
    await saveOverlay(blocked, img, map);
    await expectRejectsNoLeak(() => saveOverlay(join(blocked, 'x.png'), img, map), 'FILE_UNWRITABLE', literal(`saveOverlay(): could not write ${JSON.stringify(join(blocked, 'x.png'))}`));
    tf.dispose([img, map]);
  });
});
