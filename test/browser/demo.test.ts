/**
 * The browser demo end to end in headless Chromium, on the wasm and webgl backends: built by
 * examples/browser/build.ts into a temp folder, served by the project's static server, driven
 * through its controls (samples, colormap, method, file input, the camera via Chromium's fake
 * device). The heatmap and overlay are read back from the page's canvases and checked against the
 * samples' ground-truth boxes and the overlay formula.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../../examples/browser/build.js';
import type { RunInfo } from '../../examples/browser/main.js';
import { startStaticServer, type StaticServer } from '../../examples/browser/staticServer.js';
import { launchChromium, REPO } from './browserHarness.js';

interface Sample {
  file: string;
  className: string;
  classIndex: number;
  box: [number, number, number, number];
}
const SAMPLES = (JSON.parse(readFileSync(join(REPO, 'examples', 'images', 'samples.json'), 'utf8')) as { samples: Sample[] }).samples;

declare const window: { demo: { runs: number; last?: RunInfo } };

/** RGBA bytes, width and height of a canvas of the page. */
const readCanvas = (page: Page, id: string) =>
  page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    return { width: c.width, height: c.height, data: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) };
  }, id);

/** Runs `act` and waits for the demo to finish the run it starts. */
async function run(page: Page, act: () => Promise<unknown>): Promise<RunInfo> {
  const before = await page.evaluate(() => window.demo.runs);
  await act();
  await page.waitForFunction((n) => window.demo.runs > n && document.body.dataset.state === 'done', before, { timeout: 60_000 });
  return page.evaluate(() => window.demo.last!);
}

/**
 * With the gray colormap a heatmap pixel is floor(255 · h). The hot region is every pixel at 90 %
 * of the peak or more; returns the peak and the share of the hot region inside the box.
 */
function hotRegion(heat: { width: number; data: number[] }, box: Sample['box']) {
  const values = heat.data.filter((_, i) => i % 4 === 0);
  const max = Math.max(...values);
  const peak = values.indexOf(max);
  const [x0, y0, x1, y1] = box;
  const inside = (i: number) => {
    const x = i % heat.width;
    const y = Math.floor(i / heat.width);
    return x >= x0 && x < x1 && y >= y0 && y < y1;
  };
  const hot = values.map((v, i) => (v >= 0.9 * max ? i : -1)).filter((i) => i >= 0);
  return { max, peakInside: inside(peak), hotShare: hot.filter(inside).length / hot.length, hotCount: hot.length };
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('the browser demo in Chromium', () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tfjs-gradcam-demo-'));
    const [built, launched] = await Promise.all([
      buildDemo(join(dir, 'site')),
      launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']),
    ]);
    browser = launched;
    server = await startStaticServer({ mounts: { '/': built } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe.each(['wasm', 'webgl'] as const)('on %s', (backend) => {
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}?backend=${backend}`);
      // The page explains the first sample once the model is loaded.
      await page.waitForFunction(() => document.body.dataset.state === 'done', undefined, { timeout: 90_000 });
    }, 120_000);

    afterAll(async () => {
      await page?.close();
    });

    it('loads on the chosen backend and lists the methods, layers, classes and colormaps', async () => {
      const lists = await page.evaluate(() => {
        const values = (id: string) => Array.from((document.getElementById(id) as HTMLSelectElement).options).map((o) => o.value);
        return { backend: (document.getElementById('backend') as HTMLSelectElement).value, method: values('method'), layer: values('layer'), cls: values('class'), colormap: values('colormap'), samples: document.querySelectorAll('#samples img').length, last: window.demo.last };
      });
      expect(lists.backend).toBe(backend);
      expect(lists.method[0]).toBe('grad-cam');
      expect(lists.method).toContain('grad-cam++');
      expect(lists.layer[0]).toBe('');
      expect(lists.layer).toContain('base/base_relu5');
      expect(lists.cls).toEqual(['', '0', '1', '2', '3', '4', '5']);
      expect(lists.colormap).toEqual(expect.arrayContaining(['jet', 'turbo', 'viridis', 'gray']));
      expect(lists.samples).toBe(12);
      expect(lists.last).toMatchObject({ source: 'sample', file: SAMPLES[0]!.file, backend, method: 'grad-cam', layerName: 'base/base_relu5' });
    });

    it('Grad-CAM on the samples: the hottest region of the heatmap canvas lies on the object', async () => {
      await run(page, () => page.selectOption('#colormap', 'gray'));
      const files = backend === 'wasm' ? SAMPLES : SAMPLES.filter((s) => s.file === 'star-1.png' || s.file === 'ring-1.png');
      for (const s of files) {
        const info = await run(page, () => page.click(`#samples img[data-file="${s.file}"]`));
        expect(info).toMatchObject({ source: 'sample', file: s.file, backend, method: 'grad-cam', classIndex: s.classIndex, className: s.className, peakInBox: true });
        const heat = await readCanvas(page, 'heatmap');
        expect([heat.width, heat.height]).toEqual([96, 96]);
        const region = hotRegion(heat, s.box);
        // Min-max normalised with ε = 1e-7 in the denominator, the peak is just below 1: floor(255 · h) = 254.
        expect(region.max, s.file).toBeGreaterThanOrEqual(254);
        expect(region.peakInside, s.file).toBe(true);
        expect(region.hotShare, `${s.file}: ${region.hotCount} hot pixels`).toBeGreaterThanOrEqual(0.6);
      }
    });

    it('the overlay canvas is round(0.5 · input + 0.5 · colour) of the input and heatmap canvases', async () => {
      const [input, heat, over] = await Promise.all([readCanvas(page, 'input'), readCanvas(page, 'heatmap'), readCanvas(page, 'overlay')]);
      expect([over.width, over.height]).toEqual([input.width, input.height]);
      const roundHalfEven = (v: number) => (v - Math.floor(v) === 0.5 ? (Math.floor(v) % 2 === 0 ? Math.floor(v) : Math.ceil(v)) : Math.round(v));
      const expected = input.data.map((v, i) => (i % 4 === 3 ? 255 : roundHalfEven(0.5 * v + 0.5 * heat.data[i]!)));
      expect(over.data).toEqual(expected);
    });

    it('method, class and file input: Grad-CAM++ for a chosen class on a picked file', async () => {
      await run(page, () => page.selectOption('#colormap', 'jet'));
      await run(page, () => page.selectOption('#method', 'grad-cam++'));
      await run(page, () => page.selectOption('#class', '5'));
      const info = await run(page, () => page.setInputFiles('#file', join(REPO, 'examples', 'images', 'ring-1.png')));
      expect(info).toMatchObject({ source: 'file', method: 'grad-cam++', classIndex: 5, className: 'ring', backend });
      expect(info.peakInBox).toBeUndefined(); // no ground truth for a user's file
      const ring = SAMPLES.find((s) => s.file === 'ring-1.png')!;
      const [x0, y0, x1, y1] = ring.box;
      expect(info.peak[0] >= x0 - 4 && info.peak[0] < x1 + 4 && info.peak[1] >= y0 - 4 && info.peak[1] < y1 + 4).toBe(true);
      const over = await readCanvas(page, 'overlay');
      expect([over.width, over.height]).toEqual([96, 96]);
      await run(page, () => page.selectOption('#class', ''));
      await run(page, () => page.selectOption('#method', 'grad-cam'));
    });

    it.runIf(backend === 'wasm')('the camera (Chromium’s fake device) is explained frame after frame at its own size', async () => {
      const first = await run(page, () => page.click('#camera'));
      expect(first).toMatchObject({ source: 'camera', backend });
      const second = await run(page, async () => undefined); // the loop goes on by itself
      expect(second.source).toBe('camera');
      const sizes = await page.evaluate(() => ['input', 'overlay', 'heatmap'].map((id) => [(document.getElementById(id) as HTMLCanvasElement).width, (document.getElementById(id) as HTMLCanvasElement).height]));
      expect(sizes).toEqual([[640, 480], [640, 480], [96, 96]]); // the overlay at the frame's size, the map at the model's
      await page.click('#camera');
      expect(await page.textContent('#camera')).toBe('Use the camera');
    });

    it('logs no page error', () => {
      expect(errors).toEqual([]);
    });
  });
});
