// The evaluation report's core on a tiny subset: the held-out split, the scores' ranges, the page and the grid.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { evaluatedMethods, evaluateMethods, type Evaluation } from '../../tools/evaluate/evaluateMethods.js';
import { formatEvaluationReport } from '../../tools/evaluate/formatEvaluationReport.js';
import { heldOutSplit } from '../../tools/evaluate/heldOutSplit.js';
import { renderEvaluationGrid } from '../../tools/evaluate/renderEvaluationGrid.js';

interface SampleEntry {
  file: string;
  classIndex: number;
  box: number[];
  source: { index: number };
}
const samplesJson = JSON.parse(readFileSync('examples/images/samples.json', 'utf8')) as { samples: SampleEntry[] };

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('heldOutSplit', () => {
  it('takes the first images of each class of the test split, balanced and in split order', () => {
    const { samples, classes, source } = heldOutSplit(14);
    expect(source).toEqual({ count: 1200, seed: 8, size: 96 });
    expect(classes).toHaveLength(6);
    expect(samples.map((s) => s.label).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const indices = samples.map((s) => s.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    // The bundled sample images are the first two of each class: the same images and boxes.
    for (const entry of samplesJson.samples) {
      const s = samples.find((x) => x.index === entry.source.index);
      expect(s, entry.file).toBeDefined();
      expect(s!.label).toBe(entry.classIndex);
      expect(s!.box).toEqual(entry.box);
      expect(s!.image).toHaveLength(96 * 96 * 3);
    }
    expect(() => heldOutSplit(0)).toThrow(RangeError);
    expect(() => heldOutSplit(1201)).toThrow(/1 to 1200/);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('evaluateMethods', () => {
  let model: LayersModel;
  let evaluation: Evaluation;
  let tensorsBefore: number;
  let tensorsAfter: number;

  beforeAll(async () => {
    // The evaluation runs on wasm, as the tool does (many forward passes; cpu is 25–50× slower).
    await tf.setBackend('wasm');
    await tf.ready();
    model = await loadLayersModel('examples/model/model.json');
    tensorsBefore = tf.memory().numTensors;
    evaluation = await evaluateMethods({
      model,
      count: 6,
      methods: ['grad-cam', 'ablation-cam', 'guided-grad-cam'],
      steps: 8,
      percentiles: [20, 50, 80],
      roadCount: 1,
      sanityCount: 6,
      batchSize: 6,
    });
    tensorsAfter = tf.memory().numTensors;
  });
  afterAll(async () => {
    model?.dispose();
    await tf.setBackend('cpu');
  });

  it('frees every tensor it creates', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  it('records the settings, the layer and the accuracy', () => {
    const s = evaluation.settings;
    expect(s).toMatchObject({ count: 6, steps: 8, percentiles: [20, 50, 80], roadCount: 1, sanityCount: 6, batchSize: 6, backend: 'wasm', layerName: 'base/base_relu5' });
    expect(s.sanityLayers[0]).toBe('predictions');
    expect(s.sanityLayers.length).toBeGreaterThan(1);
    expect(evaluation.accuracy).toBe(1);
    expect(evaluation.rows.map((r) => r.method)).toEqual(['grad-cam', 'ablation-cam', 'guided-grad-cam']);
  });

  it('gives scores in range, with Grad-CAM localising and faithful', () => {
    for (const r of evaluation.rows) {
      expect(r.pointing).toBeCloseTo(r.pointingHits / 6, 12);
      for (const v of [r.pointing, r.energyInBox, r.deletionAuc, r.insertionAuc, r.averageDrop, r.increaseRate]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(Math.abs(r.roadCombined!)).toBeLessThanOrEqual(1);
      expect(r.msPerImage).toBeGreaterThan(0);
    }
    const grad = evaluation.rows[0]!;
    expect(grad.pointingHits).toBeGreaterThanOrEqual(5);
    expect(grad.deletionAuc).toBeLessThan(grad.insertionAuc);
    expect(grad.energyInBox).toBeGreaterThan(0.2); // the boxes cover 4–20 % of the image
    for (const v of [grad.sanityTop!, grad.sanityCascade!]) {
      expect(v).toBeGreaterThanOrEqual(-1);
      expect(v).toBeLessThanOrEqual(1);
    }
    const guided = evaluation.rows[2]!;
    expect(guided.sanityTop).toBeNull();
    expect(guided.sanityCascade).toBeNull();
  });

  it('keeps one map per method and class for the grid, in [0, 1]', () => {
    const { samples, maps } = evaluation.grid;
    expect(samples.map((s) => s.label)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(samples[0]!.index).toBe(11); // circle-1.png
    expect(maps).toHaveLength(3);
    for (const row of maps) {
      expect(row).toHaveLength(6);
      for (const m of row) {
        expect(m).toHaveLength(96 * 96);
        expect(Math.min(...m)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...m)).toBeLessThanOrEqual(1);
        expect(Math.max(...m)).toBeGreaterThan(0.99);
      }
    }
  });

  it('writes a page with the table rows and a reading drawn from the numbers', () => {
    const page = formatEvaluationReport(evaluation, { command: 'npm run evaluate -- --count 6', gridImage: 'images/evaluation-grid.png' });
    const grad = evaluation.rows[0]!;
    expect(page).toContain('`npm run evaluate -- --count 6`');
    expect(page).toContain('| Method | Pointing game ↑ | Energy in box ↑ | Deletion AUC ↓ | Insertion AUC ↑ | ROAD combined ↑ | Average drop ↓ | Increase rate ↑ | Sanity: top layer ↓ | Sanity: all layers ↓ | ms / image |');
    const gradRow = `| Grad-CAM | ${(grad.pointing * 100).toFixed(1)} % (${grad.pointingHits}/6) | ${grad.energyInBox.toFixed(3)} | ${grad.deletionAuc.toFixed(3)} | ${grad.insertionAuc.toFixed(3)} | `;
    expect(page).toContain(gradRow);
    expect(page).toMatch(/^\| Ablation-CAM \| /m);
    expect(page).toMatch(/^\| Guided Grad-CAM \| .* \| — \| — \| [\d.]+ \|$/m);
    expect(page).toContain(`Grad-CAM's map peaks inside the object's box for ${grad.pointingHits} of 6 images`);
    expect(page).toContain('![Overlays of every method on one image per class](images/evaluation-grid.png)');
    expect(page).toContain('`generateDataset(1200, 8, 96)`');
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('renderEvaluationGrid', () => {
  it('lays out labelled overlays with the box outlined', async () => {
    const size = 32;
    const image = new Uint8Array(size * size * 3).fill(100);
    const zero = new Float32Array(size * size);
    const before = tf.memory().numTensors;
    const grid = await renderEvaluationGrid({
      images: [image, image],
      boxes: [[4, 6, 20, 10], [0, 0, 32, 32]],
      maps: [[zero, zero]],
      size,
      rowLabels: ['ab'],
      columnLabels: ['x', 'y'],
      scale: 2,
      textScale: 1,
    });
    const [height, width] = grid.shape;
    const labelWidth = 2 * 6 + 2 * 4;
    expect(grid.shape).toEqual([8 + 2 * 4 + 64 + 4, labelWidth + 2 * (64 + 4), 3]);
    const px = (await grid.array()) as number[][][];
    grid.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const top = 16;
    // A zero map is jet's dark blue [0, 0, 128]; blended half and half with grey 100: [50, 50, 114].
    expect(px[top + 20]![labelWidth + 20]).toEqual([50, 50, 114]);
    // The box [4, 6, 20, 10) at scale 2: outline on rows 12 and 19, columns 8 and 39 of the cell.
    expect(px[top + 12]![labelWidth + 8]).toEqual([255, 255, 255]);
    expect(px[top + 19]![labelWidth + 39]).toEqual([255, 255, 255]);
    expect(px[top + 15]![labelWidth + 20]).toEqual([50, 50, 114]);
    // Labels in white on the dark background, the gaps dark.
    expect(px.slice(0, 16).some((row) => row.some((p) => p[0] === 255))).toBe(true);
    expect(px.slice(top).some((row) => row.slice(0, labelWidth).some((p) => p[0] === 255))).toBe(true);
    expect(px[height - 1]![width - 1]).toEqual([24, 24, 24]);
  });
});

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('docs/evaluation.md and docs/evaluation.json', () => {
  it('hold every method, numbers in range, and the page is the JSON rendered by the current writer', () => {
    const json = JSON.parse(readFileSync('docs/evaluation.json', 'utf8')) as { command: string; settings: Evaluation['settings']; accuracy: number; methods: Evaluation['rows'] };
    expect(json.methods.map((r) => r.method)).toEqual([...evaluatedMethods]);
    expect(json.settings).toMatchObject({ count: 120, source: { count: 1200, seed: 8, size: 96 }, layerName: 'base/base_relu5', backend: 'wasm' });
    for (const r of json.methods) {
      expect(r.pointing).toBeCloseTo(r.pointingHits / 120, 12);
      for (const v of [r.energyInBox, r.deletionAuc, r.insertionAuc, r.averageDrop, r.increaseRate]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(r.deletionAuc).toBeLessThan(r.insertionAuc);
    }
    const evaluation: Evaluation = { settings: json.settings, accuracy: json.accuracy, rows: json.methods, grid: { samples: [], maps: [] }, seconds: 0 };
    const page = formatEvaluationReport(evaluation, { command: json.command, gridImage: 'images/evaluation-grid.png', jsonFile: 'docs/evaluation.json' });
    expect(readFileSync('docs/evaluation.md', 'utf8')).toBe(page);
  });
});
