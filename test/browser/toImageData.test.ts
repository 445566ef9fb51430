import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toImageData } from '../../src/browser/toImageData.js';
import { applyColormap } from '../../src/colormaps/applyColormap.js';
import { expectCamErrorNoLeak, StandInImageData, withImageData } from './browserTestHelpers.js';

describe('toImageData', () => {
  it('runs in a runtime without ImageData only to throw WRONG_RUNTIME naming tfjs-gradcam/node, without a leak', async () => {
    expect(typeof (globalThis as { ImageData?: unknown }).ImageData).toBe('undefined');
    const rgb = tf.zeros([2, 2, 3], 'int32') as tf.Tensor3D;
    await expectCamErrorNoLeak(
      () => toImageData(rgb),
      'WRONG_RUNTIME',
      /^toImageData\(\): tfjs-gradcam\/browser needs the DOM's ImageData/,
      /import from 'tfjs-gradcam\/node'/,
    );
    expect(rgb.isDisposed).toBe(false);
    rgb.dispose();
  });

  it('packs RGB float values into RGBA bytes: rounds half to even, clamps, alpha 255; adds no tensor', async () => {
    // [H=2, W=3, 3], row-major.
    const values = [
      0.5, 1.5, 2.5, /**/ -3, 300, 254.6, /**/ 127.5, 128.5, 0.49,
      10, 20, 30, /**/ Infinity, -Infinity, 255, /**/ 1e9, -0.5, 99.5,
    ];
    const rgb = tf.tensor3d(values, [2, 3, 3]);
    await withImageData(() => {
      const before = tf.memory().numTensors;
      const img = toImageData(rgb);
      expect(tf.memory().numTensors).toBe(before);
      expect(img).toBeInstanceOf(StandInImageData);
      expect([img.width, img.height]).toEqual([3, 2]);
      expect(Array.from(img.data)).toEqual([
        0, 2, 2, 255, /**/ 0, 255, 255, 255, /**/ 128, 128, 0, 255,
        10, 20, 30, 255, /**/ 255, 0, 255, 255, /**/ 255, 0, 100, 255,
      ]);
    });
    expect(rgb.isDisposed).toBe(false);
    rgb.dispose();
  });

  it('keeps the alpha channel of an RGBA tensor', async () => {
    const rgba = tf.tensor3d([1, 2, 3, 0, 4, 5, 6, 128, 7, 8, 9, 255], [1, 3, 4], 'int32');
    await withImageData(() => {
      const img = toImageData(rgba);
      expect([img.width, img.height]).toEqual([3, 1]);
      expect(Array.from(img.data)).toEqual([1, 2, 3, 0, 4, 5, 6, 128, 7, 8, 9, 255]);
    });
    rgba.dispose();
  });

  it('takes bool tensors as 0 and 1', async () => {
    const t = tf.tensor3d([true, false, true], [1, 1, 3], 'bool');
    await withImageData(() => {
      expect(Array.from(toImageData(t).data)).toEqual([1, 0, 1, 255]);
    });
    t.dispose();
  });

  it('shows a jet-coloured map: OpenCV COLORMAP_JET ends, BGR (128,0,0) and (0,0,128), as RGB', async () => {
    const heat = tf.tensor2d([[0, 1]]);
    const rgb = applyColormap(heat, 'jet');
    await withImageData(() => {
      expect(Array.from(toImageData(rgb).data)).toEqual([0, 0, 128, 255, 128, 0, 0, 255]);
    });
    tf.dispose([heat, rgb]);
  });

  it('rejects wrong shapes with INVALID_INPUT, with a hint for batches and heatmaps, without a leak', async () => {
    const batch = tf.zeros([1, 2, 2, 3]);
    const heat = tf.zeros([1, 5, 5]) as tf.Tensor3D;
    const grey = tf.zeros([4, 4, 1]);
    const empty = tf.zeros([0, 4, 3]);
    // Shapes are checked before the runtime, so these hold with and without ImageData.
    for (const withDom of [false, true]) {
      const check = async () => {
        await expectCamErrorNoLeak(() => toImageData(batch as unknown as tf.Tensor3D), 'INVALID_INPUT', /^toImageData\(\): image has shape \[1, 2, 2, 3\]; allowed: an RGB \[H, W, 3\] or RGBA \[H, W, 4\]/, /tf\.squeeze\(rgb, \[0\]\)/);
        await expectCamErrorNoLeak(() => toImageData(heat), 'INVALID_INPUT', /image has shape \[1, 5, 5\]/, /applyColormap\(heatmap\)/);
        await expectCamErrorNoLeak(() => toImageData(grey as tf.Tensor3D), 'INVALID_INPUT', /image has shape \[4, 4, 1\]/);
        await expectCamErrorNoLeak(() => toImageData(empty as tf.Tensor3D), 'INVALID_INPUT', /height and width of at least 1/);
        await expectCamErrorNoLeak(() => toImageData([[[0, 0, 0]]] as unknown as tf.Tensor3D), 'INVALID_INPUT', /image must be a tf\.Tensor; received an array of length 1/);
      };
      if (withDom) await withImageData(check);
      else await check();
    }
    tf.dispose([batch, heat, grey, empty]);
  });

  it('rejects a disposed tensor and a string tensor with INVALID_INPUT', async () => {
    const gone = tf.zeros([1, 1, 3]) as tf.Tensor3D;
    gone.dispose();
    const text3 = tf.tensor(['a', 'b', 'c'], [1, 1, 3], 'string') as tf.Tensor3D;
    await expectCamErrorNoLeak(() => toImageData(gone), 'INVALID_INPUT', /^toImageData\(\): image is a disposed tensor/);
    await expectCamErrorNoLeak(() => toImageData(text3), 'INVALID_INPUT', /image has dtype string/);
    text3.dispose();
  });

  it('throws NON_FINITE_INPUT for NaN, naming the pixel, without a leak', async () => {
    const t = tf.tensor3d([0, 0, 0, 0, NaN, 0], [1, 2, 3]);
    await withImageData(() => expectCamErrorNoLeak(() => toImageData(t), 'NON_FINITE_INPUT', /^toImageData\(\): image holds NaN at pixel 1, channel 1/));
    t.dispose();
  });
});
