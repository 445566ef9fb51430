// Seeded fuzzing with a fixed budget (tools/fuzz/fuzzEngine.ts): 1,000 mutated model.json folders
// through loadLayersModel / loadGraphModel and 1,000 mutated images through readImage /
// decodeImage. Each case must succeed (result checked, then disposed) or throw a CamError, within
// 2 s, leaving no tensor or variable behind. A finding prints the seed, the case and the command
// that replays it (npm run fuzz -- ...). Longer runs: tools/fuzz/fuzz.ts.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { reproduce, runFuzz } from '../../tools/fuzz/fuzzEngine.js';

const SEED = 20251126;
const OPTIONS = { seed: SEED, modelCases: 1000, imageCases: 1000, budgetMs: 2000, maxPixels: 4e6 };

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('fuzzing the file readers (fixed seed and budget)', () => {
  it(`seed ${SEED}: ${OPTIONS.modelCases} model.json folders and ${OPTIONS.imageCases} images — success or CamError, in budget, no leak`, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    const before = tf.memory().numTensors;
    const summary = await runFuzz(OPTIONS).finally(() => process.off('unhandledRejection', onUnhandled));
    const report = summary.findings.map((f) => reproduce(OPTIONS, f)).join('\n');
    expect(report, `fuzz findings (seed ${SEED}):\n${report}`).toBe('');
    expect(unhandled).toEqual([]);
    expect(summary.cases).toBe(OPTIONS.modelCases + OPTIONS.imageCases);
    expect(tf.memory().numTensors).toBe(before);
    // Not vacuous: some mutants still load or decode, and the refusals use several codes.
    expect(summary.outcomes['model ok']).toBeGreaterThan(20);
    expect(summary.outcomes['image ok']).toBeGreaterThan(20);
    const codes = Object.keys(summary.outcomes).filter((k) => !k.endsWith(' ok'));
    expect(codes.length).toBeGreaterThanOrEqual(5);
  }, 180_000);
});
