/**
 * Trains the demo model: a small CNN (a conv base nested inside a Sequential head, like a
 * transfer-learning model) that tells six shapes apart on cluttered backgrounds.
 *
 *   npx tsx examples/train-demo-model.ts [--epochs N] [--per-epoch N] [--out DIR]
 *   npm run train-demo
 *
 * Every epoch draws fresh training images (seed TRAIN_SEED + epoch); validation and test images
 * come from their own seeds, so no test image is ever trained on. Runs on the wasm backend, with
 * XNNPACK-based conv-gradient kernels registered by this script (the stock wasm backend cannot
 * train conv layers) and a batch-norm gradient that broadcasts instead of tiling. Weight initialisers are seeded and Math.random (which tfjs uses for dropout
 * masks) is replaced by a seeded generator, so a run is reproducible.
 *
 * Writes, under examples/ (or --out):
 *   model/model.json + model/weights.bin   the trained model, input float32 RGB in [0, 1]
 *   model/metrics.json                      accuracies, sizes, epochs, training time
 *   images/<class>-<n>.png, images/samples.json   2 held-out test images per class; samples.json is
 *     { classes, samples: [{ file, className, classIndex, box: [x0, y0, x1, y1] (x1, y1 exclusive), source }] }
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { saveLayersModel, writePng } from 'tfjs-gradcam/node';
import { buildDemoModel } from './shapes/buildDemoModel.js';
import { CLASS_NAMES, generateDataset, type ShapeSample } from './shapes/dataset.js';
import { mulberry32 } from '../src/core/mulberry32.js';
import { registerFastBatchNormGradient } from './shapes/registerFastBatchNormGradient.js';
import { registerWasmConvGradients } from './shapes/registerWasmConvGradients.js';
import { toInputBatch } from './shapes/toInputBatch.js';

const SIZE = 96;
const INIT_SEED = 1;
const DROPOUT_SEED = 2;
const TRAIN_SEED = 1000; // epoch e trains on generateDataset(perEpoch, TRAIN_SEED + e)
const VAL_SEED = 7;
const TEST_SEED = 8;
const VAL_COUNT = 600;
const TEST_COUNT = 1200;
const BATCH = 32;
const LR_MAX = 3e-3;
const LR_MIN = 5e-5;

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '10' },
    'per-epoch': { type: 'string', default: '5120' },
    out: { type: 'string', default: dirname(fileURLToPath(import.meta.url)) },
  },
});
const epochs = Number(args.epochs);
const perEpoch = Number(args['per-epoch']);
const outDir = args.out!;
const modelDir = join(outDir, 'model');
const imageDir = join(outDir, 'images');

/** Class predicted for each sample, in batches. */
function predictLabels(model: tfl.LayersModel, samples: readonly ShapeSample[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < samples.length; i += 100) {
    const labels = tf.tidy(() => {
      const x = toInputBatch(samples.slice(i, i + 100));
      return tf.argMax(model.predict(x) as tf.Tensor2D, 1);
    });
    out.push(...labels.dataSync());
    labels.dispose();
  }
  return out;
}

/** Pretty-printed JSON with arrays of numbers kept on one line. */
function compactJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\s+([-\d.,\s]+?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`) + '\n';
}

function accuracy(predicted: number[], samples: readonly ShapeSample[]): number {
  return predicted.filter((p, i) => p === samples[i]!.label).length / samples.length;
}

/** Rows: true class; columns: predicted class. */
function confusion(predicted: number[], samples: readonly ShapeSample[]): number[][] {
  const m = CLASS_NAMES.map(() => CLASS_NAMES.map(() => 0));
  predicted.forEach((p, i) => m[samples[i]!.label]![p]!++);
  return m;
}

async function main(): Promise<void> {
  // tfjs draws unseeded random numbers (dropout masks) from Math.random: make them reproducible.
  Math.random = mulberry32(DROPOUT_SEED);
  registerWasmConvGradients();
  registerFastBatchNormGradient();
  await tf.setBackend('wasm');
  await tf.ready();

  const model = buildDemoModel({ size: SIZE, classes: CLASS_NAMES.length, seed: INIT_SEED });
  const optimizer = tf.train.adam(LR_MAX);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const params = model.countParams();
  console.log(`model: ${params} parameters; base output ${JSON.stringify(model.layers[0]!.outputShape)}`);

  const val = generateDataset(VAL_COUNT, VAL_SEED, SIZE);
  const stepsPerEpoch = Math.floor(perEpoch / BATCH);
  const totalSteps = epochs * stepsPerEpoch;
  const history: Array<{ epoch: number; loss: number; trainAccuracy: number; valAccuracy: number; seconds: number }> = [];
  const started = performance.now();
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const epochStart = performance.now();
    const train = generateDataset(stepsPerEpoch * BATCH, TRAIN_SEED + epoch, SIZE);
    let lossSum = 0;
    let accSum = 0;
    for (let b = 0; b < stepsPerEpoch; b++, step++) {
      // Cosine decay from LR_MAX to LR_MIN over the whole run.
      const lr = LR_MIN + 0.5 * (LR_MAX - LR_MIN) * (1 + Math.cos((Math.PI * step) / totalSteps));
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const batch = train.slice(b * BATCH, (b + 1) * BATCH);
      const x = toInputBatch(batch);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.map((s) => s.label), 'int32'), CLASS_NAMES.length));
      const [loss, acc] = (await model.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      lossSum += loss!;
      accSum += acc!;
    }
    const valAccuracy = accuracy(predictLabels(model, val), val);
    const seconds = (performance.now() - epochStart) / 1000;
    history.push({ epoch: epoch + 1, loss: lossSum / stepsPerEpoch, trainAccuracy: accSum / stepsPerEpoch, valAccuracy, seconds });
    console.log(
      `epoch ${epoch + 1}/${epochs}: loss ${(lossSum / stepsPerEpoch).toFixed(4)}, train acc ${(accSum / stepsPerEpoch).toFixed(4)}, ` +
        `val acc ${valAccuracy.toFixed(4)} (${seconds.toFixed(1)} s, ${tf.memory().numTensors} tensors)`,
    );
  }
  const trainingSeconds = (performance.now() - started) / 1000;

  const test = generateDataset(TEST_COUNT, TEST_SEED, SIZE);
  const testPredicted = predictLabels(model, test);
  const testAccuracy = accuracy(testPredicted, test);
  console.log(`test accuracy ${testAccuracy.toFixed(4)} on ${TEST_COUNT} images; training took ${trainingSeconds.toFixed(0)} s`);

  model.setUserDefinedMetadata({
    description: 'tfjs-gradcam demo model: six shapes on cluttered backgrounds (examples/train-demo-model.ts)',
    input: { shape: [null, SIZE, SIZE, 3], dtype: 'float32', range: [0, 1], preprocessing: 'RGB bytes / 255' },
    output: { activation: 'softmax', classes: [...CLASS_NAMES] },
    featureLayer: 'base_relu5',
  });
  await saveLayersModel(model, modelDir); // replaces model.json and weights.bin
  const modelJsonBytes = (await stat(join(modelDir, 'model.json'))).size;
  const weightsBytes = (await stat(join(modelDir, 'weights.bin'))).size;

  // Two held-out test images per class: the first two of each class in the test set.
  await mkdir(imageDir, { recursive: true });
  for (const f of await readdir(imageDir)) if (f.endsWith('.png')) await rm(join(imageDir, f));
  const samples: Array<{
    file: string;
    className: string;
    classIndex: number;
    box: [number, number, number, number];
    source: { count: number; seed: number; size: number; index: number };
  }> = [];
  for (let k = 0; k < CLASS_NAMES.length; k++) {
    const picks = test.map((s, i) => ({ s, i })).filter(({ s }) => s.label === k).slice(0, 2);
    for (const [n, { s, i }] of picks.entries()) {
      const file = `${CLASS_NAMES[k]}-${n + 1}.png`;
      const image = tf.tensor3d(s.image, [SIZE, SIZE, 3], 'int32');
      await writePng(join(imageDir, file), image);
      image.dispose();
      // source: the image is generateDataset(count, seed, size)[index] (the test split).
      const source = { count: TEST_COUNT, seed: TEST_SEED, size: SIZE, index: i };
      samples.push({ file, className: CLASS_NAMES[k]!, classIndex: k, box: s.box, source });
    }
  }
  await writeFile(
    join(imageDir, 'samples.json'),
    compactJson({
      description: 'Held-out demo images: the first two of each class in the test split; image = generateDataset(source.count, source.seed, source.size)[source.index].',
      boxFormat: '[x0, y0, x1, y1] in pixels: x0 <= x < x1, y0 <= y < y1 holds every pixel the object covers at least half',
      input: 'float32 [B, 96, 96, 3], RGB bytes / 255 in [0, 1]',
      classes: [...CLASS_NAMES],
      samples,
    }),
  );
  const predictedRight = samples.filter((s) => testPredicted[s.source.index] === s.classIndex).length;
  const imageBytes = (await Promise.all((await readdir(imageDir)).filter((f) => f.endsWith('.png')).map((f) => stat(join(imageDir, f))))).reduce(
    (n, s) => n + s.size,
    0,
  );

  const metrics = {
    testAccuracy,
    testImages: TEST_COUNT,
    validationAccuracy: history[history.length - 1]?.valAccuracy,
    validationImages: VAL_COUNT,
    perClassTestAccuracy: Object.fromEntries(
      CLASS_NAMES.map((name, k) => {
        const idx = test.map((s, i) => (s.label === k ? i : -1)).filter((i) => i >= 0);
        return [name, idx.filter((i) => testPredicted[i] === k).length / idx.length];
      }),
    ),
    testConfusion: { rows: 'true class', columns: 'predicted class', classes: [...CLASS_NAMES], matrix: confusion(testPredicted, test) },
    samplePredictionsCorrect: predictedRight,
    epochs,
    imagesPerEpoch: stepsPerEpoch * BATCH,
    trainingImagesSeen: epochs * stepsPerEpoch * BATCH,
    batchSize: BATCH,
    optimizer: `adam, cosine learning-rate decay ${LR_MAX} -> ${LR_MIN}`,
    trainingSeconds: Math.round(trainingSeconds),
    backend: 'wasm, single thread, with XNNPACK conv-gradient kernels and a broadcasting batch-norm gradient registered by the training script',
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}`,
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
    parameters: params,
    imageSize: SIZE,
    input: 'float32 [B, 96, 96, 3], RGB bytes / 255 in [0, 1]',
    seeds: { init: INIT_SEED, dropout: DROPOUT_SEED, trainFirstEpoch: TRAIN_SEED, validation: VAL_SEED, test: TEST_SEED },
    files: { modelJsonBytes, weightsBytes, totalModelBytes: modelJsonBytes + weightsBytes, sampleImagesBytes: imageBytes },
    history,
  };
  await writeFile(join(modelDir, 'metrics.json'), compactJson(metrics));
  console.log(`wrote ${modelDir} (${modelJsonBytes + weightsBytes} bytes) and ${samples.length} images to ${imageDir}`);
  model.dispose();
}

await main();
