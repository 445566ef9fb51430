/**
 * The evaluation report: every CAM method on held-out images of the demo data set, scored for
 * localisation, faithfulness and weight sensitivity, and timed. Writes docs/evaluation.md,
 * docs/evaluation.json and docs/images/evaluation-grid.png.
 *
 *   npm run evaluate                                  # 120 images, every method, wasm
 *   npm run evaluate -- --count 60 --methods grad-cam,score-cam --out out/evaluation
 *
 * Options: --count N (images, default 120), --methods a,b (default: every CAM method and
 * guided-grad-cam), --steps N (deletion/insertion, default 10), --road-count N (images for ROAD,
 * default 120, 0 skips), --sanity-count N (images for the sanity check, default 12, 0 skips),
 * --batch-size N (default 8),
 * --backend wasm|cpu (default wasm), --out DIR (default docs).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import sharp from 'sharp';
import { encodePng } from '../../src/node/encodePng.js';
import { evaluatedMethods, evaluateMethods, type EvaluatedMethod, type Evaluation } from './evaluateMethods.js';
import { formatEvaluationReport } from './formatEvaluationReport.js';
import { renderEvaluationGrid } from './renderEvaluationGrid.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function positiveInt(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer >= ${min}; received ${text}`);
  return v;
}

/** The numbers of the page at full precision (the page rounds them), so the page can be rebuilt from the file. */
function toJson(evaluation: Evaluation, command: string): unknown {
  return {
    command,
    settings: evaluation.settings,
    accuracy: evaluation.accuracy,
    methods: evaluation.rows.map((row) => ({
      method: row.method,
      pointingHits: row.pointingHits,
      pointing: row.pointing,
      energyInBox: row.energyInBox,
      deletionAuc: row.deletionAuc,
      insertionAuc: row.insertionAuc,
      roadCombined: row.roadCombined,
      averageDrop: row.averageDrop,
      increaseRate: row.increaseRate,
      sanityTop: row.sanityTop,
      sanityCascade: row.sanityCascade,
      msPerImage: row.msPerImage,
      sameMapsAs: row.sameMapsAs,
    })),
    betterIs: {
      pointing: 'higher', energyInBox: 'higher', deletionAuc: 'lower', insertionAuc: 'higher', roadCombined: 'higher',
      averageDrop: 'lower', increaseRate: 'higher', sanityTop: 'lower', sanityCascade: 'lower', msPerImage: 'lower',
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      methods: { type: 'string' },
      steps: { type: 'string' },
      'sanity-count': { type: 'string' },
      'road-count': { type: 'string' },
      'batch-size': { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const count = positiveInt('count', values.count, 120);
  const steps = positiveInt('steps', values.steps, 10);
  const sanityCount = positiveInt('sanity-count', values['sanity-count'], 12, 0);
  const roadCount = positiveInt('road-count', values['road-count'], 120, 0);
  const batchSize = positiveInt('batch-size', values['batch-size'], 8);
  const methods = (values.methods?.split(',').map((m) => m.trim()) ?? [...evaluatedMethods]) as EvaluatedMethod[];
  for (const m of methods) {
    if (!evaluatedMethods.includes(m)) throw new Error(`--methods: unknown method "${m}"; allowed: ${evaluatedMethods.join(', ')}`);
  }
  const backend = values.backend ?? 'wasm';
  if (!(await tf.setBackend(backend))) throw new Error(`could not initialise the ${backend} backend`);
  await tf.ready();
  const outDir = resolve(values.out ?? join(root, 'docs'));
  const args = process.argv.slice(2);
  const command = args.length === 0 ? 'npm run evaluate' : `npm run evaluate -- ${args.join(' ')}`;

  console.log(`tfjs-gradcam evaluation — backend ${tf.getBackend()}, ${count} images, ${methods.length} methods`);
  const model = await loadLayersModel(join(root, 'examples', 'model', 'model.json'));
  const evaluation = await evaluateMethods({ model, count, methods, steps, sanityCount, roadCount, batchSize, log: (line) => console.log(line) });

  const gridFile = join(outDir, 'images', 'evaluation-grid.png');
  const jsonFile = join(outDir, 'evaluation.json');
  const pageFile = join(outDir, 'evaluation.md');
  await mkdir(dirname(gridFile), { recursive: true });
  const { grid } = evaluation;
  const picture = await renderEvaluationGrid({
    images: grid.samples.map((s) => s.image),
    boxes: grid.samples.map((s) => s.box),
    maps: grid.maps,
    size: evaluation.settings.source.size,
    rowLabels: evaluation.rows.map((r) => r.method),
    columnLabels: grid.samples.map((s) => evaluation.settings.classes[s.label]!),
    scale: 1,
    textScale: 1,
  });
  try {
    // The images' per-pixel noise does not compress: as 24-bit RGB the grid is about 1 MB, with a
    // 256-colour palette (sharp, a dev dependency) about a third of that.
    await sharp(await encodePng(picture)).png({ palette: true, effort: 10, compressionLevel: 9 }).toFile(gridFile);
  } finally {
    picture.dispose();
  }
  const page = formatEvaluationReport(evaluation, {
    command,
    gridImage: relative(dirname(pageFile), gridFile),
    jsonFile: relative(root, jsonFile),
  });
  await writeFile(pageFile, page);
  await writeFile(jsonFile, `${JSON.stringify(toJson(evaluation, command), null, 2)}\n`);
  model.dispose();
  for (const f of [pageFile, jsonFile, gridFile]) console.log(`wrote ${relative(process.cwd(), f)}`);
  console.log(`total ${evaluation.seconds.toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
