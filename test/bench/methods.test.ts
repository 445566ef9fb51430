// Smoke test of the methods benchmark's core (bench/runMethodsBench.ts) in its quick configuration,
// on the tiny fixture nets: every method gets a paired ratio to gradCam, rows over the budget are
// extrapolated from batch 1, no run leaks a tensor, and Score-CAM's peak memory does not grow with
// the target layer's channel count beyond the activations themselves.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { camMethodNames } from '../../src/index.js';
import { formatMethodsReport } from '../../bench/formatMethodsReport.js';
import { runMethodsBench, type MethodsBenchOptions } from '../../bench/runMethodsBench.js';
import { median } from '../../bench/benchUtils.js';
import { dagNet, sequentialNet } from '../fixtures/models.js';

const QUICK: MethodsBenchOptions = {
  batches: [1, 2],
  rounds: 1,
  roundsLarge: 1,
  warmup: 1,
  fasterChannels: 2,
  scoreCamChannels: 3,
  budgetMs: 0, // every batch-2 row is over budget: extrapolated from batch 1
  peakLimitMs: Infinity,
  memory: { size: 32, channels: [16, 128], batchSize: 8, batchSizes: [4, 8] },
};

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('runMethodsBench (quick mode on tiny nets)', () => {
  it('rates every method against gradCam, extrapolates what is over budget, leaks nothing, and Score-CAM memory is independent of K', async () => {
    const start = tf.memory().numTensors;
    const seq = sequentialNet();
    const dag = dagNet();
    const nets = [
      { name: 'seq', model: seq.model, layer: 'c3' }, // 4×4×5
      { name: 'dag', model: dag.model, layer: 'target_relu' }, // 4×4×5
    ];
    const report = await runMethodsBench(nets, QUICK);
    seq.model.dispose();
    dag.model.dispose();
    expect(tf.memory().numTensors).toBe(start);

    const expected = [
      ...camMethodNames.map((m) => (m === 'score-cam' ? 'score-cam (3 of 5 channels)' : m)),
      'guided-grad-cam',
      'faster-score-cam (2 channels)',
      'grad-cam augSmooth',
    ];
    for (const net of ['seq', 'dag']) {
      for (const batch of [1, 2]) {
        const rows = report.rows.filter((r) => r.net === net && r.batch === batch);
        expect(rows.map((r) => r.method)).toEqual(expected);
        const base = report.baselines.find((b) => b.net === net && b.batch === batch)!;
        expect(base.layerShape).toEqual([4, 4, 5]);
        expect(base.tensors.leaked).toBe(0);
        expect(base.tensors.after).toBe(base.tensors.before);
        if (batch === 1) {
          // 1 warm-up, one paired gradCam per method, one profiled run.
          expect(base.runs).toBe(1 + expected.length + 1);
          for (const r of rows) {
            expect(r.measured).toBe(true);
            expect([r.warmup, r.rounds, r.times.length, r.baseTimes.length]).toEqual([1, 1, 1, 1]);
            expect(r.ratios[0]).toBeCloseTo(r.times[0]! / r.baseTimes[0]!, 12);
            expect(r.ratio).toBe(median(r.ratios));
            expect(r.ratio).toBeGreaterThan(0);
            expect(r.peakBytes).not.toBeNull();
            expect(r.tensors).toEqual({ before: r.tensors!.before, after: r.tensors!.before, leaked: 0, runs: 3 });
          }
        } else {
          // No method ran; gradCam ran its warm-up, one timed run of its own and the profiled one.
          // Every method was extrapolated as its batch-1 median × 2.
          expect(base.runs).toBe(1 + 1 + 1);
          for (const r of rows) {
            const first = report.rows.find((q) => q.net === net && q.batch === 1 && q.method === r.method)!;
            expect(r.measured).toBe(false);
            expect(r.times).toEqual([]);
            expect(r.tensors).toBeNull();
            expect(r.ms).toBe(first.ms * 2);
            expect(r.ratio).toBeCloseTo(r.ms / base.ms, 12);
          }
        }
      }
    }

    const mem = report.memory!;
    expect(mem.rows.map((r) => [r.channels, r.batchSize])).toEqual([
      [16, 8],
      [128, 4],
      [128, 8],
    ]);
    for (const r of mem.rows) {
      expect(r.leaked).toBe(0);
      expect(r.activationBytes).toBe(16 * r.channels * 4);
    }
    const [small, large4, large8] = mem.rows;
    expect(mem.deltaBytes).toBe(large8!.peakBytes - small!.peakBytes);
    expect(mem.allowanceBytes).toBe(2 * 9 * 16 * 112 * 4);
    expect(mem.unstreamedBytes).toBe(112 * 32 * 32 * 4);
    // Streamed: growing K from 16 to 128 adds less than the activations' own growth, far less than K masks.
    expect(mem.deltaBytes).toBeLessThanOrEqual(mem.allowanceBytes);
    expect(mem.independent).toBe(true);
    // The chunk is what costs memory: it grows with batchSize.
    expect(large8!.peakBytes).toBeGreaterThan(large4!.peakBytes);

    const text = formatMethodsReport(report).join('\n');
    expect(text).toMatch(/✓ Score-CAM peak memory independent of the channel count/);
    expect(text).toMatch(/EXTRAPOLATED: batch-1 median × 2/);
    expect(text).toMatch(/Ablation-CAM ≤ 5× Grad-CAM at the last block: seq batch 1/);
    expect(text).toMatch(/leak check: every method, every run: numTensors unchanged \(OK\)/);
  });

  it('refuses a memory probe whose smaller channel count is below batchSize (its chunks would be smaller)', async () => {
    const before = tf.memory().numTensors;
    await expect(runMethodsBench([], { ...QUICK, memory: { size: 32, channels: [4, 64], batchSize: 8, batchSizes: [] } })).rejects.toThrow(
      /memory.channels must be \[small, large\] with batchSize ≤ small < large.*received \[4, 64\] with batchSize 8/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
