// Packs the package with `npm pack`, installs the tarball into a temp project (offline: extracted
// with tar, peers linked from this repo's node_modules) and uses every entry point from a plain
// Node ESM script (`import`) and a CommonJS script (`require`): Grad-CAM on a tiny conv model with
// a closed-form answer, a colormap, PNG encoding, and CamError across entry points.
import * as tf from '@tensorflow/tfjs-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as srcBrowser from '../../src/browser/index.js';
import { applyColormap } from '../../src/colormaps/applyColormap.js';
import * as srcRoot from '../../src/index.js';
import * as srcNode from '../../src/node/index.js';

const REPO = resolve(fileURLToPath(new URL('../../', import.meta.url)));
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

const DIST_FILES = ['index.js', 'index.cjs', 'index.d.ts', 'node/index.js', 'node/index.cjs', 'node/index.d.ts', 'browser/index.js', 'browser/index.cjs', 'browser/index.d.ts', 'cli.js'];

/** Newest modification time of the build's inputs (src/ and the build configuration). */
function newestInputMtime(): number {
  let newest = 0;
  for (const f of ['package.json', 'tsup.config.ts', 'tsconfig.json']) newest = Math.max(newest, statSync(join(REPO, f)).mtimeMs);
  for (const rel of readdirSync(join(REPO, 'src'), { recursive: true }) as string[]) {
    newest = Math.max(newest, statSync(join(REPO, 'src', rel)).mtimeMs);
  }
  return newest;
}

/** True when a dist/ entry file is missing or older than an input. */
function distIsStale(): boolean {
  const files = DIST_FILES.map((f) => join(REPO, 'dist', f));
  if (!files.every((f) => existsSync(f))) return true;
  const oldest = Math.min(...files.map((f) => statSync(f).mtimeMs));
  return oldest < newestInputMtime();
}

/** String leaves of an `exports` map, e.g. `./dist/index.js`. */
function exportTargets(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(exportTargets);
  return [];
}

const run = (file: string, args: string[], cwd: string): string => {
  try {
    return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
};

let tmp = '';
let installedDir = '';
let tarEntries: string[] = [];
const outputs: Record<'esm' | 'cjs', ScriptOutput> = {} as Record<'esm' | 'cjs', ScriptOutput>;

beforeAll(() => {
  if (distIsStale()) run('npm', ['run', 'build'], REPO);
  tmp = mkdtempSync(join(tmpdir(), 'tfjs-gradcam-pack-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--offline', '--pack-destination', tmp], REPO)) as { filename: string }[];
  const tarball = join(tmp, packed[0].filename);
  tarEntries = run('tar', ['-tzf', tarball], tmp)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^package\//, ''));

  const project = join(tmp, 'project');
  const installed = join(project, 'node_modules', 'tfjs-gradcam');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-test-project', private: true, type: 'commonjs' }));
  run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], tmp);
  installedDir = installed;
  // Peers and dependencies come from this repo (no network); Node resolves the links to one copy.
  for (const dep of ['@tensorflow', 'pngjs', 'jpeg-js']) symlinkSync(join(REPO, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
  writeFileSync(join(project, 'check.mjs'), ESM_SCRIPT);
  writeFileSync(join(project, 'check.cjs'), CJS_SCRIPT);
  outputs.esm = JSON.parse(run(process.execPath, ['check.mjs'], project)) as ScriptOutput;
  outputs.cjs = JSON.parse(run(process.execPath, ['check.cjs'], project)) as ScriptOutput;
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
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

describe.each(['esm', 'cjs'] as const)('installed package used from %s', (kind) => {
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
    expect(browserInNode).toMatchObject({ name: 'CamError', code: 'WRONG_RUNTIME', isRootCamError: true });
    expect(browserInNode!.message).toMatch(/^toImageData\(\): .*'tfjs-gradcam\/node'/);
    expect(nodeBadBytes).toMatchObject({ name: 'CamError', code: 'UNSUPPORTED_FORMAT', isRootCamError: true });
    expect(rootBadLayer).toMatchObject({ name: 'CamError', code: 'LAYER_NOT_FOUND', isRootCamError: true });
  });
});

describe('ESM and CommonJS builds', () => {
  it('compute the same numbers', () => {
    expect(outputs.cjs.heatmap).toEqual(outputs.esm.heatmap);
    expect(outputs.cjs.colored).toEqual(outputs.esm.colored);
    expect(outputs.cjs.score).toEqual(outputs.esm.score);
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
