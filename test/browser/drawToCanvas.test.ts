import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { drawToCanvas } from '../../src/browser/drawToCanvas.js';
import { expectCamErrorNoLeak, MemoryCanvas, withImageData } from './browserTestHelpers.js';

const asCanvas = (c: unknown): HTMLCanvasElement => c as HTMLCanvasElement;

describe('drawToCanvas', () => {
  it('rejects with WRONG_RUNTIME naming tfjs-gradcam/node where there is no ImageData, without a leak', async () => {
    expect(typeof (globalThis as { ImageData?: unknown }).ImageData).toBe('undefined');
    const rgb = tf.zeros([2, 2, 3], 'int32') as tf.Tensor3D;
    const canvas = new MemoryCanvas();
    const pending = drawToCanvas(rgb, asCanvas(canvas));
    expect(pending).toBeInstanceOf(Promise);
    await expectCamErrorNoLeak(() => pending, 'WRONG_RUNTIME', /^drawToCanvas\(\): tfjs-gradcam\/browser needs the DOM's ImageData/, /import from 'tfjs-gradcam\/node'/);
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    expect(rgb.isDisposed).toBe(false);
    rgb.dispose();
  });

  it('rejects with WRONG_RUNTIME when the canvas gives no 2D context', async () => {
    const rgb = tf.zeros([2, 2, 3], 'int32') as tf.Tensor3D;
    const canvas = new MemoryCanvas(300, 150, false);
    await withImageData(() =>
      expectCamErrorNoLeak(() => drawToCanvas(rgb, asCanvas(canvas)), 'WRONG_RUNTIME', /^drawToCanvas\(\): canvas\.getContext\('2d'\) returned null/, /draw on a fresh canvas/),
    );
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    rgb.dispose();
  });

  it('sizes the canvas to the image and puts RGBA bytes at (0, 0), adding no tensor', async () => {
    const values = [0.5, 1.5, 2.5, -3, 300, 254.6, 127.5, 128.5, 0.49, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    const rgb = tf.tensor3d(values, [3, 2, 3]);
    const canvas = new MemoryCanvas(10, 10);
    await withImageData(async () => {
      const before = tf.memory().numTensors;
      await drawToCanvas(rgb, asCanvas(canvas));
      expect(tf.memory().numTensors).toBe(before);
    });
    expect([canvas.width, canvas.height]).toEqual([2, 3]);
    expect(Array.from(canvas.pixels)).toEqual([
      0, 2, 2, 255, /**/ 0, 255, 255, 255,
      128, 128, 0, 255, /**/ 10, 20, 30, 255,
      40, 50, 60, 255, /**/ 70, 80, 90, 255,
    ]);
    expect(rgb.isDisposed).toBe(false);
    rgb.dispose();
  });

  it('keeps the alpha channel of an RGBA tensor', async () => {
    const rgba = tf.tensor3d([9, 8, 7, 0, 6, 5, 4, 200], [2, 1, 4], 'int32');
    const canvas = new MemoryCanvas();
    await withImageData(() => drawToCanvas(rgba, asCanvas(canvas)));
    expect([canvas.width, canvas.height]).toEqual([1, 2]);
    expect(Array.from(canvas.pixels)).toEqual([9, 8, 7, 0, 6, 5, 4, 200]);
    rgba.dispose();
  });

  it('rejects wrong shapes with INVALID_INPUT before looking at the runtime, without a leak', async () => {
    const batch = tf.zeros([1, 2, 2, 3]) as unknown as tf.Tensor3D;
    const grey = tf.zeros([4, 4, 2]) as tf.Tensor3D;
    const canvas = new MemoryCanvas();
    await expectCamErrorNoLeak(() => drawToCanvas(batch, asCanvas(canvas)), 'INVALID_INPUT', /^drawToCanvas\(\): image has shape \[1, 2, 2, 3\]/, /tf\.squeeze/);
    await expectCamErrorNoLeak(() => drawToCanvas(grey, asCanvas(canvas)), 'INVALID_INPUT', /^drawToCanvas\(\): image has shape \[4, 4, 2\]; allowed: an RGB \[H, W, 3\] or RGBA \[H, W, 4\]/);
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    tf.dispose([batch, grey]);
  });

  it('rejects a canvas that is not a canvas with INVALID_INPUT', async () => {
    const rgb = tf.zeros([1, 1, 3]) as tf.Tensor3D;
    await withImageData(async () => {
      await expectCamErrorNoLeak(() => drawToCanvas(rgb, asCanvas(null)), 'INVALID_INPUT', /^drawToCanvas\(\): canvas must be an HTMLCanvasElement or OffscreenCanvas; received null/);
      await expectCamErrorNoLeak(() => drawToCanvas(rgb, asCanvas({ width: 1 })), 'INVALID_INPUT', /received an? object/);
    });
    rgb.dispose();
  });

  it('rejects NaN with NON_FINITE_INPUT and leaves the canvas untouched', async () => {
    const t = tf.tensor3d([NaN, 0, 0], [1, 1, 3]);
    const canvas = new MemoryCanvas(4, 4);
    await withImageData(() => expectCamErrorNoLeak(() => drawToCanvas(t, asCanvas(canvas)), 'NON_FINITE_INPUT', /^drawToCanvas\(\): image holds NaN at pixel 0, channel 0/));
    expect([canvas.width, canvas.height]).toEqual([4, 4]);
    t.dispose();
  });
});
