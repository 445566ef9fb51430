import * as tf from '@tensorflow/tfjs-core';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../../src/node/readImage.js';
import { writePng } from '../../src/node/writePng.js';
import { expectRejectsNoLeak, image, literal, makeTempDir, removeTempDir } from './nodeTestHelpers.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

/** IHDR fields straight from the file's bytes: width, height, bit depth, colour type. */
async function ihdr(path: string): Promise<[number, number, number, number]> {
  const b = await readFile(path);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.toString('latin1', 12, 16)).toBe('IHDR');
  return [b.readUInt32BE(16), b.readUInt32BE(20), b[24]!, b[25]!];
}

/** Writes `t`, checks the call added no tensor and kept `t` alive, returns what readImage reads back. */
async function roundTrip(name: string, t: tf.Tensor): Promise<number[]> {
  const path = join(dir, name);
  const before = tf.memory().numTensors;
  await writePng(path, t);
  expect(tf.memory().numTensors).toBe(before);
  expect(t.isDisposed).toBe(false);
  const back = await readImage(path);
  const values = Array.from(await back.data());
  back.dispose();
  return values;
}

describe('writePng', () => {
  it('round-trips an int32 RGB image read from a fixture exactly (8-bit RGB file)', async () => {
    const original = await readImage(image('rgb-8x6.png'));
    const back = await roundTrip('rgb.png', original);
    expect(back).toEqual(Array.from(await original.data()));
    expect(await ihdr(join(dir, 'rgb.png'))).toEqual([8, 6, 8, 2]);
    original.dispose();
  });

  it('round-trips the JPEG fixture decoded values exactly', async () => {
    const original = await readImage(image('baseline-16x12.jpg'));
    expect(await roundTrip('from-jpeg.png', original)).toEqual(Array.from(await original.data()));
    original.dispose();
  });

  it('writes [H, W] and [H, W, 1] as 8-bit greyscale; readImage replicates the channel', async () => {
    const values = [0, 1, 2, 127, 128, 200, 254, 255];
    const flat = tf.tensor2d(values, [2, 4], 'int32');
    const withChannel = tf.tensor3d(values, [2, 4, 1], 'int32');
    const want = values.flatMap((v) => [v, v, v]);
    expect(await roundTrip('grey2d.png', flat)).toEqual(want);
    expect(await ihdr(join(dir, 'grey2d.png'))).toEqual([4, 2, 8, 0]);
    expect(await roundTrip('grey3d.png', withChannel)).toEqual(want);
    expect(await ihdr(join(dir, 'grey3d.png'))).toEqual([4, 2, 8, 0]);
    tf.dispose([flat, withChannel]);
  });

  it('writes [H, W, 4] as RGBA keeping alpha in the file; readImage drops it', async () => {
    const rgba = [10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255];
    const t = tf.tensor3d(rgba, [1, 3, 4], 'int32');
    expect(await roundTrip('rgba.png', t)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(await ihdr(join(dir, 'rgba.png'))).toEqual([3, 1, 8, 6]);
    const decoded = PNG.sync.read(await readFile(join(dir, 'rgba.png')));
    expect(Array.from(decoded.data)).toEqual(rgba);
    t.dispose();
  });

  it('accepts a batch of one, [1, H, W, C]', async () => {
    const t = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3], 'int32');
    expect(await roundTrip('batch1.png', t)).toEqual([1, 2, 3, 4, 5, 6]);
    t.dispose();
  });

  it('rounds floats to the nearest integer (ties to even) and clamps to 0..255', async () => {
    const t = tf.tensor2d([-5, 0.4, 0.5, 1.5, 2.5, 127.49, 254.6, 300, -Infinity, Infinity], [1, 10]);
    expect(await roundTrip('rounding.png', t)).toEqual([0, 0, 0, 2, 2, 127, 255, 255, 0, 255].flatMap((v) => [v, v, v]));
    t.dispose();
  });

  it('does not rescale float images in 0..1 (pass 0..255)', async () => {
    const t = tf.tensor2d([0, 0.25, 0.6, 1], [2, 2]);
    expect(await roundTrip('unit.png', t)).toEqual([0, 0, 1, 1].flatMap((v) => [v, v, v]));
    t.dispose();
  });

  it('creates missing parent folders and replaces an existing file', async () => {
    const path = join(dir, 'a', 'b', 'c', 'out.png');
    const t = tf.tensor2d([9], [1, 1], 'int32');
    await writePng(path, t);
    const u = tf.tensor2d([200, 100], [1, 2], 'int32');
    await writePng(path, u);
    expect(await ihdr(path)).toEqual([2, 1, 8, 0]);
    tf.dispose([t, u]);
  });

  it('rejects other shapes with INVALID_INPUT, leaving the input alive and no tensor behind', async () => {
    const cases: Array<[tf.Tensor, RegExp]> = [
      [tf.zeros([2, 2, 2]), /image has 2 channels \(shape \[2, 2, 2\]\); allowed: \[H, W\], \[H, W, 1\], \[H, W, 3\], \[H, W, 4\]/],
      [tf.zeros([2, 2, 5]), /image has 5 channels/],
      [tf.zeros([1, 7, 9]), /image has 9 channels \(shape \[1, 7, 9\]\).*A \[B, H, W\] heatmap is not an image: pick one map/],
      [tf.zeros([2, 4, 4, 3]), /image has shape \[2, 4, 4, 3\].*a batch must hold one image/],
      [tf.zeros([6]), /image has shape \[6\]/],
      [tf.zeros([1, 1, 1, 1, 3]), /image has shape \[1, 1, 1, 1, 3\]/],
      [tf.zeros([0, 4, 3]), /a PNG needs a height and width of at least 1/],
    ];
    for (const [t, message] of cases) {
      await expectRejectsNoLeak(() => writePng(join(dir, 'bad.png'), t), 'INVALID_INPUT', /^writePng\(\): /, message);
      expect(t.isDisposed).toBe(false);
      t.dispose();
    }
    await expectRejectsNoLeak(() => writePng(join(dir, 'bad.png'), [[1]] as unknown as tf.Tensor), 'INVALID_INPUT', /image must be a tf\.Tensor/);
    const gone = tf.zeros([2, 2]);
    gone.dispose();
    await expectRejectsNoLeak(() => writePng(join(dir, 'bad.png'), gone), 'INVALID_INPUT', /disposed tensor/);
    const s = tf.tensor2d([['a']], [1, 1], 'string');
    await expectRejectsNoLeak(() => writePng(join(dir, 'bad.png'), s), 'INVALID_INPUT', /dtype string/);
    s.dispose();
    const ok = tf.zeros([1, 1]);
    await expectRejectsNoLeak(() => writePng('', ok), 'INVALID_INPUT', /path must be a non-empty string/);
    ok.dispose();
  });

  it('rejects NaN with NON_FINITE_INPUT', async () => {
    const t = tf.tensor2d([1, NaN], [1, 2]);
    await expectRejectsNoLeak(() => writePng(join(dir, 'nan.png'), t), 'NON_FINITE_INPUT', /NaN at flat index 1/);
    t.dispose();
  });

  it('FILE_UNWRITABLE when the parent path is a file', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'x');
    const t = tf.zeros([1, 1]);
    const target = join(blocker, 'out.png');
    await expectRejectsNoLeak(() => writePng(target, t), 'FILE_UNWRITABLE', literal(JSON.stringify(target)));
    t.dispose();
  });
});
