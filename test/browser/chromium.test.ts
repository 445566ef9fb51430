/**
 * The browser entry in a real browser: Debian's Chromium, driven by playwright-core (installed by
 * .ci/run). The library is bundled with esbuild, as an app would bundle it, and runs on the page's
 * own tfjs cpu backend: real ImageData, real HTMLCanvasElement and OffscreenCanvas pixels.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';

const ENTRY = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { applyColormap, CamError, gradCam } from './src/index.ts';
import { drawToCanvas, toImageData } from './src/browser/index.ts';
window.lib = { tf, tfl, applyColormap, CamError, gradCam, drawToCanvas, toImageData };
window.ready = tf.setBackend('cpu').then(() => tf.ready());
`;

type Lib = typeof import('../../src/index.js') &
  typeof import('../../src/browser/index.js') & { tf: typeof import('@tensorflow/tfjs-core'); tfl: typeof import('@tensorflow/tfjs-layers') };
declare const window: { lib: Lib; ready: Promise<void> };

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('tfjs-gradcam/browser in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is installed by .ci/run (apt-get install chromium)`).toBe(true);
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>tfjs-gradcam</title><canvas id="c" width="10" height="10"></canvas>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    await page.evaluate(() => window.ready);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('toImageData packs RGB into a real ImageData: rounds half to even, clamps, alpha 255; adds no tensor', async () => {
    const out = await page.evaluate(() => {
      const { tf, toImageData } = window.lib;
      const rgb = tf.tensor3d([0.5, 1.5, 2.5, -3, 300, 254.6, 127.5, 128.5, 0.49, 10, 20, 30, 40, 50, 60, 70, 80, 90], [3, 2, 3]);
      const before = tf.memory().numTensors;
      const img = toImageData(rgb);
      const leaked = tf.memory().numTensors - before;
      rgb.dispose();
      return { isImageData: img instanceof ImageData, width: img.width, height: img.height, data: Array.from(img.data), leaked };
    });
    expect(out).toEqual({
      isImageData: true,
      width: 2,
      height: 3,
      data: [0, 2, 2, 255, 0, 255, 255, 255, 128, 128, 0, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255],
      leaked: 0,
    });
  });

  it('toImageData keeps the alpha of RGBA and takes bool as 0/1', async () => {
    const out = await page.evaluate(() => {
      const { tf, toImageData } = window.lib;
      const rgba = tf.tensor3d([9, 8, 7, 0, 6, 5, 4, 200], [2, 1, 4], 'int32');
      const bool = tf.tensor3d([true, false, true], [1, 1, 3], 'bool');
      const r = [Array.from(toImageData(rgba).data), Array.from(toImageData(bool).data)];
      tf.dispose([rgba, bool]);
      return r;
    });
    expect(out).toEqual([[9, 8, 7, 0, 6, 5, 4, 200], [1, 0, 1, 255]]);
  });

  it('toImageData shows jet as RGB (OpenCV COLORMAP_JET ends) and refuses NaN without a leak', async () => {
    const out = await page.evaluate(() => {
      const { tf, applyColormap, toImageData, CamError } = window.lib;
      const heat = tf.tensor2d([[0, 1]]);
      const rgb = applyColormap(heat, 'jet');
      const jet = Array.from(toImageData(rgb).data);
      const nan = tf.tensor3d([0, 0, 0, 0, NaN, 0], [1, 2, 3]);
      const before = tf.memory().numTensors;
      let error = '';
      try {
        toImageData(nan);
      } catch (e) {
        error = e instanceof CamError ? `${e.code}: ${e.message}` : String(e);
      }
      const leaked = tf.memory().numTensors - before;
      tf.dispose([heat, rgb, nan]);
      return { jet, error, leaked };
    });
    expect(out.jet).toEqual([0, 0, 128, 255, 128, 0, 0, 255]);
    expect(out.error).toMatch(/^NON_FINITE_INPUT: toImageData\(\): image holds NaN at pixel 1, channel 1/);
    expect(out.leaked).toBe(0);
  });

  it('drawToCanvas sizes an HTMLCanvasElement and an OffscreenCanvas and puts the pixels at (0, 0)', async () => {
    const out = await page.evaluate(async () => {
      const { tf, drawToCanvas } = window.lib;
      const rgb = tf.tensor3d([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 250, 128, 1, 77, 66, 55], [2, 3, 3], 'int32');
      const before = tf.memory().numTensors;
      const el = document.getElementById('c') as HTMLCanvasElement;
      await drawToCanvas(rgb, el);
      const off = new OffscreenCanvas(1, 1);
      await drawToCanvas(rgb, off);
      const leaked = tf.memory().numTensors - before;
      rgb.dispose();
      const read = (c: HTMLCanvasElement | OffscreenCanvas) => Array.from((c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data);
      return { el: [el.width, el.height, read(el)], off: [off.width, off.height, read(off)], leaked };
    });
    const expected = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 250, 128, 1, 255, 77, 66, 55, 255];
    expect(out.el).toEqual([3, 2, expected]);
    expect(out.off).toEqual([3, 2, expected]);
    expect(out.leaked).toBe(0);
  });

  it('end to end: Grad-CAM of a model built in the page, jet colours, drawn to a canvas', async () => {
    const out = await page.evaluate(async () => {
      const { tf, tfl, gradCam, applyColormap, drawToCanvas } = window.lib;
      const model = tfl.sequential({
        layers: [
          tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotNormal({ seed: 1 }), name: 'conv' }),
          tfl.layers.globalAveragePooling2d({}),
          tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotNormal({ seed: 2 }) }),
        ],
      });
      const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 3);
      const before = tf.memory().numTensors;
      const result = gradCam(model, x);
      const colored = applyColormap(result.heatmap, 'jet');
      const rgb = tf.squeeze(colored, [0]) as import('@tensorflow/tfjs-core').Tensor3D;
      const canvas = document.createElement('canvas');
      await drawToCanvas(rgb, canvas);
      const pixels = Array.from((canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, 8, 8).data);
      const expected = Array.from(await rgb.data());
      const heat = Array.from(await result.heatmap.data());
      const layer = result.layerName;
      tf.dispose([colored, rgb]);
      result.dispose();
      const leaked = tf.memory().numTensors - before;
      x.dispose();
      model.dispose();
      return { pixels, expected, max: Math.max(...heat), min: Math.min(...heat), layer, leaked };
    });
    expect(out.layer).toBe('conv');
    expect(out.max).toBeCloseTo(1, 3); // (max − min) / (1e-7 + max − min) of a small map
    expect(out.min).toBeGreaterThanOrEqual(0);
    expect(out.pixels.filter((_, i) => i % 4 !== 3)).toEqual(out.expected);
    expect(out.pixels.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
    expect(out.leaked).toBe(0);
  });

  it('errors in the browser: not a canvas, no 2D context, NaN; no leak, canvas untouched', async () => {
    const out = await page.evaluate(async () => {
      const { tf, drawToCanvas, CamError } = window.lib;
      const rgb = tf.zeros([1, 1, 3]) as import('@tensorflow/tfjs-core').Tensor3D;
      const nan = tf.tensor3d([NaN, 0, 0], [1, 1, 3]);
      const before = tf.memory().numTensors;
      const codes: string[] = [];
      const attempt = async (f: () => Promise<void>) => {
        try {
          await f();
          codes.push('none');
        } catch (e) {
          codes.push(e instanceof CamError ? e.code : String(e));
        }
      };
      await attempt(() => drawToCanvas(rgb, {} as HTMLCanvasElement));
      const taken = document.createElement('canvas');
      taken.getContext('bitmaprenderer');
      await attempt(() => drawToCanvas(rgb, taken));
      const small = document.createElement('canvas');
      small.width = 4;
      small.height = 4;
      await attempt(() => drawToCanvas(nan, small));
      const leaked = tf.memory().numTensors - before;
      tf.dispose([rgb, nan]);
      return { codes, leaked, small: [small.width, small.height] };
    });
    expect(out.codes).toEqual(['INVALID_INPUT', 'WRONG_RUNTIME', 'NON_FINITE_INPUT']);
    expect(out.leaked).toBe(0);
    expect(out.small).toEqual([4, 4]);
  });
});
