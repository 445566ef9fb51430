// The committed demo model (examples/model) and its held-out sample images (examples/images):
// the structure the Grad-CAM demo relies on, and that it really classifies the samples.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_NAMES, generateDataset } from '../../examples/shapes/dataset.js';
import { loadLayersModel, readImage } from '../../src/node/index.js';

const MODEL_DIR = fileURLToPath(new URL('../../examples/model', import.meta.url));
const IMAGE_DIR = fileURLToPath(new URL('../../examples/images', import.meta.url));

interface SampleEntry {
  file: string;
  className: string;
  classIndex: number;
  box: [number, number, number, number];
  /** The image is generateDataset(count, seed, size)[index]. */
  source: { count: number; seed: number; size: number; index: number };
}

const samplesJson = JSON.parse(readFileSync(join(IMAGE_DIR, 'samples.json'), 'utf8')) as { classes: string[]; samples: SampleEntry[] };
const samples = samplesJson.samples;
const metrics = JSON.parse(readFileSync(join(MODEL_DIR, 'metrics.json'), 'utf8')) as {
  testAccuracy: number;
  parameters: number;
  files: { totalModelBytes: number };
};

describe('demo model', () => {
  let model: tfl.LayersModel;
  beforeAll(async () => {
    model = await loadLayersModel(join(MODEL_DIR, 'model.json'));
  });
  afterAll(() => model?.dispose());

  it('nests a conv base named "base" inside a Sequential ending in a softmax Dense layer', () => {
    expect(model).toBeInstanceOf(tfl.Sequential);
    expect(model.inputs[0]!.shape).toEqual([null, 96, 96, 3]);
    const base = model.layers[0]!;
    expect(base).toBeInstanceOf(tfl.LayersModel);
    expect(base.name).toBe('base');
    const [, h, w, k] = base.outputShape as number[];
    expect(h).toBe(w);
    expect(h).toBeGreaterThanOrEqual(6);
    expect(h).toBeLessThanOrEqual(12);
    expect(k).toBeGreaterThanOrEqual(32);
    expect(k).toBeLessThanOrEqual(96);
    const convs = (base as tfl.LayersModel).layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.length).toBeGreaterThanOrEqual(3);
    const last = model.layers[model.layers.length - 1]!;
    expect(last.getClassName()).toBe('Dense');
    expect(last.getConfig().activation).toBe('softmax');
    expect(model.outputs[0]!.shape).toEqual([null, CLASS_NAMES.length]);
  });

  it('says how to feed it, and matches its metrics and size budget', () => {
    const meta = model.getUserDefinedMetadata() as { input: { range: number[] }; output: { classes: string[] } };
    expect(meta.input.range).toEqual([0, 1]);
    expect(meta.output.classes).toEqual([...CLASS_NAMES]);
    expect(model.countParams()).toBe(metrics.parameters);
    const bytes = statSync(join(MODEL_DIR, 'model.json')).size + statSync(join(MODEL_DIR, 'weights.bin')).size;
    expect(bytes).toBe(metrics.files.totalModelBytes);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(metrics.testAccuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('lists 12 held-out samples, two per class, whose PNGs are the test-seed images', async () => {
    expect(samplesJson.classes).toEqual([...CLASS_NAMES]);
    expect(samples).toHaveLength(12);
    const { count, seed, size } = samples[0]!.source;
    expect(samples.every((s) => s.source.count === count && s.source.seed === seed && s.source.size === size)).toBe(true);
    const test = generateDataset(count, seed, size);
    for (const [k, name] of CLASS_NAMES.entries()) {
      const mine = samples.filter((s) => s.classIndex === k);
      expect(mine.map((s) => s.file)).toEqual([`${name}-1.png`, `${name}-2.png`]);
      expect(mine.every((s) => s.className === name)).toBe(true);
    }
    for (const s of samples) {
      expect(existsSync(join(IMAGE_DIR, s.file))).toBe(true);
      const source = test[s.source.index]!;
      expect(source.label).toBe(s.classIndex);
      expect(s.box).toEqual(source.box);
      const image = await readImage(join(IMAGE_DIR, s.file));
      expect(image.shape).toEqual([size, size, 3]);
      const bytes = Uint8Array.from(image.dataSync());
      image.dispose();
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(source.image))).toBe(0);
    }
  });

  it('classifies at least 11 of the 12 sample images correctly, without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const images = await Promise.all(samples.map((s) => readImage(join(IMAGE_DIR, s.file))));
    const probs = tf.tidy(() => {
      const x = tf.div(tf.cast(tf.stack(images), 'float32'), 255);
      return model.predict(x) as tf.Tensor2D;
    });
    tf.dispose(images);
    const p = (await probs.array()) as number[][];
    probs.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const predicted = p.map((row) => row.indexOf(Math.max(...row)));
    const correct = predicted.filter((c, i) => c === samples[i]!.classIndex).length;
    expect(correct).toBeGreaterThanOrEqual(11);
    for (const row of p) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(Math.min(...row)).toBeGreaterThanOrEqual(0);
    }
  });
});
