import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { drawToCanvas } from '../../src/browser/drawToCanvas.js';
import { expectCamErrorNoLeak } from './browserTestHelpers.js';

const asCanvas = (c: unknown): HTMLCanvasElement => c as HTMLCanvasElement;

// Drawing, OffscreenCanvas, a canvas without a 2D context and NaN are checked in Chromium (chromium.test.ts).
describe('drawToCanvas in Node', () => {
  it('rejects with WRONG_RUNTIME naming tfjs-gradcam/node where there is no ImageData, without a leak', async () => {
    expect(typeof (globalThis as { ImageData?: unknown }).ImageData).toBe('undefined');
    const rgb = tf.zeros([2, 2, 3], 'int32') as tf.Tensor3D;
    const canvas = { width: 300, height: 150 };
    const pending = drawToCanvas(rgb, asCanvas(canvas));
    expect(pending).toBeInstanceOf(Promise);
    await expectCamErrorNoLeak(() => pending, 'WRONG_RUNTIME', /^drawToCanvas\(\): tfjs-gradcam\/browser needs the DOM's ImageData/, /import from 'tfjs-gradcam\/node'/);
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    expect(rgb.isDisposed).toBe(false);
    rgb.dispose();
  });

  it('rejects wrong shapes with INVALID_INPUT before looking at the runtime, without a leak', async () => {
    const batch = tf.zeros([1, 2, 2, 3]) as unknown as tf.Tensor3D;
    const grey = tf.zeros([4, 4, 2]) as tf.Tensor3D;
    const canvas = { width: 300, height: 150 };
    await expectCamErrorNoLeak(() => drawToCanvas(batch, asCanvas(canvas)), 'INVALID_INPUT', /^drawToCanvas\(\): image has shape \[1, 2, 2, 3\]/, /tf\.squeeze/);
    await expectCamErrorNoLeak(() => drawToCanvas(grey, asCanvas(canvas)), 'INVALID_INPUT', /^drawToCanvas\(\): image has shape \[4, 4, 2\]; allowed: an RGB \[H, W, 3\] or RGBA \[H, W, 4\]/);
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    tf.dispose([batch, grey]);
  });
});
