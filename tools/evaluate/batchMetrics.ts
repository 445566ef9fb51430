/**
 * Every per-image metric of the evaluation report for one batch of maps: localisation against the
 * ground-truth boxes, and faithfulness (deletion, insertion, confidence change) from the
 * model's own output, which for the demo model is the softmax probability.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { confidenceChange } from '../../src/metrics/confidenceChange.js';
import { deletionCurve } from '../../src/metrics/deletionCurve.js';
import { energyInBox } from '../../src/metrics/energyInBox.js';
import { insertionCurve } from '../../src/metrics/insertionCurve.js';
import { pointingGame } from '../../src/metrics/pointingGame.js';

/** How the faithfulness metrics are run. */
export interface BatchMetricSettings {
  /** Deletion and insertion steps (fractions 0, 1/steps, ..., 1). */
  steps: number;
  /** Images per forward pass inside the metrics. */
  batchSize: number;
}

/** Per-image values, one entry per image of the batch. */
export interface BatchMetricValues {
  hits: boolean[];
  energy: number[];
  deletion: number[];
  insertion: number[];
  drop: number[];
  increase: boolean[];
}

/** Wall-clock milliseconds spent in each metric for the batch. */
export type BatchMetricTimes = Record<keyof BatchMetricValues, number>;

/**
 * Scores one batch of maps with every per-image metric.
 *
 * @param model - the classifier (not modified, not disposed).
 * @param input - `[B, H, W, 3]` model input; not disposed.
 * @param heatmap - `[B, H, W]` maps in [0, 1]; not disposed.
 * @param labels - the class each map explains, one per image; the scores are taken at it.
 * @param boxes - ground-truth boxes `[x0, y0, x1, y1]`, one per image.
 * @param settings - steps and forward-pass batch size.
 * @returns plain per-image values (no tensors) and the time spent in each metric.
 * @example
 * ```ts
 * const { values } = await batchMetrics(model, x, result.heatmap, [0, 3], boxes, { steps: 16, batchSize: 64 });
 * ```
 */
export async function batchMetrics(
  model: LayersModel,
  input: tf.Tensor4D,
  heatmap: tf.Tensor3D,
  labels: number[],
  boxes: [number, number, number, number][],
  settings: BatchMetricSettings,
): Promise<{ values: BatchMetricValues; times: BatchMetricTimes }> {
  const times = {} as BatchMetricTimes;
  const timed = async <T>(key: keyof BatchMetricValues, run: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const out = await run();
    times[key] = performance.now() - start;
    return out;
  };
  const common = { classIndex: labels, batchSize: settings.batchSize };
  const pointing = await timed('hits', () => pointingGame(heatmap, boxes));
  const energy = await timed('energy', () => energyInBox(heatmap, boxes));
  const deletion = await timed('deletion', () => deletionCurve(model, input, heatmap, { ...common, steps: settings.steps }));
  const insertion = await timed('insertion', () => insertionCurve(model, input, heatmap, { ...common, steps: settings.steps }));
  const confidence = await timed('drop', () => confidenceChange(model, input, heatmap, common));
  times.increase = 0;
  return {
    values: {
      hits: pointing.hits,
      energy: energy.energy,
      deletion: deletion.auc,
      insertion: insertion.auc,
      drop: confidence.drop,
      increase: confidence.increase,
    },
    times,
  };
}
