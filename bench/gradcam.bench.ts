/**
 * Grad-CAM cost relative to a plain forward pass, on MobileNetV2- and ResNet18-shaped networks
 * with random weights, on the wasm backend.
 *
 *   npm run bench                       # 224×224, batch 1 (7 rounds) and batch 8 (3 rounds)
 *   npm run bench -- --quick            # 96×96, batch 1, one round, no profiles
 *   npm run bench -- --rounds 9 --no-batch8 --profile
 *   npm run bench -- --quick --kernels  # also time wasm gradient kernels against forward-op rewrites
 *
 * For each net the cases (predict, gradCam at the last, a middle and an early block) are warmed
 * up, then run in interleaved rounds (the order of the blocks rotates each round). Every gradCam
 * run is paired with a predict run just before it, and its ratio is the median of the per-pair
 * ratios: on a busy machine a burst of load then skews one pair, not a whole column. Peak memory comes from `tf.profile` (bytes above what was
 * allocated before the call), the leak check from `tf.memory().numTensors`. Rows that miss their
 * target get a kernel profile and a pass-1 / rest split. The targets are goals, not assertions: the
 * bench always exits 0 unless it cannot run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import os from 'node:os';
import { CamCache, gradCam, listCandidateLayers } from '../src/index.js';
import { formatTable, intFlag, loadAverage, lpad, mb, median, pad, pairedRounds, peakMemory } from './benchUtils.js';
import { mobileNetV2Blocks, mobileNetV2Like, resNet18Blocks, resNet18Like, type BenchBlocks } from './nets.js';

interface Args {
  quick: boolean;
  size: number;
  rounds: number;
  warmup: number;
  batch8: boolean;
  rounds8: number;
  profile: 'auto' | 'all' | 'none';
  kernels: boolean;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const num = (flag: string, fallback: number): number => intFlag(argv, flag, fallback, 'gradcam.bench');
  return {
    quick,
    size: num('--size', quick ? 96 : 224),
    rounds: num('--rounds', quick ? 1 : 7),
    warmup: num('--warmup', quick ? 1 : 2),
    batch8: quick ? argv.includes('--batch8') : !argv.includes('--no-batch8'),
    rounds8: num('--rounds8', quick ? 1 : 3),
    profile: argv.includes('--profile') ? 'all' : quick || argv.includes('--no-profile') ? 'none' : 'auto',
    kernels: argv.includes('--kernels'),
  };
}

type Block = keyof BenchBlocks;
const BLOCKS: Block[] = ['last', 'middle', 'early'];
/** gradCam / predict goals: the default (last) layer close to a forward pass, any layer within 2×. */
const TARGET: Record<Block, number> = { last: 1.15, middle: 2.0, early: 2.0 };

interface Case {
  label: string;
  block: Block | null;
  layer: string | null;
  shape: string;
  run: () => Promise<void>;
  /** Frees what the case keeps between runs (its CamCache). */
  release?: () => void;
}

interface Row {
  net: string;
  batch: number;
  label: string;
  shape: string;
  block: Block | null;
  layer: string | null;
  times: number[];
  /** gradCam time / the time of the predict run just before it, one per round (empty for predict). */
  ratios: number[];
  peakBytes: number;
  retainedTensors: number;
}

function casesFor(model: tfl.LayersModel, blocks: BenchBlocks, x: tf.Tensor4D): Case[] {
  const candidates = new Map(listCandidateLayers(model).map((c) => [c.path, c]));
  const out: Case[] = [
    {
      label: 'predict',
      block: null,
      layer: null,
      shape: `[${model.outputs[0]!.shape.slice(1).join('×')}]`,
      run: async () => {
        const y = model.predict(x) as tf.Tensor;
        await y.data();
        y.dispose();
      },
    },
  ];
  for (const block of BLOCKS) {
    const layer = blocks[block];
    const c = candidates.get(layer);
    if (c === undefined) throw new Error(`gradcam.bench: layer "${layer}" is not a candidate layer of ${model.name}`);
    out.push({
      label: `gradCam ${block}`,
      block,
      layer,
      shape: `${layer} ${c.outputShape.slice(1).join('×')}`,
      run: async () => {
        const r = gradCam(model, x, { layerName: layer });
        await r.heatmap.data();
        r.dispose();
      },
    });
    // The same call with a CamCache: derived filters are built once and kept between calls.
    const cache = new CamCache();
    out.push({
      label: `gradCam ${block} +cache`,
      block,
      layer,
      shape: `${layer} ${c.outputShape.slice(1).join('×')}`,
      run: async () => {
        const r = gradCam(model, x, { layerName: layer, cache });
        await r.heatmap.data();
        r.dispose();
      },
      release: () => cache.dispose(),
    });
  }
  return out;
}

async function measureNet(name: string, model: tfl.LayersModel, blocks: BenchBlocks, batch: number, args: Args, rounds: number, warmup: number): Promise<{ rows: Row[]; leak: string }> {
  const x = tf.randomUniform([batch, args.size, args.size, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
  const cases = casesFor(model, blocks, x);
  const tensorsBefore = tf.memory().numTensors;
  for (let w = 0; w < warmup; w++) for (const c of cases) await c.run();
  // Each gradCam case paired with a predict run just before it; the order of the blocks rotates.
  const paired = await pairedRounds(cases[0]!.run, cases.slice(1), rounds);
  const times = [paired.flatMap((p) => p.baseTimes), ...paired.map((p) => p.times)];
  const ratios = [[] as number[], ...paired.map((p) => p.ratios)];
  const rows: Row[] = [];
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const info = await peakMemory(c.run);
    rows.push({
      net: name,
      batch,
      label: c.label,
      shape: c.shape,
      block: c.block,
      layer: c.layer,
      times: times[i]!,
      ratios: ratios[i]!,
      peakBytes: info.peakBytes,
      retainedTensors: info.newTensors,
    });
  }
  for (const c of cases) c.release?.();
  const tensorsAfter = tf.memory().numTensors;
  x.dispose();
  const leak = `${name} batch ${batch}: numTensors ${tensorsBefore} before, ${tensorsAfter} after ${warmup + rounds + 1} runs of each gradCam case and ${warmup + rounds * (cases.length - 1) + 1} of predict: ${tensorsAfter === tensorsBefore ? 'OK, no leak' : `LEAK of ${tensorsAfter - tensorsBefore}`}`;
  return { rows, leak };
}

function printTable(rows: Row[]): number {
  const header = ['net', 'batch', 'case', 'layer / output', 'median ms', 'min ms', 'ratio', 'target', 'result', 'min ratio', 'peak MB', 'peak ×'];
  const lines: string[][] = [];
  let failures = 0;
  let predict: Row | null = null;
  for (const row of rows) {
    if (row.block === null) predict = row;
    const med = median(row.times);
    const ratio = row.block !== null ? median(row.ratios) : null;
    const minRatio = row.block !== null && predict ? Math.min(...row.times) / Math.min(...predict.times) : null;
    const target = row.block !== null ? TARGET[row.block] : null;
    const pass = ratio !== null && target !== null ? ratio <= target : null;
    if (pass === false) failures++;
    lines.push([
      row.net,
      String(row.batch),
      row.label,
      row.shape,
      med.toFixed(1),
      Math.min(...row.times).toFixed(1),
      ratio === null ? '1.00×' : `${ratio.toFixed(2)}×`,
      target === null ? '' : `≤ ${target.toFixed(2)}×`,
      pass === null ? '' : pass ? 'PASS' : 'FAIL',
      minRatio === null ? '' : `${minRatio.toFixed(2)}×`,
      mb(row.peakBytes),
      row.block !== null && predict ? `${(row.peakBytes / Math.max(1, predict.peakBytes)).toFixed(1)}×` : '1.0×',
    ]);
  }
  for (const l of formatTable(header, lines, new Set([1, 4, 5, 6, 9, 10, 11]))) console.log(l);
  return failures;
}

/** Kernel time of one gradCam call grouped by kernel, and its slowest single kernels. */
async function profileGradCam(model: tfl.LayersModel, layer: string, x: tf.Tensor4D): Promise<void> {
  const info = await tf.profile(async () => {
    const r = gradCam(model, x, { layerName: layer });
    await r.heatmap.data();
    r.dispose();
  });
  // tf.profile also lists custom-gradient op scopes (`fusedConv2d__op`) around the kernels they
  // run; keep registered kernels only, so no time is counted twice.
  const backend = tf.getBackend();
  const kernels = info.kernels.filter((k) => tf.getKernel(k.name, backend) != null);
  const total = kernels.reduce((s, k) => s + (k.kernelTimeMs as number), 0);
  const byName = new Map<string, { ms: number; n: number }>();
  for (const k of kernels) {
    const e = byName.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += k.kernelTimeMs as number;
    e.n++;
    byName.set(k.name, e);
  }
  const grouped = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10);
  console.log(`    ${kernels.length} kernels, ${total.toFixed(1)} ms kernel time; by kernel:`);
  for (const [name, e] of grouped) {
    console.log(`      ${pad(name, 28)} ${lpad(e.ms.toFixed(1), 8)} ms ${lpad(((100 * e.ms) / total).toFixed(1), 5)}%  ×${e.n}`);
  }
  const slowest = [...kernels].sort((a, b) => (b.kernelTimeMs as number) - (a.kernelTimeMs as number)).slice(0, 6);
  console.log('    slowest single kernels:');
  for (const k of slowest) {
    const ins = k.inputShapes.map((s) => (s == null ? '-' : `[${s.join(',')}]`)).join(' ');
    console.log(`      ${pad(k.name, 28)} ${lpad((k.kernelTimeMs as number).toFixed(1), 8)} ms  in ${ins} → [${k.outputShapes[0]?.join(',') ?? ''}]`);
  }
}

/**
 * Wall time of pass 1 (input checks and the forward run up to the target layer) vs the rest
 * (pass 2: forward from the target and backward under tf.grad, then weights and post-processing).
 * The end of pass 1 is observed through a wrapper on the target layer's `call`, which the core's
 * own patch calls as the layer's original `call`; the wrapper is removed afterwards.
 */
async function phaseSplit(model: tfl.LayersModel, layer: string, x: tf.Tensor4D, runs: number): Promise<{ pass1: number; rest: number }> {
  const target = model.getLayer(layer) as unknown as { call: (...a: unknown[]) => unknown };
  const proto = Object.getPrototypeOf(target) as { call: (...a: unknown[]) => unknown };
  let marked = 0;
  target.call = function (this: unknown, ...a: unknown[]) {
    const out = proto.call.apply(this, a);
    marked = performance.now();
    return out;
  };
  const p1: number[] = [];
  const rest: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = gradCam(model, x, { layerName: layer });
      await r.heatmap.data();
      const t1 = performance.now();
      r.dispose();
      p1.push(marked - t0);
      rest.push(t1 - marked);
    }
  } finally {
    delete (target as { call?: unknown }).call;
  }
  return { pass1: median(p1), rest: median(rest) };
}

/** Fastest of `n` runs (after 2 warm-ups) of a synchronous tensor computation, in ms. */
function fastest(f: () => tf.Tensor, n = 7): number {
  let best = Infinity;
  for (let i = 0; i < n + 2; i++) {
    const t0 = performance.now();
    const y = f();
    y.dataSync();
    const ms = performance.now() - t0;
    y.dispose();
    if (i >= 2) best = Math.min(best, ms);
  }
  return best;
}

/**
 * The gradient kernels that dominate pass 2 on wasm, timed against rewrites with forward ops:
 * the input gradient of a stride-1 'same' convolution is the convolution of dy with the kernel
 * flipped spatially and with its channel axes swapped; the input gradient of inference-mode
 * BatchNormalization is dy·γ/√(σ²+ε) (tfjs-core's FusedBatchNorm gradient tiles 1/√(σ²+ε) to the
 * activation's shape first); Keras' ReLU(6.) layer is clip(relu(x)) in tfjs-layers.
 */
async function compareKernels(): Promise<void> {
  console.log('\nwasm gradient kernels vs forward-op rewrites (fastest of 7 runs, batch 1):');
  const convs: Array<[h: number, cin: number, cout: number, k: number]> = [
    [56, 64, 64, 3],
    [28, 128, 128, 3],
    [14, 256, 256, 3],
    [7, 512, 512, 3],
    [14, 576, 96, 1],
    [7, 320, 1280, 1],
    [56, 24, 144, 1],
  ];
  for (const [h, cin, cout, k] of convs) {
    const [x, w, dy, wT] = tf.tidy(() => {
      const w = tf.randomNormal([k, k, cin, cout], 0, 0.1, 'float32', 1) as tf.Tensor4D;
      return [
        tf.randomNormal([1, h, h, cin], 0, 1, 'float32', 2) as tf.Tensor4D,
        w,
        tf.randomNormal([1, h, h, cout], 0, 1, 'float32', 3) as tf.Tensor4D,
        tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D,
      ];
    });
    const forward = fastest(() => tf.conv2d(x, w, 1, 'same'));
    const native = fastest(() => tf.conv2dTranspose(dy, w, x.shape, 1, 'same'));
    const rewrite = fastest(() => tf.conv2d(dy, wT, 1, 'same'));
    const diff = tf.tidy(() => {
      const a = tf.conv2dTranspose(dy, w, x.shape, 1, 'same');
      return tf.div(tf.max(tf.abs(tf.sub(a, tf.conv2d(dy, wT, 1, 'same')))), tf.max(tf.abs(a)));
    });
    const rel = (await diff.data())[0]!;
    tf.dispose([x, w, dy, wT, diff]);
    console.log(
      `  Conv2D ${k}×${k} ${h}×${h}×${cin}→${cout}: forward ${forward.toFixed(2)} ms; input gradient: Conv2DBackpropInput ${native.toFixed(2)} ms, ` +
        `conv2d(dy, flipped kernel) ${rewrite.toFixed(2)} ms (relative difference ${rel.toExponential(1)})`,
    );
  }
  for (const [h, c] of [
    [112, 32],
    [56, 144],
    [14, 576],
  ] as const) {
    const t = tf.tidy(() => {
      const x = tf.randomNormal([1, h, h, c], 0, 2, 'float32', 4);
      const dy = tf.randomNormal([1, h, h, c], 0, 1, 'float32', 5);
      const mean = tf.randomNormal([c], 0, 1, 'float32', 6);
      const variance = tf.randomUniform([c], 0.5, 1.5, 'float32', 7);
      const gamma = tf.randomUniform([c], 0.5, 1.5, 'float32', 8);
      const beta = tf.randomNormal([c], 0, 1, 'float32', 9);
      const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, 1e-3)));
      const shift = tf.sub(beta, tf.mul(mean, scale));
      return { x, dy, mean, variance, gamma, beta, scale, shift };
    });
    const bnGrad = tf.grad((a: tf.Tensor) => tf.batchNorm(a, t.mean, t.variance, t.beta, t.gamma, 1e-3));
    const affineGrad = tf.grad((a: tf.Tensor) => tf.add(tf.mul(a, t.scale), t.shift));
    const clipGrad = tf.grad((a: tf.Tensor) => tf.clipByValue(tf.relu(a), 0, 6));
    const relu6Grad = tf.grad((a: tf.Tensor) => tf.relu6(a));
    const tile = fastest(() => tf.tile(tf.reshape(t.variance, [1, 1, 1, c]), [1, h, h, 1]));
    console.log(
      `  ${h}×${h}×${c}: BatchNormalization input gradient ${fastest(() => bnGrad(t.x, t.dy)).toFixed(2)} ms (its Tile alone ${tile.toFixed(2)} ms), ` +
        `as x·scale + shift ${fastest(() => affineGrad(t.x, t.dy)).toFixed(2)} ms; ReLU(6) gradient as clip(relu) ${fastest(() => clipGrad(t.x, t.dy)).toFixed(2)} ms, ` +
        `as relu6 ${fastest(() => relu6Grad(t.x, t.dy)).toFixed(2)} ms`,
    );
    tf.dispose(Object.values(t));
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!(await tf.setBackend('wasm'))) throw new Error('gradcam.bench: the wasm backend did not initialise');
  await tf.ready();
  const started = performance.now();
  console.log(
    `tfjs-gradcam bench: backend ${tf.getBackend()}, tfjs-core ${tf.version_core}, node ${process.version}, ` +
      `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, input ${args.size}×${args.size}×3, ` +
      `batch 1: ${args.warmup} warm-up + ${args.rounds} rounds` +
      (args.batch8 ? `; batch 8: 1 warm-up + ${args.rounds8} rounds` : '') +
      `, medians of interleaved rounds, each gradCam paired with a predict; random weights; load average ${loadAverage()}`,
  );
  const nets: Array<[string, (size: number) => tfl.LayersModel, BenchBlocks]> = [
    ['MobileNetV2', (s) => mobileNetV2Like(s), mobileNetV2Blocks],
    ['ResNet18', (s) => resNet18Like(s), resNet18Blocks],
  ];
  const rows: Row[] = [];
  const leaks: string[] = [];
  const models = new Map<string, tfl.LayersModel>();
  for (const [name, make, blocks] of nets) {
    const startTensors = tf.memory().numTensors;
    const model = make(args.size);
    models.set(name, model);
    const r1 = await measureNet(name, model, blocks, 1, args, args.rounds, args.warmup);
    rows.push(...r1.rows);
    leaks.push(r1.leak);
    if (args.batch8) {
      const r8 = await measureNet(name, model, blocks, 8, args, args.rounds8, 1);
      rows.push(...r8.rows);
      leaks.push(r8.leak);
    }
    if (args.profile === 'none') {
      model.dispose();
      models.delete(name);
      if (tf.memory().numTensors !== startTensors) leaks.push(`${name}: ${tf.memory().numTensors - startTensors} tensors left after disposing the model`);
    }
  }
  console.log('');
  const failures = printTable(rows);
  console.log('');
  console.log('targets: gradCam at the last block ≤ 1.15× predict; at any block ≤ 2.0× predict (batch 1 and 8 alike)');
  console.log('ratio: median over rounds of gradCam time / time of the predict run just before it (judged against the target); min ratio: fastest gradCam / fastest predict');
  console.log('peak MB: largest tf.memory().numBytes during one call minus the bytes allocated before it (weights and input excluded)');
  for (const l of leaks) console.log(`leak check: ${l}`);

  if (args.profile !== 'none') {
    const wanted = rows.filter((r) => {
      if (r.block === null || r.batch !== 1) return false;
      if (args.profile === 'all') return true;
      return median(r.ratios) > TARGET[r.block];
    });
    if (wanted.length > 0) console.log('\nprofiles (batch 1; kernel times from tf.profile, phases from wall time):');
    for (const r of wanted) {
      const model = models.get(r.net)!;
      const x = tf.randomUniform([1, args.size, args.size, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
      const predictMs = median(rows.find((q) => q.net === r.net && q.batch === 1 && q.block === null)!.times);
      const phases = await phaseSplit(model, r.layer!, x, 5);
      console.log(
        `  ${r.net} gradCam ${r.block} (${r.shape}): pass 1 ${phases.pass1.toFixed(1)} ms (${(phases.pass1 / predictMs).toFixed(2)}× predict), ` +
          `pass 2 + post-processing ${phases.rest.toFixed(1)} ms (${(phases.rest / predictMs).toFixed(2)}× predict)`,
      );
      await profileGradCam(model, r.layer!, x);
      x.dispose();
    }
  }
  for (const m of models.values()) m.dispose();
  if (args.kernels) await compareKernels();
  console.log(`\nload average now ${loadAverage()}`);
  console.log(`${failures} row(s) miss their target; total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
