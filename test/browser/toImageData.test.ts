import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toImageData } from '../../src/browser/toImageData.js';
import { expectCamErrorNoLeak } from './browserTestHelpers.js';

// Pixel values, alpha, bool input and NaN are checked with the real ImageData in chromium.test.ts.
describe('toImageData in Node', () => {
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

  it('rejects wrong shapes with INVALID_INPUT, with a hint for batches and heatmaps, without a leak', async () => {
    const batch = tf.zeros([1, 2, 2, 3]);
    const heat = tf.zeros([1, 5, 5]) as tf.Tensor3D;
    const grey = tf.zeros([4, 4, 1]);
    const empty = tf.zeros([0, 4, 3]);
    // Shapes are checked before the runtime, so these hold in Node too.
    {
      {
        await expectCamErrorNoLeak(() => toImageData(batch as unknown as tf.Tensor3D), 'INVALID_INPUT', /^toImageData\(\): image has shape \[1, 2, 2, 3\]; allowed: an RGB \[H, W, 3\] or RGBA \[H, W, 4\]/, /tf\.squeeze\(rgb, \[0\]\)/);
        await expectCamErrorNoLeak(() => toImageData(heat), 'INVALID_INPUT', /image has shape \[1, 5, 5\]/, /applyColormap\(heatmap\)/);
        await expectCamErrorNoLeak(() => toImageData(grey as tf.Tensor3D), 'INVALID_INPUT', /image has shape \[4, 4, 1\]/);
        await expectCamErrorNoLeak(() => toImageData(empty as tf.Tensor3D), 'INVALID_INPUT', /height and width of at least 1/);
        await expectCamErrorNoLeak(() => toImageData([[[0, 0, 0]]] as unknown as tf.Tensor3D), 'INVALID_INPUT', /image must be a tf\.Tensor; received an array of length 1/);
      }
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

});
