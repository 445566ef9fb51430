/**
 * The core of the evaluation report (tools/evaluate/evaluate.ts): every CAM method explains the
 * demo model on held-out images at the automatically chosen layer (the last block), and each map
 * is scored for localisation (pointing game, energy in the box), faithfulness (deletion, insertion,
 * ROAD, confidence change) and weight sensitivity (the cascading-randomisation sanity check), and
 * timed. Nothing is printed unless a `log` is given; the caller picks the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { cam } from '../../src/methods/cam.js';
import { camMethodNames, type CamMethodName } from '../../src/methods/camMethodNames.js';
import { guidedGradCam } from '../../src/methods/guidedGradCam.js';
import { sanityCheck } from '../../src/metrics/sanityCheck.js';
import { batchMetrics, type BatchMetricValues } from './batchMetrics.js';
import { roadScore } from '../../src/metrics/roadScore.js';
import { heldOutSplit, type HeldOutSample, type SplitSource } from './heldOutSplit.js';

/** A method the report evaluates: a built-in CAM method or Guided Grad-CAM. */
export type EvaluatedMethod = CamMethodName | 'guided-grad-cam';

/** Every method the report evaluates by default, in the order of docs/methods.md. */
export const evaluatedMethods: readonly EvaluatedMethod[] = [...camMethodNames, 'guided-grad-cam'];

/** Options of {@link evaluateMethods}. */
export interface EvaluateMethodsOptions {
  /** The demo model (or any classifier of the same input); not modified, not disposed. */
  model: LayersModel;
  /** Held-out images, balanced over the classes (default 120). */
  count?: number;
  /** Methods to evaluate (default {@link evaluatedMethods}). */
  methods?: readonly EvaluatedMethod[];
  /** Images per explained batch, also the timing unit (default 8). */
  batchSize?: number;
  /** Deletion and insertion steps (default 10). */
  steps?: number;
  /** ROAD percentiles (default [20, 50, 80]). */
  percentiles?: number[];
  /**
   * Images ROAD scores, balanced over the classes; 0 skips it (default 120). Its imputation solves a
   * linear system per image, percentile and order, about half of the run time.
   */
  roadCount?: number;
  /** Images in the sanity check, balanced over the classes; 0 skips it (default 12). */
  sanityCount?: number;
  /** Images per forward pass inside the metrics and Score-CAM's `batchSize` (default 64). */
  forwardBatchSize?: number;
  /** Seed of ROAD's imputation noise and of the sanity check's re-initialisation (default 0). */
  seed?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** The settings a run used (for the report). */
export interface EvaluationSettings {
  count: number;
  batchSize: number;
  steps: number;
  percentiles: number[];
  roadCount: number;
  sanityCount: number;
  forwardBatchSize: number;
  seed: number;
  source: SplitSource;
  classes: string[];
  /** The layer the methods explained (the automatic choice). */
  layerName: string;
  /** Weighted layers of the sanity check's cascade, top down. */
  sanityLayers: string[];
  backend: string;
}

/** One method's scores, means over the images. */
export interface MethodScores {
  method: EvaluatedMethod;
  /** Images whose map peaks inside the box. */
  pointingHits: number;
  /** Pointing game accuracy, fraction (higher is better). */
  pointing: number;
  /** Mean share of the map's mass inside the box (higher is better). */
  energyInBox: number;
  /** Mean deletion AUC (lower is better). */
  deletionAuc: number;
  /** Mean insertion AUC (higher is better). */
  insertionAuc: number;
  /** Mean ROAD combined score over the ROAD images (higher is better); null when not run. */
  roadCombined: number | null;
  /** Average drop in confidence, fraction (lower is better). */
  averageDrop: number;
  /** Share of images whose confidence rises on the explanation-masked input (higher is better). */
  increaseRate: number;
  /** Mean rank correlation with the original map after re-initialising the top layer (lower is better); null when not run. */
  sanityTop: number | null;
  /** Mean rank correlation after re-initialising every weighted layer (lower is better); null when not run. */
  sanityCascade: number | null;
  /** Median milliseconds per image to compute the map, over the batches. */
  msPerImage: number;
  /** The first method before this one whose maps agree with its maps within 1e-4 everywhere, if any. */
  sameMapsAs: EvaluatedMethod | null;
}

/** What {@link evaluateMethods} measured. */
export interface Evaluation {
  settings: EvaluationSettings;
  /** Top-1 accuracy of the model on the images. */
  accuracy: number;
  rows: MethodScores[];
  /** The first image of each class and every method's map of it (rows in `rows` order), for a grid. */
  grid: { samples: HeldOutSample[]; maps: Float32Array[][] };
  /** Wall-clock seconds of the whole run. */
  seconds: number;
}

/** Every per-image value of a method: the batch metrics over all images, ROAD over its subset. */
type MethodValues = BatchMetricValues & { road: number[] };

const NO_SANITY = new Set<EvaluatedMethod>(['guided-grad-cam']);

/**
 * Evaluates CAM methods on held-out images of the demo data set with ground-truth boxes. Each
 * method explains the true class of every image at the automatic layer; maps are `[B, H, W]` in
 * [0, 1] at the input size (Guided Grad-CAM's map: the channel maximum of its absolute guided
 * gradients, min-max normalised per image). Deterministic except for the timings.
 *
 * @param options - see {@link EvaluateMethodsOptions}.
 * @returns the settings, the model's accuracy, one {@link MethodScores} per method and the grid's
 *   maps; plain numbers, no tensors (everything the run creates is freed).
 * @example
 * ```ts
 * const evaluation = await evaluateMethods({ model, count: 12, methods: ['grad-cam', 'score-cam'] });
 * console.log(evaluation.rows[0].pointing);
 * ```
 */
export async function evaluateMethods(options: EvaluateMethodsOptions): Promise<Evaluation> {
  const started = performance.now();
  const {
    model,
    count = 120,
    methods = evaluatedMethods,
    batchSize = 8,
    steps = 10,
    percentiles = [20, 50, 80],
    roadCount = 120,
    sanityCount = 12,
    forwardBatchSize = 64,
    seed = 0,
    log = () => {},
  } = options;
  const split = heldOutSplit(count);
  const { samples, classes } = split;
  const size = split.source.size;
  const position = new Map(samples.map((s, i) => [s, i]));
  const roadSamples = balancedFirst(samples, Math.min(roadCount, count), classes.length);
  const sanitySamples = balancedFirst(samples, Math.min(sanityCount, count), classes.length);
  const gridSamples = balancedFirst(samples, classes.length, classes.length).sort((a, b) => a.label - b.label);
  const batches: HeldOutSample[][] = [];
  for (let i = 0; i < samples.length; i += batchSize) batches.push(samples.slice(i, i + batchSize));

  const toInput = (group: HeldOutSample[]): tf.Tensor4D =>
    tf.tidy(() => {
      const bytes = new Uint8Array(group.length * size * size * 3);
      group.forEach((s, i) => bytes.set(s.image, i * size * size * 3));
      return tf.div(tf.tensor4d(bytes, [group.length, size, size, 3], 'float32'), 255);
    });

  // The model's accuracy on the images, and the automatic layer's name.
  let correct = 0;
  for (const group of batches) {
    const x = toInput(group);
    const predicted = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor2D, 1));
    const classes = await predicted.data();
    tf.dispose([x, predicted]);
    group.forEach((s, i) => (correct += classes[i] === s.label ? 1 : 0));
  }
  const probe = toInput(samples.slice(0, 1));
  const probeResult = cam(model, probe, { classIndex: samples[0]!.label });
  const layerName = probeResult.layerName;
  probeResult.dispose();
  probe.dispose();
  log(`${samples.length} images (${(correct / samples.length * 100).toFixed(1)} % classified correctly), layer ${layerName}, ${methods.length} methods`);

  const rows: MethodScores[] = [];
  const allMaps: Float32Array[] = [];
  const allValues: MethodValues[] = [];
  const gridMaps: Float32Array[][] = [];
  let sanityLayers: string[] = [];
  const mapSize = size * size;
  const metricSettings = { steps, batchSize: forwardBatchSize };
  for (const method of methods) {
    const methodStart = performance.now();
    // 1. The maps, timed per batch after one untimed warm-up call (kernel set-up, first allocations).
    const warmInput = toInput(batches[0]!);
    try {
      explain(model, warmInput, method, batches[0]!.map((s) => s.label), forwardBatchSize).dispose();
    } finally {
      warmInput.dispose();
    }
    const perImage: number[] = [];
    const methodMaps = new Float32Array(samples.length * mapSize);
    for (const [b, group] of batches.entries()) {
      const x = toInput(group);
      const t0 = performance.now();
      try {
        const heatmap = explain(model, x, method, group.map((s) => s.label), forwardBatchSize);
        try {
          methodMaps.set((await heatmap.data()) as Float32Array, b * batchSize * mapSize);
        } finally {
          heatmap.dispose();
        }
      } finally {
        x.dispose();
      }
      perImage.push((performance.now() - t0) / group.length);
    }
    const mapsOf = (group: HeldOutSample[]): tf.Tensor3D => {
      const data = new Float32Array(group.length * mapSize);
      group.forEach((s, i) => data.set(methodMaps.subarray(position.get(s)! * mapSize, (position.get(s)! + 1) * mapSize), i * mapSize));
      return tf.tensor3d(data, [group.length, size, size]);
    };
    // 2. The per-image metrics, computed once for maps equal to an earlier method's.
    const same = allMaps.findIndex((m) => maxAbsDifference(m, methodMaps) < 1e-4);
    const metricMs: Record<string, number> = {};
    let values: MethodValues;
    if (same >= 0) {
      values = allValues[same]!;
    } else {
      values = { hits: [], energy: [], deletion: [], insertion: [], drop: [], increase: [], road: [] };
      for (const group of batches) {
        const [x, heatmap] = [toInput(group), mapsOf(group)];
        try {
          const scored = await batchMetrics(model, x, heatmap, group.map((s) => s.label), group.map((s) => s.box), metricSettings);
          for (const key of Object.keys(scored.values) as (keyof BatchMetricValues)[]) {
            (values[key] as unknown[]).push(...scored.values[key]);
            metricMs[key] = (metricMs[key] ?? 0) + scored.times[key];
          }
        } finally {
          tf.dispose([x, heatmap]);
        }
      }
      if (roadSamples.length > 0) {
        const t0 = performance.now();
        const [x, heatmap] = [toInput(roadSamples), mapsOf(roadSamples)];
        try {
          const road = await roadScore(model, x, heatmap, { classIndex: roadSamples.map((s) => s.label), batchSize: forwardBatchSize, percentiles, seed });
          values.road = road.combined;
        } finally {
          tf.dispose([x, heatmap]);
        }
        metricMs.road = performance.now() - t0;
      }
    }
    let sanityTop: number | null = null;
    let sanityCascade: number | null = null;
    let sanityMs = 0;
    if (sanitySamples.length > 0 && !NO_SANITY.has(method)) {
      const t0 = performance.now();
      const x = toInput(sanitySamples);
      try {
        const check = await sanityCheck(model, x, { method: method as CamMethodName, classIndex: sanitySamples.map((s) => s.label), seed });
        sanityLayers = check.steps.map((s) => s.layer);
        sanityTop = mean(check.steps[0]!.correlation);
        sanityCascade = mean(check.steps[check.steps.length - 1]!.correlation);
      } finally {
        x.dispose();
      }
      sanityMs = performance.now() - t0;
    }
    const hits = values.hits.filter(Boolean).length;
    allMaps.push(methodMaps);
    allValues.push(values);
    const row: MethodScores = {
      method,
      pointingHits: hits,
      pointing: hits / samples.length,
      energyInBox: mean(values.energy),
      deletionAuc: mean(values.deletion),
      insertionAuc: mean(values.insertion),
      roadCombined: roadSamples.length > 0 ? mean(values.road) : null,
      averageDrop: mean(values.drop),
      increaseRate: values.increase.filter(Boolean).length / samples.length,
      sanityTop,
      sanityCascade,
      msPerImage: median(perImage),
      sameMapsAs: same >= 0 ? rows[same]!.method : null,
    };
    rows.push(row);
    gridMaps.push(gridSamples.map((s) => methodMaps.slice(position.get(s)! * mapSize, (position.get(s)! + 1) * mapSize)));
    const spent = same >= 0 ? `as ${rows[same]!.method}` : Object.entries(metricMs).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}`).join(', ');
    log(
      `${method.padEnd(21)} pointing ${hits}/${samples.length}, ${row.msPerImage.toFixed(1)} ms/image; ` +
        `${((performance.now() - methodStart) / 1000).toFixed(1)} s (metrics s: ${spent}; sanity ${(sanityMs / 1000).toFixed(1)})`,
    );
  }
  return {
    settings: {
      count: samples.length,
      batchSize,
      steps,
      percentiles,
      roadCount: roadSamples.length,
      sanityCount: sanitySamples.length,
      forwardBatchSize,
      seed,
      source: split.source,
      classes,
      layerName,
      sanityLayers,
      backend: tf.getBackend(),
    },
    accuracy: correct / samples.length,
    rows,
    grid: { samples: gridSamples, maps: gridMaps },
    seconds: (performance.now() - started) / 1000,
  };
}

/** `[B, H, W]` map in [0, 1] of `method` for the given classes; the caller owns it. */
function explain(model: LayersModel, x: tf.Tensor4D, method: EvaluatedMethod, labels: number[], batchSize: number): tf.Tensor3D {
  if (method !== 'guided-grad-cam') {
    const result = cam(model, x, { method, classIndex: labels, batchSize });
    const heatmap = result.heatmap;
    for (const t of [result.raw, result.classIndex, result.score]) t.dispose();
    return heatmap;
  }
  const result = guidedGradCam(model, x, { classIndex: labels });
  try {
    return tf.tidy(() => {
      const saliency = tf.max(tf.abs(result.guided), 3);
      const low = tf.min(saliency, [1, 2], true);
      const shifted = tf.sub(saliency, low);
      return tf.div(shifted, tf.add(tf.max(shifted, [1, 2], true), 1e-7)) as tf.Tensor3D;
    });
  } finally {
    result.dispose();
  }
}

/** The first samples of each class (in order), `n` in all, balanced as {@link heldOutSplit} balances. */
function balancedFirst(samples: HeldOutSample[], n: number, classes: number): HeldOutSample[] {
  const quota = Array.from({ length: classes }, (_, c) => Math.floor(n / classes) + (c < n % classes ? 1 : 0));
  return samples.filter((s) => quota[s.label]! > 0 && quota[s.label]!-- > 0);
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length === 0 ? NaN : sum / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
