import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { preprocessImage } from '../../src/ops/preprocessImage.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

/** A 2x2 RGB image with distinct bytes, int32 like readImage's output. */
const BYTES = [0, 51, 102, 153, 204, 255, 10, 20, 30, 255, 128, 0];
const image = () => tf.tensor3d(BYTES, [2, 2, 3], 'int32');

async function values(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

describe('preprocessImage', () => {
  it("'unit' (the default): x / 255, float32 [1, H, W, 3], input kept", async () => {
    const img = image();
    const x = preprocessImage(img);
    expect([x.shape, x.dtype]).toEqual([[1, 2, 2, 3], 'float32']);
    const got = await values(x);
    BYTES.forEach((b, i) => expect(got[i]).toBeCloseTo(b / 255, 6));
    expect(img.isDisposed).toBe(false);
    tf.dispose([img, x]);
  });

  it("'symmetric': x / 127.5 − 1, so 0 → −1 and 255 → 1", async () => {
    const img = image();
    const x = preprocessImage(img, { mode: 'symmetric' });
    const got = await values(x);
    BYTES.forEach((b, i) => expect(got[i]).toBeCloseTo(b / 127.5 - 1, 6));
    expect([got[0], got[5]]).toEqual([-1, 1]);
    tf.dispose([img, x]);
  });

  it("'imagenet': (x / 255 − mean) / std per channel, torchvision's constants", async () => {
    const img = image();
    const x = preprocessImage(img, { mode: 'imagenet' });
    const got = await values(x);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    BYTES.forEach((b, i) => expect(got[i]).toBeCloseTo((b / 255 - mean[i % 3]!) / std[i % 3]!, 5));
    tf.dispose([img, x]);
  });

  it("'caffe': RGB → BGR, minus Keras' BGR means", async () => {
    const img = image();
    const x = preprocessImage(img, { mode: 'caffe' });
    const got = await values(x);
    const mean = [103.939, 116.779, 123.68];
    for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) expect(got[p * 3 + c]).toBeCloseTo(BYTES[p * 3 + (2 - c)]! - mean[c]!, 4);
    tf.dispose([img, x]);
  });

  it("'none': the bytes as float32", async () => {
    const img = image();
    const x = preprocessImage(img, { mode: 'none' });
    expect(x.dtype).toBe('float32');
    expect(await values(x)).toEqual(BYTES);
    tf.dispose([img, x]);
  });

  it('a function receives float32 [B, H, W, C] in 0..255 after the resize; its intermediates are freed', async () => {
    const img = image();
    let seen: number[] = [];
    const before = tf.memory().numTensors;
    const x = preprocessImage(img, {
      size: [2, 4],
      mode: (t) => {
        seen = [...t.shape, t.dtype === 'float32' ? 1 : 0];
        return tf.sub(tf.mul(t, 2), 1);
      },
    });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(seen).toEqual([1, 2, 4, 3, 1]);
    expect(x.shape).toEqual([1, 2, 4, 3]);
    // Column 0 of the resized image is column 0 of the original (clamped half-pixel source -0.25).
    expect((await values(x)).slice(0, 3)).toEqual([-1, 101, 203]);
    tf.dispose([img, x]);
  });

  it('resizes bilinearly with half-pixel centres (OpenCV INTER_LINEAR): [0, 100] → [0, 25, 75, 100]', async () => {
    const img = tf.tensor3d([0, 0, 0, 100, 100, 100], [1, 2, 3], 'int32');
    const x = preprocessImage(img, { size: [1, 4], mode: 'none' });
    expect(await values(x)).toEqual([0, 0, 0, 25, 25, 25, 75, 75, 75, 100, 100, 100]);
    tf.dispose([img, x]);
  });

  it('keeps a batch [B, H, W, 3] and a grey [H, W, 1] image', async () => {
    const batch = tf.stack([image(), image()]) as tf.Tensor4D;
    const x = preprocessImage(batch, { mode: 'unit', size: [3, 3] });
    expect(x.shape).toEqual([2, 3, 3, 3]);
    const grey = tf.tensor3d([0, 255], [1, 2, 1], 'int32');
    const g = preprocessImage(grey, { mode: 'symmetric' });
    expect(await values(g)).toEqual([-1, 1]);
    tf.dispose([batch, x, grey, g]);
  });

  it('adds exactly one tensor in every mode', () => {
    const img = image();
    for (const mode of ['unit', 'symmetric', 'imagenet', 'caffe', 'none'] as const) {
      expectNoLeak(() => preprocessImage(img, { mode, size: [3, 5] }));
      expectNoLeak(() => preprocessImage(img, { mode }));
    }
    img.dispose();
  });

  it('refuses bad input and options with CamError, leaving no tensor behind', () => {
    const img = image();
    expectCamErrorNoLeak(() => preprocessImage(img, { mode: 'torch' as 'unit' }), 'INVALID_OPTION', /options\.mode must be one of 'unit', 'symmetric', 'imagenet', 'caffe', 'none' or a function.*received the string "torch"/);
    expectCamErrorNoLeak(() => preprocessImage(img, { size: [224, 0] }), 'INVALID_OPTION', /options\.size must be \[height, width\] with two positive integers.*received \[224, 0\]/);
    expectCamErrorNoLeak(() => preprocessImage(img, { mode: () => 3 as unknown as tf.Tensor }), 'INVALID_OPTION', /function must return a 4-D tensor.*returned a number \(3\)/);
    expectCamErrorNoLeak(() => preprocessImage(img, { mode: (t) => tf.mean(t) }), 'INVALID_OPTION', /returned a float32 tensor of shape \[\]/);
    const rgba = tf.zeros([2, 2, 4]) as tf.Tensor3D;
    expectCamErrorNoLeak(() => preprocessImage(rgba), 'INVALID_INPUT', /4 channel\(s\).*Drop the alpha channel/);
    const grey = tf.zeros([2, 2, 1]) as tf.Tensor3D;
    expectCamErrorNoLeak(() => preprocessImage(grey, { mode: 'imagenet' }), 'INVALID_INPUT', /allowed: 3 \(RGB\) for mode 'imagenet'/);
    const flat = tf.zeros([4, 3]);
    expectCamErrorNoLeak(() => preprocessImage(flat as tf.Tensor3D), 'INVALID_INPUT', /must be a numeric tensor \[H, W, C\] or \[B, H, W, C\].*shape \[4, 3\]/);
    expectCamErrorNoLeak(() => preprocessImage(img, null as unknown as object), 'INVALID_OPTION', /options must be an object/);
    tf.dispose([img, rgba, grey, flat]);
  });
});
