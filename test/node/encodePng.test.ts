import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/node/decodeImage.js';
import { encodePng } from '../../src/node/encodePng.js';
import { expectRejectsNoLeak } from './nodeTestHelpers.js';

describe('encodePng', () => {
  it('returns PNG bytes that decode back to the same pixels, adding no tensor', async () => {
    const values = Array.from({ length: 5 * 7 * 3 }, (_, i) => (i * 37) % 256);
    const t = tf.tensor3d(values, [5, 7, 3], 'int32');
    const before = tf.memory().numTensors;
    const bytes = await encodePng(t);
    expect(tf.memory().numTensors).toBe(before);
    expect(t.isDisposed).toBe(false);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const back = decodeImage(bytes);
    expect(back.shape).toEqual([5, 7, 3]);
    expect(Array.from(back.dataSync())).toEqual(values);
    tf.dispose([t, back]);
  });

  it('encodes a float heatmap scaled to 0..255, e.g. tf.mul(map, 255)', async () => {
    const map = tf.tensor2d([0, 0.5, 1, 0.25], [2, 2]);
    const scaled = tf.mul(map, 255);
    const back = decodeImage(await encodePng(scaled));
    // 127.5 is a tie: rounds to the even 128; 63.75 rounds to 64.
    expect(Array.from(back.dataSync())).toEqual([0, 128, 255, 64].flatMap((v) => [v, v, v]));
    tf.dispose([map, scaled, back]);
  });

  it('encodes bool tensors as 0 and 1', async () => {
    const t = tf.tensor2d([true, false], [1, 2], 'bool');
    const back = decodeImage(await encodePng(t));
    expect(Array.from(back.dataSync())).toEqual([1, 1, 1, 0, 0, 0]);
    tf.dispose([t, back]);
  });

  it('rejects other shapes with INVALID_INPUT naming encodePng', async () => {
    const t = tf.zeros([3, 3, 2]);
    await expectRejectsNoLeak(() => encodePng(t), 'INVALID_INPUT', /^encodePng\(\): image has 2 channels/);
    t.dispose();
  });
});
