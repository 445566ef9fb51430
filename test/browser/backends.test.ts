/**
 * tfjs-gradcam/browser in a real headless Chromium on each tfjs backend (cpu, wasm, webgl on
 * SwiftShader, webgpu where Chromium offers an adapter): every input type of fromImage with pixel
 * checks, drawHeatmap and drawOverlay pixels against the library's own colormap and overlay ops,
 * Grad-CAM of the demo model end to end, and the errors a page can hit. One page per backend.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../../src/node/readImage.js';
import { BACKEND_PRELUDE, openPage, REPO, startSite, webgpuAvailability, type BackendName, type TestSite } from './browserHarness.js';

const ENTRY = `${BACKEND_PRELUDE}
import * as tfl from '@tensorflow/tfjs-layers';
import * as root from './src/index.ts';
import * as browser from './src/browser/index.ts';
window.lib = { tf, tfl, ...root, ...browser };
`;

type Lib = typeof import('../../src/index.js') &
  typeof import('../../src/browser/index.js') & { tf: typeof import('@tensorflow/tfjs-core'); tfl: typeof import('@tensorflow/tfjs-layers') };
declare const window: { lib: Lib };

interface Sample {
  file: string;
  classIndex: number;
  box: [number, number, number, number];
}
const SAMPLES = (JSON.parse(readFileSync(join(REPO, 'examples', 'images', 'samples.json'), 'utf8')) as { samples: Sample[] }).samples;
const STAR = SAMPLES.find((s) => s.file === 'star-1.png')!;

const BACKENDS: BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('tfjs-gradcam/browser in Chromium', () => {
  let site: TestSite;
  let webgpu: { ok: boolean; reason: string };
  let starPixels: number[];

  beforeAll(async () => {
    site = await startSite(ENTRY, { '/fixtures/': join(REPO, 'examples', 'images'), '/model/': join(REPO, 'examples', 'model') });
    webgpu = await webgpuAvailability(site);
    const star = await readImage(join(REPO, 'examples', 'images', STAR.file));
    starPixels = Array.from(await star.data());
    star.dispose();
  }, 120_000);

  afterAll(async () => {
    await site?.close();
  });

  describe.each(BACKENDS)('on the %s backend', (backend) => {
    let page: Page | undefined;
    let errors: string[] = [];

    /** The page for this backend, opened on first use; skips the test when webgpu has no adapter. */
    const open = async (ctx: { skip: (note?: string) => never }): Promise<Page> => {
      if (backend === 'webgpu' && !webgpu.ok) ctx.skip(`webgpu unavailable in this headless Chromium: ${webgpu.reason}`);
      if (page === undefined) {
        const opened = await openPage(site, backend);
        expect(opened.backend).toBe(backend);
        page = opened.page;
        errors = opened.errors;
      }
      return page;
    };

    afterAll(async () => {
      expect(errors).toEqual([]);
      await page?.close();
    });

    it('fromImage reads ImageData, an ImageData-like object, 2D, WebGL and offscreen canvases and an ImageBitmap exactly', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async () => {
        const { tf, fromImage } = window.lib;
        const W = 5;
        const H = 3;
        const rgba = new Uint8ClampedArray(W * H * 4);
        for (let i = 0; i < W * H; i++) rgba.set([(i * 37) % 256, (i * 91 + 7) % 256, (i * 53 + 200) % 256, 255], i * 4);
        const expected = Array.from(rgba).filter((_, i) => i % 4 !== 3);
        const imageData = new ImageData(rgba, W, H);
        const canvas = document.createElement('canvas');
        canvas.width = W;
        canvas.height = H;
        canvas.getContext('2d')!.putImageData(imageData, 0, 0);
        const offscreen = new OffscreenCanvas(W, H);
        offscreen.getContext('2d')!.putImageData(imageData, 0, 0);
        const bitmap = await createImageBitmap(imageData);
        const glCanvas = document.createElement('canvas');
        glCanvas.width = 4;
        glCanvas.height = 2;
        const gl = glCanvas.getContext('webgl2', { preserveDrawingBuffer: true })!;
        gl.clearColor(0.2, 0.4, 0.6, 1);
        gl.clear(gl.COLOR_BUFFER_BIT);
        const before = tf.memory().numTensors;
        const read = async (t: import('@tensorflow/tfjs-core').Tensor) => {
          const r = { shape: t.shape, dtype: t.dtype, values: Array.from(await t.data()) };
          t.dispose();
          return r;
        };
        const results = {
          imageData: await read(fromImage(imageData)),
          imageDataLike: await read(fromImage({ data: new Uint8Array(rgba), width: W, height: H })),
          canvas: await read(fromImage(canvas)),
          offscreen: await read(fromImage(offscreen)),
          bitmap: await read(fromImage(bitmap)),
          webglCanvas: await read(fromImage(glCanvas)),
          rgbaCanvas: await read(fromImage(canvas, { channels: 4 })),
        };
        return { expected, rgba: Array.from(rgba), results, leaked: tf.memory().numTensors - before };
      });
      for (const [name, r] of Object.entries(out.results)) {
        if (name === 'webglCanvas') {
          expect(r, name).toEqual({ shape: [2, 4, 3], dtype: 'int32', values: Array.from({ length: 8 }, () => [51, 102, 153]).flat() });
        } else if (name === 'rgbaCanvas') {
          expect(r, name).toEqual({ shape: [3, 5, 4], dtype: 'int32', values: out.rgba });
        } else {
          expect(r, name).toEqual({ shape: [3, 5, 3], dtype: 'int32', values: out.expected });
        }
      }
      expect(out.leaked).toBe(0);
    });

    it('fromImage reads an <img> at its natural size, whatever size it is shown at, like the PNG decoder in Node', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async (file) => {
        const { tf, fromImage } = window.lib;
        const img = document.createElement('img');
        img.src = `/fixtures/${file}`;
        img.width = 20;
        img.style.height = '33px';
        document.body.append(img);
        await img.decode();
        const before = tf.memory().numTensors;
        const t = fromImage(img);
        const values = Array.from(await t.data());
        const tfjsOwn = tf.browser.fromPixels(img);
        const tfjsShape = tfjsOwn.shape;
        tf.dispose([t, tfjsOwn]);
        img.remove();
        return { shape: t.shape, values, tfjsShape, leaked: tf.memory().numTensors - before };
      }, STAR.file);
      expect(out.shape).toEqual([96, 96, 3]);
      expect(out.values).toEqual(starPixels);
      expect(out.tfjsShape).toEqual([33, 20, 3]); // tf.browser.fromPixels uses the displayed size
      expect(out.leaked).toBe(0);
    });

    it('fromImage reads the current frame of a <video> (a canvas stream) within video colour-conversion error', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async () => {
        const { tf, fromImage } = window.lib;
        const source = document.createElement('canvas');
        source.width = 64;
        source.height = 48;
        const sctx = source.getContext('2d')!;
        sctx.fillStyle = 'rgb(200, 40, 60)';
        sctx.fillRect(0, 0, 32, 48);
        sctx.fillStyle = 'rgb(20, 180, 90)';
        sctx.fillRect(32, 0, 32, 48);
        const video = document.createElement('video');
        video.muted = true;
        video.srcObject = source.captureStream(30);
        // Repaint a pixel now and then so the stream keeps sending frames until one has arrived.
        const repaint = setInterval(() => sctx.fillRect(0, 0, 1, 1), 50);
        await video.play();
        const deadline = performance.now() + 20_000;
        while (video.readyState < 2 || video.videoWidth === 0) {
          if (performance.now() > deadline) throw new Error(`no video frame after 20 s (readyState ${video.readyState})`);
          await new Promise((ok) => setTimeout(ok, 20));
        }
        clearInterval(repaint);
        const before = tf.memory().numTensors;
        const t = fromImage(video);
        const v = await t.data();
        const at = (x: number, y: number) => Array.from(v.slice((y * 64 + x) * 3, (y * 64 + x) * 3 + 3));
        const r = { shape: t.shape, dtype: t.dtype, left: at(10, 24), right: at(50, 24), corner: at(0, 0) };
        t.dispose();
        const small = fromImage(video, { size: [24, 32], batch: true });
        const smallShape = small.shape;
        small.dispose();
        video.pause();
        (video.srcObject as MediaStream).getTracks().forEach((track) => track.stop());
        return { ...r, smallShape, leaked: tf.memory().numTensors - before };
      });
      expect(out.shape).toEqual([48, 64, 3]);
      expect(out.dtype).toBe('int32');
      const near = (got: number[], want: number[]) => got.forEach((g, i) => expect(Math.abs(g - want[i]!), `${got} vs ${want}`).toBeLessThanOrEqual(4));
      near(out.left, [200, 40, 60]);
      near(out.corner, [200, 40, 60]);
      near(out.right, [20, 180, 90]);
      expect(out.smallShape).toEqual([1, 24, 32, 3]);
      expect(out.leaked).toBe(0);
    });

    it('fromImage resizes with half-pixel centres, scales, offsets and batches', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async () => {
        const { tf, fromImage } = window.lib;
        const px = new ImageData(new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]), 2, 1);
        const before = tf.memory().numTensors;
        const get = async (t: import('@tensorflow/tfjs-core').Tensor) => {
          const r = { shape: t.shape, dtype: t.dtype, red: Array.from(await t.data()).filter((_, i) => i % 3 === 0) };
          t.dispose();
          return r;
        };
        const r = {
          ints: await get(fromImage(px, { size: [1, 4] })),
          unit: await get(fromImage(px, { size: [1, 4], scale: 1 / 255, batch: true })),
          symmetric: await get(fromImage(px, { scale: 1 / 127.5, offset: -1 })),
          same: await get(fromImage(px, { size: [1, 2] })),
        };
        return { ...r, leaked: tf.memory().numTensors - before };
      });
      // src = (dst + 0.5) · 2/4 − 0.5 → −0.25 (clamped), 0.25, 0.75, 1.25 (clamped): 0, 63.75, 191.25, 255.
      expect(out.ints).toEqual({ shape: [1, 4, 3], dtype: 'int32', red: [0, 64, 191, 255] });
      expect(out.unit.shape).toEqual([1, 1, 4, 3]);
      expect(out.unit.dtype).toBe('float32');
      [0, 0.25, 0.75, 1].forEach((v, i) => expect(out.unit.red[i]).toBeCloseTo(v, 5));
      expect(out.symmetric.dtype).toBe('float32');
      [-1, 1].forEach((v, i) => expect(out.symmetric.red[i]).toBeCloseTo(v, 5));
      expect(out.same).toEqual({ shape: [1, 2, 3], dtype: 'int32', red: [0, 255] });
      expect(out.leaked).toBe(0);
    });

    it('drawHeatmap puts applyColormap colours on the canvas (jet ends are OpenCV’s) and returns them', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async () => {
        const { tf, drawHeatmap, applyColormap } = window.lib;
        const maps = tf.tensor3d([0, 0, 0, 0, 0, 0, 0, 0.5, 1, 0.25, 0.75, 0.999], [2, 2, 3]);
        const second = tf.tensor2d([0, 0.5, 1, 0.25, 0.75, 0.999], [2, 3]);
        const canvas = document.createElement('canvas');
        const before = tf.memory().numTensors;
        const returned = await drawHeatmap(canvas, maps, { index: 1 });
        const onCanvas = Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
        const viridis = Array.from((await drawHeatmap(new OffscreenCanvas(1, 1), second, { colormap: 'viridis' })).data);
        const leaked = tf.memory().numTensors - before;
        const jet = applyColormap(maps, 'jet');
        const vir = applyColormap(maps, 'viridis');
        const expectedJet = Array.from(await jet.data()).slice(6 * 3);
        const expectedViridis = Array.from(await vir.data()).slice(6 * 3);
        tf.dispose([maps, second, jet, vir]);
        return { size: [canvas.width, canvas.height], returned: Array.from(returned.data), onCanvas, viridis, expectedJet, expectedViridis, leaked };
      });
      const rgba = (rgb: number[]) => rgb.flatMap((v, i) => (i % 3 === 2 ? [v, 255] : [v]));
      expect(out.size).toEqual([3, 2]);
      expect(out.onCanvas).toEqual(rgba(out.expectedJet));
      expect(out.returned).toEqual(out.onCanvas);
      expect(out.onCanvas.slice(0, 4)).toEqual([0, 0, 128, 255]); // h = 0: jet row 0
      expect(out.onCanvas.slice(8, 12)).toEqual([128, 0, 0, 255]); // h = 1: jet row 255
      expect(out.viridis).toEqual(rgba(out.expectedViridis));
      expect(out.leaked).toBe(0);
    });

    it('drawOverlay blends over ImageData, a tensor, an <img> and its own canvas, resizing the map like resizeMap', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async (file) => {
        const { tf, drawOverlay, overlay, resizeMap, fromImage } = window.lib;
        const flat = new Uint8ClampedArray(4 * 2 * 4);
        for (let i = 0; i < 8; i++) flat.set([100, 150, 200, 255], i * 4);
        const image = new ImageData(flat, 4, 2);
        const map = tf.tensor3d([0, 1], [1, 1, 2]);
        const canvas = document.createElement('canvas');
        const before = tf.memory().numTensors;
        const closed = Array.from((await drawOverlay(canvas, image, map)).data);
        const onCanvas = Array.from(canvas.getContext('2d')!.getImageData(0, 0, 4, 2).data);
        const leaked1 = tf.memory().numTensors - before;
        // Same as the ops: overlay(image, resizeMap(map, [2, 4])), alpha 0.3, viridis.
        const imgT = tf.tensor3d(Array.from(flat).filter((_, i) => i % 4 !== 3), [2, 4, 3], 'int32');
        const viaTensor = Array.from((await drawOverlay(canvas, imgT, map, { alpha: 0.3, colormap: 'viridis' })).data);
        const up = resizeMap(map, [2, 4]);
        const ref = overlay(imgT, up, { alpha: 0.3, colormap: 'viridis' });
        const refValues = Array.from(await ref.data());
        // An <img> with a 12×12 map; then the canvas holding the result as the image.
        const img = new Image();
        img.src = `/fixtures/${file}`;
        await img.decode();
        const heat = tf.randomUniform([1, 12, 12], 0, 1, 'float32', 7) as import('@tensorflow/tfjs-core').Tensor3D;
        const big = document.createElement('canvas');
        const fromImg = Array.from((await drawOverlay(big, img, heat, { alpha: 0.6, colormap: 'turbo' })).data);
        const imgPixels = fromImage(img);
        const heatUp = resizeMap(heat, [96, 96]);
        const refImg = overlay(imgPixels, heatUp, { alpha: 0.6, colormap: 'turbo' });
        const refImgValues = Array.from(await refImg.data());
        const again = Array.from((await drawOverlay(big, big, heat, { alpha: 0 })).data);
        tf.dispose([imgT, up, ref, imgPixels, heatUp, refImg]);
        const leaked2 = tf.memory().numTensors - before - 1; // heat is the page's
        tf.dispose([map, heat]);
        return { closed, onCanvas, leaked1, viaTensor, refValues, fromImg, refImgValues, again, size: [big.width, big.height], leaked2 };
      }, STAR.file);
      const rgba = (rgb: number[]) => rgb.flatMap((v, i) => (i % 3 === 2 ? [v, 255] : [v]));
      // Columns see h = 0, 0.25, 0.75, 1 → jet rows 0, 63, 191, 255; column 0: 0.5·(100,150,200) + 0.5·(0,0,128).
      expect(out.closed.slice(0, 4)).toEqual([50, 75, 164, 255]);
      expect(out.closed.slice(12, 16)).toEqual([114, 75, 100, 255]); // + 0.5·(128, 0, 0)
      expect(out.closed.slice(16, 32)).toEqual(out.closed.slice(0, 16)); // both rows alike
      expect(out.onCanvas).toEqual(out.closed);
      expect(out.leaked1).toBe(0);
      expect(out.viaTensor).toEqual(rgba(out.refValues));
      expect(out.size).toEqual([96, 96]);
      expect(out.fromImg).toEqual(rgba(out.refImgValues));
      expect(out.again).toEqual(out.fromImg); // alpha 0 keeps the image: the canvas was read before it was cleared
      expect(out.leaked2).toBe(0);
    });

    it('Grad-CAM of the demo model: the right class, the peak inside the object, drawn over the image', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async (file) => {
        const { tf, tfl, gradCam, fromImage, drawOverlay } = window.lib;
        const model = await tfl.loadLayersModel('/model/model.json');
        const img = new Image();
        img.src = `/fixtures/${file}`;
        await img.decode();
        const before = tf.memory().numTensors;
        const x = fromImage(img, { size: [96, 96], scale: 1 / 255, batch: true });
        // tfjs-backend-webgpu's synchronous reads (dataSync) fail in headless Chromium, and the input
        // check reads one value synchronously: skip it there.
        const result = gradCam(model, x, tf.getBackend() === 'webgpu' ? { checkFinite: false } : {});
        const heat = await result.heatmap.data();
        let peak = 0;
        for (let i = 1; i < heat.length; i++) if (heat[i]! > heat[peak]!) peak = i;
        const canvas = document.createElement('canvas');
        const pixels = await drawOverlay(canvas, img, result.heatmap);
        const r = { classIndex: (await result.classIndex.data())[0], layerName: result.layerName, peak: [peak % 96, Math.floor(peak / 96)], size: [pixels.width, pixels.height] };
        result.dispose();
        x.dispose();
        const leaked = tf.memory().numTensors - before;
        model.dispose();
        return { ...r, leaked };
      }, STAR.file);
      expect(out.classIndex).toBe(STAR.classIndex);
      expect(out.layerName).toBe('base/base_relu5');
      const [x0, y0, x1, y1] = STAR.box;
      expect(out.peak[0]).toBeGreaterThanOrEqual(x0);
      expect(out.peak[0]).toBeLessThan(x1);
      expect(out.peak[1]).toBeGreaterThanOrEqual(y0);
      expect(out.peak[1]).toBeLessThan(y1);
      expect(out.size).toEqual([96, 96]);
      expect(out.leaked).toBe(0);
    });

    it('errors: unloaded or broken <img>, frameless <video>, closed bitmap, empty canvas, not an image, cross-origin pixels; no leak', async (ctx) => {
      const p = await open(ctx);
      const out = await p.evaluate(async (crossOrigin) => {
        const { tf, fromImage, drawOverlay, CamError } = window.lib;
        const attempts: Record<string, string> = {};
        const attempt = async (name: string, f: () => unknown) => {
          try {
            await f();
            attempts[name] = 'no error';
          } catch (e) {
            attempts[name] = e instanceof CamError ? `${e.code}: ${e.message}` : `not a CamError: ${String(e)}`;
          }
        };
        const before = tf.memory().numTensors;
        const pending = new Image();
        pending.src = '/fixtures/never-there.png';
        await attempt('pending', () => fromImage(pending));
        await pending.decode().catch(() => undefined);
        await attempt('broken', () => fromImage(pending));
        await attempt('video', () => fromImage(document.createElement('video')));
        const bitmap = await createImageBitmap(new ImageData(2, 2));
        bitmap.close();
        await attempt('closed', () => fromImage(bitmap));
        const empty = document.createElement('canvas');
        empty.width = 0;
        await attempt('empty', () => fromImage(empty));
        await attempt('div', () => fromImage(document.createElement('div') as never));
        await attempt('bytes', () => fromImage({ data: new Uint8Array(7), width: 2, height: 1 }));
        await attempt('size', () => fromImage(new ImageData(2, 2), { size: [0, 3] }));
        const foreign = new Image();
        foreign.src = crossOrigin;
        await foreign.decode();
        await attempt('crossOrigin', () => fromImage(foreign));
        const canvas = document.createElement('canvas');
        canvas.width = 7;
        canvas.height = 5;
        const map = tf.zeros([1, 2, 2]) as import('@tensorflow/tfjs-core').Tensor3D;
        await attempt('overlayCrossOrigin', () => drawOverlay(canvas, foreign, map));
        await attempt('overlayAlpha', () => drawOverlay(canvas, new ImageData(2, 2), map, { alpha: 2 }));
        // A failed cross-origin read must not spoil later reads (a tainted canvas stays tainted).
        const clean = document.createElement('canvas');
        clean.width = 2;
        clean.height = 1;
        await attempt('afterTaint', async () => tf.dispose(fromImage(clean)));
        map.dispose();
        return { attempts, leaked: tf.memory().numTensors - before, canvas: [canvas.width, canvas.height] };
      }, `${site.server.url.replace('127.0.0.1', 'localhost')}fixtures/${STAR.file}`);
      const a = out.attempts;
      expect(a.pending).toMatch(/^INVALID_INPUT: fromImage\(\): the <img> \(src ".*never-there\.png"\) has not finished loading; wait for it with `await img\.decode\(\)`/);
      expect(a.broken).toMatch(/^INVALID_INPUT: fromImage\(\): the <img> .* is broken/);
      expect(a.video).toMatch(/^INVALID_INPUT: fromImage\(\): the <video> has no current frame yet \(readyState 0, 0×0\); wait for its 'loadeddata' event/);
      expect(a.closed).toMatch(/^INVALID_INPUT: fromImage\(\): the ImageBitmap is 0×0 pixels.*read it before closing it/);
      expect(a.empty).toMatch(/^INVALID_INPUT: fromImage\(\): the canvas is 0×150 pixels/);
      expect(a.div).toMatch(/^INVALID_INPUT: fromImage\(\): source is not an image; received an object \(HTMLDivElement\); allowed: a loaded HTMLImageElement/);
      expect(a.bytes).toMatch(/^INVALID_INPUT: fromImage\(\): image data holds 7 bytes but a 2×1 RGBA image needs 8/);
      expect(a.size).toMatch(/^INVALID_OPTION: fromImage\(\): options\.size must be \[height, width\] with two positive integers; received \[0, 3\]/);
      expect(a.crossOrigin).toMatch(/^INVALID_INPUT: fromImage\(\): the image comes from another origin without CORS.*img\.crossOrigin = 'anonymous'/);
      expect(a.overlayCrossOrigin).toMatch(/^INVALID_INPUT: drawOverlay\(\): the image comes from another origin without CORS/);
      expect(a.overlayAlpha).toMatch(/^INVALID_OPTION: drawOverlay\(\): options\.alpha .* received a number \(2\)/);
      expect(a.afterTaint).toBe('no error');
      expect(out.leaked).toBe(0);
      expect(out.canvas).toEqual([7, 5]);
    });
  });
});
