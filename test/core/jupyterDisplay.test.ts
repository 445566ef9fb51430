import * as tf from '@tensorflow/tfjs-core';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { applyColormap } from '../../src/colormaps/applyColormap.js';
import { display } from '../../src/core/display.js';
import { jupyterDisplay } from '../../src/core/jupyterDisplay.js';
import { overlay } from '../../src/ops/overlay.js';
import { resizeMap } from '../../src/ops/resizeMap.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';

/** Decodes the bundle's PNG: width, height and RGB values row by row. */
function png(bundle: { 'image/png': string }): { width: number; height: number; rgb: number[] } {
  const img = PNG.sync.read(Buffer.from(bundle['image/png'], 'base64'));
  return { width: img.width, height: img.height, rgb: Array.from(img.data).filter((_, i) => i % 4 !== 3) };
}

/** RGB values of the rectangle [x0, x0 + w) × [y0, y0 + h) of a decoded image. */
const crop = (img: { width: number; rgb: number[] }, x0: number, y0: number, w: number, h: number): number[] => {
  const out: number[] = [];
  for (let y = y0; y < y0 + h; y++) out.push(...img.rgb.slice((y * img.width + x0) * 3, (y * img.width + x0 + w) * 3));
  return out;
};

describe('jupyterDisplay: a Jupyter MIME bundle with a PNG made in plain JavaScript', () => {
  it('shows one map in the colormap, pixel for pixel, and summarises its shape and range', () => {
    const heat = tf.tensor3d([0, 0.25, 0.5, 0.75, 1, 0.1], [1, 2, 3]);
    const before = tf.memory().numTensors;
    const bundle = jupyterDisplay(heat, { scale: 1, colormap: 'viridis' });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(bundle).sort()).toEqual(['image/png', 'text/plain']);
    expect(bundle['image/png']).toMatch(/^iVBORw0KGgo[A-Za-z0-9+/]*={0,2}$/); // base64 of the PNG signature
    const img = png(bundle);
    expect([img.width, img.height]).toEqual([3, 2]);
    const expected = applyColormap(heat, 'viridis');
    expect(img.rgb).toEqual(Array.from(expected.dataSync()));
    expect(bundle['text/plain']).toBe('heatmap [1, 2, 3] float32 · min 0.000 · max 1.000');
    tf.dispose([heat, expected]);
  });

  it('zooms small maps to at least 128 pixels (at most ×8) and stacks a batch with white gaps, up to maxMaps', () => {
    const maps = tf.tensor3d(Array.from({ length: 3 * 4 * 5 }, (_, i) => (i % 7) / 6), [3, 4, 5]);
    const one = png(jupyterDisplay(tf.slice(maps, [0, 0, 0], [1, 4, 5]) as tf.Tensor3D));
    expect([one.width, one.height]).toEqual([40, 32]); // ×8: ceil(128 / 4) = 32 is capped at 8
    const bundle = jupyterDisplay(maps, { scale: 2, maxMaps: 2 });
    const img = png(bundle);
    expect([img.width, img.height]).toEqual([10, 2 * 8 + 2]);
    const colours = Array.from(applyColormap(maps, 'jet').dataSync());
    const zoomed = (b: number) => {
      const out: number[] = [];
      for (let y = 0; y < 8; y++) for (let x = 0; x < 10; x++) out.push(...colours.slice(((b * 4 + (y >> 1)) * 5 + (x >> 1)) * 3, ((b * 4 + (y >> 1)) * 5 + (x >> 1)) * 3 + 3));
      return out;
    };
    expect(crop(img, 0, 0, 10, 8)).toEqual(zoomed(0));
    expect(crop(img, 0, 8, 10, 2).every((v) => v === 255)).toBe(true);
    expect(crop(img, 0, 10, 10, 8)).toEqual(zoomed(1));
    expect(bundle['text/plain']).toMatch(/^heatmap \[3, 4, 5\] float32 · min 0\.000 · max 1\.000 \(showing the first 2 of 3 maps\)$/);
    maps.dispose();
  });

  it('with an image: image | overlay per row, the map resized to the image as resizeMap does', () => {
    const image = tf.tensor3d(Array.from({ length: 6 * 8 * 3 }, (_, i) => (i * 37) % 256), [6, 8, 3], 'int32');
    const heat = tf.tensor3d([0, 0.5, 1, 0.2, 0.9, 0.4], [1, 2, 3]);
    const before = tf.memory().numTensors;
    const img = png(jupyterDisplay(heat, { image, alpha: 0.3, colormap: 'turbo', scale: 1 }));
    expect(tf.memory().numTensors).toBe(before);
    expect([img.width, img.height]).toEqual([8 + 2 + 8, 6]);
    expect(crop(img, 0, 0, 8, 6)).toEqual(Array.from(image.dataSync()));
    expect(crop(img, 8, 0, 2, 6).every((v) => v === 255)).toBe(true);
    const up = resizeMap(heat, [6, 8]);
    const blended = overlay(image, up, { alpha: 0.3, colormap: 'turbo' });
    expect(crop(img, 10, 0, 8, 6)).toEqual(Array.from(blended.dataSync()));
    tf.dispose([image, heat, up, blended]);
  });

  it('summarises a CamResult: method, layer, classes, scores, shape', () => {
    const result = {
      heatmap: tf.zeros([2, 3, 3]),
      method: 'grad-cam++',
      layerName: 'base/conv5',
      classIndex: tf.tensor1d([3, 0], 'int32'),
      score: tf.tensor1d([1.5, -0.25]),
    };
    const bundle = jupyterDisplay(result);
    expect(bundle['text/plain']).toBe('grad-cam++ · layer base/conv5 · class [3, 0] · score [1.500, -0.250] · heatmap [2, 3, 3]');
    const img = png(bundle);
    expect([img.width, img.height]).toEqual([3 * 8, 2 * 3 * 8 + 2]);
    expect(img.rgb.slice(0, 3)).toEqual([0, 0, 128]); // h = 0: jet row 0
    tf.dispose([result.heatmap, result.classIndex, result.score]);
  });

  it('display() renders at once and answers Symbol.for("Jupyter.display") with the bundle, even after dispose', () => {
    const heat = tf.tensor2d([[0, 1]]);
    const shown = display(heat, { scale: 1 });
    heat.dispose();
    const hook = (shown as unknown as Record<symbol, () => unknown>)[Symbol.for('Jupyter.display')]!;
    expect(typeof hook).toBe('function');
    expect(hook()).toBe(shown.bundle);
    const img = png(shown.bundle);
    expect([img.width, img.height]).toEqual([2, 1]);
    expect(img.rgb).toEqual([0, 0, 128, 128, 0, 0]);
  });

  it('refuses what it cannot show, without leaking', () => {
    const colour = tf.zeros([1, 4, 4, 3]);
    const map = tf.zeros([1, 4, 4]);
    const grey = tf.zeros([4, 4, 1]);
    const gone = tf.zeros([2, 2]);
    gone.dispose();
    expectCamErrorNoLeak(() => jupyterDisplay(colour), 'INVALID_INPUT', /^jupyterDisplay\(\): heatmap must be \[H, W\] or \[B, H, W\] with values in \[0, 1\]; received a float32 tensor of shape \[1, 4, 4, 3\]/);
    expectCamErrorNoLeak(() => jupyterDisplay({ heatmap: gone }), 'INVALID_INPUT', /result\.heatmap is a disposed tensor; display the result before calling result\.dispose\(\)/);
    expectCamErrorNoLeak(() => jupyterDisplay({ nope: 1 } as never), 'INVALID_INPUT', /value must be a heatmap tensor \[H, W\] or \[B, H, W\], or a CamResult; received an object/);
    expectCamErrorNoLeak(() => jupyterDisplay(map, { image: grey as tf.Tensor3D }), 'INVALID_INPUT', /options\.image must be RGB \[H, W, 3\] or \[B, H, W, 3\] with B = 1 or 1 \(one per map\)/);
    expectCamErrorNoLeak(() => jupyterDisplay(map, { alpha: -1 }), 'INVALID_OPTION', /options\.alpha must be a number in \[0, 1\]/);
    expectCamErrorNoLeak(() => jupyterDisplay(map, { scale: 1.5 }), 'INVALID_OPTION', /options\.scale must be an integer zoom in 1\.\.64; received a number \(1\.5\)/);
    expectCamErrorNoLeak(() => jupyterDisplay(map, { maxMaps: 0 }), 'INVALID_OPTION', /options\.maxMaps must be a positive integer/);
    expectCamErrorNoLeak(() => jupyterDisplay(map, { colormap: 'nope' as never }), 'INVALID_COLORMAP', /^jupyterDisplay\(\): colormap "nope" is unknown/);
    tf.dispose([colour, map, grey]);
  });
});
