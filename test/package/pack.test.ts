// Packs the package with `npm pack`, installs the tarball into a temp project (offline: extracted
// with tar, peers linked from this repo's node_modules) and uses every entry point from a plain
// Node ESM script (`import`), a CommonJS script (`require`), a TypeScript script run by tsx and the
// same script run by Deno (through the project's node_modules, offline): Grad-CAM on a tiny conv
// model with a closed-form answer, a colormap, PNG encoding, and CamError across entry points. An
// app entry importing 'tfjs-gradcam' and 'tfjs-gradcam/browser' is bundled with esbuild from the
// project and run in headless Chromium; `deno check` type-checks a typed consumer.
import * as tf from '@tensorflow/tfjs-core';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as srcBrowser from '../../src/browser/index.js';
import { applyColormap } from '../../src/colormaps/applyColormap.js';
import * as srcRoot from '../../src/index.js';
import * as srcNode from '../../src/node/index.js';
import { launchChromium } from '../browser/browserHarness.js';
import { DENO, denoOffline, DIST_FILES, packedProject, REPO, run, type PackedProject } from '../helpers/packedPackage.js';

const PKG = JSON.parse(execFileSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: REPO, encoding: 'utf8' })) as {
  name: string;
  version: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports: unknown;
};

/** The tiny model's input, [1, 5, 6, 1]; the expected map is relu(x) / max relu(x). */
const H = 5;
const W = 6;
const XS = Array.from({ length: H * W }, (_, i) => ((i * 7) % 11) - 4);

/** Used by both scripts after their own import/require header (`tf`, `tfl`, `root`, `nodeEntry`, `browserEntry`, `pkg`). */
const BODY = `
const H = ${H}, W = ${W};
const XS = ${JSON.stringify(XS)};
const errInfo = (f) => { try { f(); return null; } catch (e) { return { name: e.name, code: e.code, isRootCamError: e instanceof root.CamError, message: e.message }; } };
async function main() {
  if (!(await tf.setBackend('cpu'))) throw new Error('no cpu backend');
  await tf.ready();
  // conv (3x3, centre tap +1 / -1, relu) -> global average pool -> dense (identity, softmax).
  const model = tfl.sequential({ layers: [
    tfl.layers.conv2d({ name: 'conv', inputShape: [H, W, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', useBias: false }),
    tfl.layers.globalAveragePooling2d({ name: 'gap' }),
    tfl.layers.dense({ name: 'head', units: 2, activation: 'softmax', useBias: false }),
  ] });
  const kernel = new Float32Array(3 * 3 * 1 * 2);
  kernel[(1 * 3 + 1) * 2 + 0] = 1;
  kernel[(1 * 3 + 1) * 2 + 1] = -1;
  const weights = [tf.tensor4d(kernel, [3, 3, 1, 2]), tf.tensor2d([[1, 0], [0, 1]])];
  model.setWeights(weights);
  tf.dispose(weights);
  const x = tf.tensor4d(XS, [1, H, W, 1]);
  const before = tf.memory().numTensors;

  const result = root.gradCam(model, x, { layerName: 'conv', classIndex: 0 });
  const colored = root.applyColormap(result.heatmap, 'jet');
  const rgb = tf.squeeze(colored, [0]);
  const png = await nodeEntry.encodePng(rgb);
  const back = nodeEntry.decodeImage(png);
  const rgbValues = Array.from(rgb.dataSync());
  const out = {
    exports: { root: Object.keys(root).sort(), node: Object.keys(nodeEntry).sort(), browser: Object.keys(browserEntry).sort() },
    pkg: { name: pkg.name, version: pkg.version },
    heatmapShape: result.heatmap.shape,
    heatmap: Array.from(result.heatmap.dataSync()),
    score: Array.from(result.score.dataSync()),
    classIndex: Array.from(result.classIndex.dataSync()),
    layerName: result.layerName,
    method: result.method,
    coloredShape: colored.shape,
    coloredDtype: colored.dtype,
    colored: rgbValues,
    pngIsUint8Array: png instanceof Uint8Array,
    pngSignature: Array.from(png.subarray(0, 8)),
    pngRoundTrip: back.shape.join() === rgb.shape.join() && Array.from(back.dataSync()).every((v, i) => v === rgbValues[i]),
    errors: {
      browserInNode: errInfo(() => browserEntry.toImageData(rgb)),
      nodeBadBytes: errInfo(() => nodeEntry.decodeImage(new Uint8Array([1, 2, 3, 4]))),
      rootBadLayer: errInfo(() => root.gradCam(model, x, { layerName: 'nope' })),
    },
  };
  tf.dispose([colored, rgb, back]);
  result.dispose();
  out.leakedTensors = tf.memory().numTensors - before;
  x.dispose();
  model.dispose();
  console.log(JSON.stringify(out));
}
main().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
`;

const ESM_SCRIPT = `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as root from 'tfjs-gradcam';
import * as nodeEntry from 'tfjs-gradcam/node';
import * as browserEntry from 'tfjs-gradcam/browser';
import pkg from 'tfjs-gradcam/package.json' with { type: 'json' };
${BODY}`;

/** The ESM script as TypeScript, for tsx and Deno (the body is plain JavaScript, valid TypeScript when not type-checked). */
const TS_SCRIPT = `// @ts-nocheck
${ESM_SCRIPT}`;

const CJS_SCRIPT = `'use strict';
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');
const root = require('tfjs-gradcam');
const nodeEntry = require('tfjs-gradcam/node');
const browserEntry = require('tfjs-gradcam/browser');
const pkg = require('tfjs-gradcam/package.json');
${BODY}`;

interface ErrInfo {
  name: string;
  code: string;
  isRootCamError: boolean;
  message: string;
}
interface ScriptOutput {
  exports: { root: string[]; node: string[]; browser: string[] };
  pkg: { name: string; version: string };
  heatmapShape: number[];
  heatmap: number[];
  score: number[];
  classIndex: number[];
  layerName: string;
  method: string;
  coloredShape: number[];
  coloredDtype: string;
  colored: number[];
  pngIsUint8Array: boolean;
  pngSignature: number[];
  pngRoundTrip: boolean;
  errors: { browserInNode: ErrInfo | null; nodeBadBytes: ErrInfo | null; rootBadLayer: ErrInfo | null };
  leakedTensors: number;
}

/** String leaves of an `exports` map, e.g. `./dist/index.js`. */
function exportTargets(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(exportTargets);
  return [];
}

const KINDS = ['esm', 'cjs', 'tsx', 'deno'] as const;
type Kind = (typeof KINDS)[number];

let packed: PackedProject;
let tmp = '';
let installedDir = '';
let tarEntries: string[] = [];
const outputs = {} as Record<Kind, ScriptOutput>;

beforeAll(() => {
  packed = packedProject('commonjs');
  ({ tmp, tarEntries, installed: installedDir } = packed);
  const project = packed.project;
  writeFileSync(join(project, 'check.mjs'), ESM_SCRIPT);
  writeFileSync(join(project, 'check.cjs'), CJS_SCRIPT);
  writeFileSync(join(project, 'check.mts'), TS_SCRIPT);
  outputs.esm = JSON.parse(run(process.execPath, ['check.mjs'], project)) as ScriptOutput;
  outputs.cjs = JSON.parse(run(process.execPath, ['check.cjs'], project)) as ScriptOutput;
  outputs.tsx = JSON.parse(run(join(REPO, 'node_modules', '.bin', 'tsx'), ['check.mts'], project)) as ScriptOutput;
  const deno = denoOffline(tmp);
  outputs.deno = JSON.parse(run(DENO, ['run', ...deno.flags, '--allow-read', 'check.mts'], project, deno.env)) as ScriptOutput;
}, 300_000);

afterAll(() => {
  packed?.cleanup();
});

describe('npm pack tarball', () => {
  it('holds the build, README, LICENSE and CHANGELOG, and no sources, tests or node_modules', () => {
    expect(tarEntries.filter((f) => /^(src|test|node_modules)\//.test(f))).toEqual([]);
    for (const f of [...DIST_FILES.map((d) => `dist/${d}`), 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
      expect(tarEntries, f).toContain(f);
    }
  });

  it('holds every file that package.json exports, main, module, types and bin point to', () => {
    const targets = [...exportTargets(PKG.exports), PKG.main, PKG.module, PKG.types, ...exportTargets(PKG.bin)].filter((t): t is string => typeof t === 'string');
    expect(targets.length).toBeGreaterThanOrEqual(13);
    for (const t of targets) expect(tarEntries, t).toContain(t.replace(/^\.\//, ''));
  });
});

describe.each(KINDS)('installed package used from %s', (kind) => {
  it('exposes the same names per entry point as the sources, and package.json', () => {
    const out = outputs[kind];
    expect(out.exports.root).toEqual(Object.keys(srcRoot).sort());
    expect(out.exports.node).toEqual(Object.keys(srcNode).sort());
    expect(out.exports.browser).toEqual(Object.keys(srcBrowser).sort());
    expect(out.pkg).toEqual({ name: PKG.name, version: PKG.version });
  });

  it('runs gradCam on a conv model: the map is relu(x) / max relu(x), the score is the logit', () => {
    const out = outputs[kind];
    expect(out.heatmapShape).toEqual([1, H, W]);
    const relu = XS.map((v) => Math.max(v, 0));
    const max = Math.max(...relu);
    expect(out.heatmap).toHaveLength(H * W);
    out.heatmap.forEach((v, i) => expect(v).toBeCloseTo(relu[i] / max, 5));
    expect(Math.min(...out.heatmap)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out.heatmap)).toBeLessThanOrEqual(1);
    // The logit of class 0 is mean(relu(x)) (a softmax probability would be below 1 and differ).
    expect(out.score[0]).toBeCloseTo(relu.reduce((a, b) => a + b, 0) / (H * W), 5);
    expect(out.classIndex).toEqual([0]);
    expect([out.layerName, out.method]).toEqual(['conv', 'grad-cam']);
    expect(out.leakedTensors).toBe(0);
  });

  it('colours the map with jet like the sources, and encodes it as a PNG that decodes back', () => {
    const out = outputs[kind];
    expect(out.coloredShape).toEqual([1, H, W, 3]);
    expect(out.coloredDtype).toBe('int32');
    const heat = tf.tensor3d(out.heatmap, [1, H, W]);
    const expected = applyColormap(heat, 'jet');
    expect(out.colored).toEqual(Array.from(expected.dataSync()));
    tf.dispose([heat, expected]);
    // Where x <= 0 the map is 0: jet row 0 is OpenCV's BGR (128, 0, 0), i.e. RGB (0, 0, 128).
    expect(out.colored.slice(XS.indexOf(-4) * 3, XS.indexOf(-4) * 3 + 3)).toEqual([0, 0, 128]);
    expect(out.pngIsUint8Array).toBe(true);
    expect(out.pngSignature).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(out.pngRoundTrip).toBe(true);
  });

  it('throws one CamError class from every entry point, the browser one naming tfjs-gradcam/node', () => {
    const { browserInNode, nodeBadBytes, rootBadLayer } = outputs[kind].errors;
    if (kind === 'deno') {
      expect(browserInNode).toBeNull(); // Deno has the DOM's ImageData, so toImageData works there
    } else {
      expect(browserInNode).toMatchObject({ name: 'CamError', code: 'WRONG_RUNTIME', isRootCamError: true });
      expect(browserInNode!.message).toMatch(/^toImageData\(\): .*'tfjs-gradcam\/node'/);
    }
    expect(nodeBadBytes).toMatchObject({ name: 'CamError', code: 'UNSUPPORTED_FORMAT', isRootCamError: true });
    expect(rootBadLayer).toMatchObject({ name: 'CamError', code: 'LAYER_NOT_FOUND', isRootCamError: true });
  });
});

describe('ESM and CommonJS builds', () => {
  it('compute the same numbers in Node (import, require, tsx) and Deno', () => {
    for (const kind of ['cjs', 'tsx', 'deno'] as const) {
      expect(outputs[kind].heatmap, kind).toEqual(outputs.esm.heatmap);
      expect(outputs[kind].colored, kind).toEqual(outputs.esm.colored);
      expect(outputs[kind].score, kind).toEqual(outputs.esm.score);
    }
  });
});

describe('installed CLI (dist/cli.js)', () => {
  it('starts with a node shebang, prints the version and explains a demo image on the default (wasm) backend', () => {
    const cli = join(installedDir, 'dist', 'cli.js');
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const project = join(tmp, 'project');
    expect(run(process.execPath, [cli, '--version'], project)).toBe(`${PKG.version}\n`);
    const out = join(tmp, 'cli-out');
    const stdout = run(process.execPath, [cli, 'explain', join(REPO, 'examples', 'images', 'star-1.png'), '--model', join(REPO, 'examples', 'model', 'model.json'), '--out', out, '--json'], project);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, class: 3, label: 'star', layer: 'base/base_relu5', method: 'grad-cam', output: join(out, 'star-1-grad-cam.png') });
    expect(Array.from(readFileSync(join(out, 'star-1-grad-cam.png')).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

/** An app's entry: the installed package's root and browser entry points, bundled for the browser. */
const BROWSER_APP = `
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as root from 'tfjs-gradcam';
import * as browserEntry from 'tfjs-gradcam/browser';
window.check = async () => {
  await tf.setBackend('cpu');
  const H = ${H}, W = ${W};
  const model = tfl.sequential({ layers: [
    tfl.layers.conv2d({ name: 'conv', inputShape: [H, W, 1], filters: 2, kernelSize: 3, padding: 'same', activation: 'relu', useBias: false }),
    tfl.layers.globalAveragePooling2d({ name: 'gap' }),
    tfl.layers.dense({ name: 'head', units: 2, activation: 'softmax', useBias: false }),
  ] });
  const kernel = new Float32Array(18);
  kernel[8] = 1;
  kernel[9] = -1;
  const weights = [tf.tensor4d(kernel, [3, 3, 1, 2]), tf.tensor2d([[1, 0], [0, 1]])];
  model.setWeights(weights);
  tf.dispose(weights);
  // The input comes through fromImage: red channel bytes = XS + 4, scaled back to XS.
  const xs = ${JSON.stringify(XS)};
  const rgba = new Uint8ClampedArray(H * W * 4);
  xs.forEach((v, i) => rgba.set([v + 4, 0, 0, 255], i * 4));
  const before = tf.memory().numTensors;
  const rgb = browserEntry.fromImage(new ImageData(rgba, W, H), { offset: -4, batch: true });
  const x = tf.slice(rgb, [0, 0, 0, 0], [1, H, W, 1]);
  const result = root.gradCam(model, x, { layerName: 'conv', classIndex: 0 });
  const canvas = document.createElement('canvas');
  const drawn = await browserEntry.drawHeatmap(canvas, result.heatmap, { colormap: 'jet' });
  const onCanvas = Array.from(canvas.getContext('2d').getImageData(0, 0, W, H).data);
  let error = null;
  try { await browserEntry.drawHeatmap(canvas, result.heatmap, { index: 3 }); } catch (e) { error = { name: e.name, code: e.code, isRootCamError: e instanceof root.CamError }; }
  const out = {
    browserExports: Object.keys(browserEntry).sort(),
    heatmap: Array.from(await result.heatmap.data()),
    drawn: Array.from(drawn.data),
    onCanvas,
    size: [canvas.width, canvas.height],
    error,
  };
  tf.dispose([rgb, x]);
  result.dispose();
  out.leakedTensors = tf.memory().numTensors - before;
  return out;
};
`;

describe('installed package bundled for the browser (esbuild) and run in headless Chromium', () => {
  it('imports tfjs-gradcam and tfjs-gradcam/browser, explains the conv model and draws the heatmap', async () => {
    const bundle = await build({
      stdin: { contents: BROWSER_APP, resolveDir: packed.project, loader: 'js' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    // Resolved from the installed package's dist/, not from this repo's src/.
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((f) => /node_modules\/tfjs-gradcam\/dist\/browser\/index\.js$/.test(f))).toBe(true);
    expect(inputs.some((f) => /(^|\/)src\//.test(f) && !f.includes('node_modules'))).toBe(false);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><title>packed</title>');
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
      const out = (await page.evaluate('window.check()')) as {
        browserExports: string[];
        heatmap: number[];
        drawn: number[];
        onCanvas: number[];
        size: number[];
        error: unknown;
        leakedTensors: number;
      };
      expect(out.browserExports).toEqual(Object.keys(srcBrowser).sort());
      const relu = XS.map((v) => Math.max(v, 0));
      out.heatmap.forEach((v, i) => expect(v).toBeCloseTo(relu[i]! / Math.max(...relu), 5));
      const heat = tf.tensor3d(out.heatmap, [1, H, W]);
      const jet = applyColormap(heat, 'jet');
      const rgba = Array.from(jet.dataSync()).flatMap((v, i) => (i % 3 === 2 ? [v, 255] : [v]));
      tf.dispose([heat, jet]);
      expect(out.onCanvas).toEqual(rgba);
      expect(out.drawn).toEqual(rgba);
      expect(out.size).toEqual([W, H]);
      expect(out.error).toEqual({ name: 'CamError', code: 'INVALID_OPTION', isRootCamError: true });
      expect(out.leakedTensors).toBe(0);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('installed package under Deno', () => {
  it('deno check accepts a typed consumer of the three entry points and rejects a wrong option', () => {
    writeFileSync(
      join(packed.project, 'typed.ts'),
      `import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { applyColormap, gradCam, type CamResult } from 'tfjs-gradcam';
import { fromImage, type FromImageOptions } from 'tfjs-gradcam/browser';
import { encodePng } from 'tfjs-gradcam/node';

export function explain(model: LayersModel, bytes: Uint8Array): Promise<Uint8Array> {
  const options: FromImageOptions & { batch: true } = { size: [2, 2], scale: 1 / 255, batch: true };
  const x: tf.Tensor4D = fromImage({ data: bytes, width: 2, height: 2 }, options);
  const result: CamResult = gradCam(model, x);
  // @ts-expect-error: size is [height, width]
  fromImage({ data: bytes, width: 2, height: 2 }, { size: 3 });
  return encodePng(tf.squeeze(applyColormap(result.heatmap), [0]));
}
`,
    );
    const deno = denoOffline(tmp);
    run(DENO, ['check', ...deno.flags, 'typed.ts'], packed.project, deno.env);
    writeFileSync(join(packed.project, 'wrong.ts'), `import { fromImage } from 'tfjs-gradcam/browser';\nfromImage({ data: new Uint8Array(4), width: 1, height: 1 }, { channels: 2 });\n`);
    let failure = '';
    try {
      execFileSync(DENO, ['check', ...deno.flags, 'wrong.ts'], { cwd: packed.project, env: deno.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      failure = String((e as { stderr?: string }).stderr ?? e);
    }
    expect(failure).toMatch(/wrong\.ts/);
    expect(failure).toMatch(/Type '2' is not assignable to type '3 \| 4/);
  }, 60_000);
});
