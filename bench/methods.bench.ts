/**
 * Every CAM method's cost relative to Grad-CAM at the last block, on MobileNetV2- and
 * ResNet18-shaped networks with random weights, on the wasm backend; and Score-CAM's peak tensor
 * memory against the target layer's channel count and its batchSize.
 *
 *   npx tsx bench/methods.bench.ts            # 224×224, batch 1 (5 rounds) and batch 8 (3 rounds)
 *   npx tsx bench/methods.bench.ts --quick    # 96×96, batch 1, one round, Score-CAM on 128 channels
 *   npx tsx bench/methods.bench.ts --rounds 7 --rounds8 2 --budget 120 --no-batch8 --net resnet
 *
 * Each method runs right after a gradCam run at the same layer, in interleaved rounds after
 * warm-up; its ratio is the median of the per-pair ratios. Score-CAM (K forward passes per sample)
 * runs once at batch 1, without a warm-up. At batch 8 a row whose estimated run (its batch-1
 * median × 8) exceeds the budget (default 180 s) is extrapolated, and labelled so. The targets are
 * goals, not assertions: the bench exits 0 unless it cannot run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import os from 'node:os';
import { intFlag, loadAverage } from './benchUtils.js';
import { formatMethodsReport } from './formatMethodsReport.js';
import { mobileNetV2Blocks, mobileNetV2Like, resNet18Blocks, resNet18Like } from './nets.js';
import { runMethodsBench, type MethodsBenchOptions } from './runMethodsBench.js';

const BENCH = 'methods.bench';

function parseArgs(argv: string[]): { size: number; nets: string[]; options: MethodsBenchOptions } {
  const quick = argv.includes('--quick');
  const num = (flag: string, fallback: number): number => intFlag(argv, flag, fallback, BENCH);
  const netIdx = argv.indexOf('--net');
  const nets = netIdx < 0 ? ['mobilenet', 'resnet'] : argv[netIdx + 1]!.split(',');
  for (const n of nets) if (n !== 'mobilenet' && n !== 'resnet') throw new Error(`${BENCH}: --net takes mobilenet, resnet or both (comma-separated), received ${n}`);
  const batch8 = quick ? argv.includes('--batch8') : !argv.includes('--no-batch8');
  return {
    size: num('--size', quick ? 96 : 224),
    nets,
    options: {
      batches: batch8 ? [1, 8] : [1],
      rounds: num('--rounds', quick ? 1 : 5),
      roundsLarge: num('--rounds8', quick ? 1 : 3),
      warmup: num('--warmup', quick ? 1 : 2),
      fasterChannels: 64,
      scoreCamChannels: quick ? num('--score-channels', 128) : undefined,
      budgetMs: 1000 * num('--budget', 180),
      peakLimitMs: 1000 * num('--peak-limit', 10),
      memory: argv.includes('--no-memory') ? null : { size: 128, channels: [64, 1024], batchSize: 32, batchSizes: [8, 32] },
    },
  };
}

async function main(): Promise<void> {
  const { size, nets: wanted, options } = parseArgs(process.argv.slice(2));
  if (!(await tf.setBackend('wasm'))) throw new Error(`${BENCH}: the wasm backend did not initialise`);
  await tf.ready();
  const started = performance.now();
  console.log(
    `tfjs-gradcam methods bench: backend ${tf.getBackend()}, tfjs-core ${tf.version_core}, node ${process.version}, ` +
      `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, input ${size}×${size}×3, batches ${options.batches.join(', ')}; ` +
      `batch 1: ${options.warmup} warm-up + ${options.rounds} rounds` +
      (options.batches.length > 1 ? `; batch 8: up to ${options.warmup} warm-up + ${options.roundsLarge} rounds within ${options.budgetMs / 1000} s a row` : '') +
      `; random weights; load average ${loadAverage()}`,
  );
  const nets = [];
  if (wanted.includes('mobilenet')) nets.push({ name: 'MobileNetV2', model: mobileNetV2Like(size), layer: mobileNetV2Blocks.last });
  if (wanted.includes('resnet')) nets.push({ name: 'ResNet18', model: resNet18Like(size), layer: resNet18Blocks.last });
  const report = await runMethodsBench(nets, {
    ...options,
    log: (line) => console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s, load ${loadAverage()}] ${line}`),
  });
  for (const n of nets) (n.model as tfl.LayersModel).dispose();
  console.log('');
  for (const line of formatMethodsReport(report)) console.log(line);
  console.log(`\nload average now ${loadAverage()} (${os.cpus().length} cores; other work on the machine slows both runs of a pair alike)`);
  console.log(`total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
