import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { drawOverlay } from '../../src/browser/drawOverlay.js';
import { expectCamErrorNoLeak } from './browserTestHelpers.js';

const asCanvas = (c: unknown): HTMLCanvasElement => c as HTMLCanvasElement;
const bytes = (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4).fill(255), width: w, height: h });

// Pixels on real canvases, on every backend and with every image source, are checked in Chromium
// (backends.test.ts).
describe('drawOverlay in Node', () => {
  it('checks options, heatmap and image first, then rejects with WRONG_RUNTIME naming tfjs-gradcam/node; no leak', async () => {
    const map = tf.zeros([1, 3, 3]) as tf.Tensor3D;
    const image = tf.zeros([6, 6, 3], 'int32') as tf.Tensor3D;
    const canvas = { width: 300, height: 150 };
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), image, map), 'WRONG_RUNTIME', /^drawOverlay\(\): tfjs-gradcam\/browser needs the DOM's ImageData/);
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), bytes(6, 6), map, { alpha: 0.3 }), 'WRONG_RUNTIME', /import from 'tfjs-gradcam\/node'/);
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), image, map, { alpha: 1.5 }), 'INVALID_OPTION', /^drawOverlay\(\): options\.alpha is the weight of the heatmap and must be a number in \[0, 1\] \(default 0\.5\); received a number \(1\.5\)/);
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), image, map, { alpha: NaN }), 'INVALID_OPTION', /received a number \(NaN\)/);
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), image, map, { colormap: { name: 'x' } as never }), 'INVALID_COLORMAP', /^drawOverlay\(\): colormap must be a built-in name/);
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), image, map, { index: 1 }), 'INVALID_OPTION', /options\.index .* integer in \[0, 0\]/);
    await expectCamErrorNoLeak(() => drawOverlay(asCanvas(canvas), image, map, null as never), 'INVALID_OPTION', /options must be an object \{ alpha\?, colormap\?, index\? \}; received null/);
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    expect([map.isDisposed, image.isDisposed]).toEqual([false, false]);
    tf.dispose([map, image]);
  });

  it('refuses an image that is neither an image source nor an RGB/RGBA tensor', async () => {
    const map = tf.zeros([2, 2]) as tf.Tensor2D;
    const grey = tf.zeros([2, 2, 1]);
    const batch = tf.zeros([1, 2, 2, 3]);
    const canvas = asCanvas({ width: 1, height: 1 });
    await expectCamErrorNoLeak(() => drawOverlay(canvas, grey as tf.Tensor3D, map), 'INVALID_INPUT', /^drawOverlay\(\): image has shape \[2, 2, 1\]; allowed: an RGB \[H, W, 3\] or RGBA \[H, W, 4\] tensor/);
    await expectCamErrorNoLeak(() => drawOverlay(canvas, batch as never, map), 'INVALID_INPUT', /image has shape \[1, 2, 2, 3\].*tf\.squeeze/);
    await expectCamErrorNoLeak(() => drawOverlay(canvas, 'photo.jpg' as never, map), 'INVALID_INPUT', /^drawOverlay\(\): source must be an image; received the string "photo\.jpg"/);
    await expectCamErrorNoLeak(() => drawOverlay(canvas, { data: new Uint8Array(3), width: 1, height: 1 }, map), 'INVALID_INPUT', /image data holds 3 bytes but a 1×1 RGBA image needs 4/);
    tf.dispose([map, grey, batch]);
  });
});
