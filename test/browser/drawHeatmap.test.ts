import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { drawHeatmap } from '../../src/browser/drawHeatmap.js';
import { expectCamErrorNoLeak } from './browserTestHelpers.js';

const asCanvas = (c: unknown): HTMLCanvasElement => c as HTMLCanvasElement;

// Pixels on real canvases, on every backend, are checked in Chromium (backends.test.ts).
describe('drawHeatmap in Node', () => {
  it('checks the heatmap, index and colormap first, then rejects with WRONG_RUNTIME naming tfjs-gradcam/node; no leak', async () => {
    const maps = tf.zeros([2, 4, 5]) as tf.Tensor3D;
    const canvas = { width: 300, height: 150, getContext: () => null };
    await expectCamErrorNoLeak(() => drawHeatmap(asCanvas(canvas), maps, { index: 1 }), 'WRONG_RUNTIME', /^drawHeatmap\(\): tfjs-gradcam\/browser needs the DOM's ImageData/, /import from 'tfjs-gradcam\/node'/);
    await expectCamErrorNoLeak(() => drawHeatmap(asCanvas(canvas), maps, { index: 2 }), 'INVALID_OPTION', /^drawHeatmap\(\): options\.index picks the map to draw and must be an integer in \[0, 1\] for a heatmap of shape \[2, 4, 5\]; received a number \(2\)/);
    await expectCamErrorNoLeak(() => drawHeatmap(asCanvas(canvas), maps, { index: -1 }), 'INVALID_OPTION', /received a number \(-1\)/);
    await expectCamErrorNoLeak(() => drawHeatmap(asCanvas(canvas), maps, { colormap: 'jett' as never }), 'INVALID_COLORMAP', /^drawHeatmap\(\): colormap "jett" is unknown; built-in colormaps: jet, /);
    await expectCamErrorNoLeak(() => drawHeatmap(asCanvas(canvas), maps, 'jet' as never), 'INVALID_OPTION', /^drawHeatmap\(\): options must be an object \{ colormap\?, index\? \}; received the string "jet"/);
    expect([canvas.width, canvas.height]).toEqual([300, 150]);
    expect(maps.isDisposed).toBe(false);
    maps.dispose();
  });

  it('refuses a heatmap of the wrong rank or dtype, a disposed one, and colours (rank 4)', async () => {
    const canvas = asCanvas({ width: 1, height: 1 });
    const colored = tf.zeros([1, 4, 4, 3]);
    const vector = tf.zeros([4]);
    const text = tf.tensor(['a', 'b', 'c', 'd'], [2, 2], 'string');
    const gone = tf.zeros([2, 2]);
    gone.dispose();
    await expectCamErrorNoLeak(() => drawHeatmap(canvas, colored as never), 'INVALID_INPUT', /^drawHeatmap\(\): heatmap must be one map \[H, W\] or a batch \[B, H, W\] with values in \[0, 1\] \(e\.g\. result\.heatmap\); received a float32 tensor of shape \[1, 4, 4, 3\]\. A \[B, H, W, 3\] tensor is already coloured: draw it with drawToCanvas\./);
    await expectCamErrorNoLeak(() => drawHeatmap(canvas, vector as never), 'INVALID_INPUT', /received a float32 tensor of shape \[4\]\.$/);
    await expectCamErrorNoLeak(() => drawHeatmap(canvas, text as never), 'INVALID_INPUT', /heatmap has dtype string; expected a numeric tensor/);
    await expectCamErrorNoLeak(() => drawHeatmap(canvas, gone as never), 'INVALID_INPUT', /heatmap is a disposed tensor; draw it before disposing the result/);
    await expectCamErrorNoLeak(() => drawHeatmap(canvas, [[0, 1]] as never), 'INVALID_INPUT', /received an array of length 1/);
    tf.dispose([colored, vector, text]);
  });
});
