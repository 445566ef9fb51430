/**
 * Grad-CAM cost relative to a plain forward pass on real pretrained models shipped in npm packages
 * (no network): nsfwjs's MobileNetV2 as a tfjs-layers model (224×224, Keras 2.2.4 topology,
 * batch norm unfused) and, unless --no-graph, nsfwjs's MobileNetV2 graph model (width 1.4, fused
 * convolutions). wasm backend.
 *
 *   npm run bench:real                   # batch 1 (2 warm-up + 7 rounds) and batch 8 (1 + 3)
 *   npm run bench:real -- --quick        # batch 1, one round, layers model only
 *   npm run bench:real -- --rounds 9 --rounds8 5 --no-graph
 *
 * Each gradCam run is paired with a predict run just before it, in interleaved rounds (the order of
 * the blocks rotates); its ratio is the median of the per-pair ratios (bench/benchUtils.ts). Each
 * block runs without and with a CamCache (the filters the gradient ops derive, kept between calls;
 * the leak check counts after the caches are freed). The process CPU time of the same runs gives a
 * second ratio that a busy machine does not skew (wasm computes on the calling thread); on a
 * machine whose load average exceeds its core count the targets are judged on it. The
 * inputs are the example images (examples/images) scaled to 224×224. The targets are goals, not
 * assertions: the bench exits 0 unless it cannot run.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import os from 'node:os';
import { CamCache, gradCam } from '../src/index.js';
import { graphSplitModel } from '../src/graph/graphSplitModel.js';
import { loadNsfwGraphModel, loadNsfwLayersModel } from '../test/fixtures/realModels.js';
import { exampleImage } from '../test/helpers/realImages.js';
import { formatTable, intFlag, loadAverage, median, mb, pairedRounds, peakMemory } from './benchUtils.js';

const BENCH = 'realModels.bench';
/** gradCam / predict goals at the last block and at a middle block. */
const TARGET = { last: 1.15, middle: 2.0 } as const;
type Block = keyof typeof TARGET;

/** A model under test: how to predict, and the layer (or node) of each block. */
interface Net {
  name: string;
  predict: (x: tf.Tensor4D) => tf.Tensor;
  blocks: Record<Block, string>;
  /** Shape of each block's map, for the table. */
  shapes: Record<Block, string>;
  model: unknown;
  dispose: () => void;
}

async function layersNet(): Promise<Net> {
  const model = await loadNsfwLayersModel('mobilenet_v2');
  const shape = (l: string) => (model.getLayer(l).outputShape as number[]).slice(1).join('×');
  return {
    name: 'nsfwjs MobileNetV2 (layers)',
    predict: (x) => model.predict(x) as tf.Tensor,
    blocks: { last: 'out_relu', middle: 'block_8_add' },
    shapes: { last: shape('out_relu'), middle: shape('block_8_add') },
    model,
    dispose: () => model.dispose(),
  };
}

async function graphNet(): Promise<Net> {
  const model = await loadNsfwGraphModel();
  const sm = graphSplitModel(model, BENCH);
  const prefix = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/MobilenetV2/';
  const blocks = { last: `${prefix}Conv_1/Relu6`, middle: `${prefix}expanded_conv_8/add` };
  const shape = (n: string) => sm.candidates().find((c) => c.name === n)!.shape.slice(1).join('×');
  return {
    name: 'nsfwjs MobileNetV2 1.4 (graph)',
    predict: (x) => model.predict(x) as tf.Tensor,
    blocks,
    shapes: { last: shape(blocks.last), middle: shape(blocks.middle) },
    model,
    dispose: () => model.dispose(),
  };
}

interface Row {
  net: string;
  batch: number;
  label: string;
  layer: string;
  block: Block | null;
  times: number[];
  ratios: number[];
  /** Process CPU time of the gradCam run / of the predict run just before it, one per pair. */
  cpuRatios: number[];
  peakBytes: number;
}

/** Process CPU time (user + system) of one awaited run, in ms. */
async function cpuTime(run: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

async function measure(net: Net, x: tf.Tensor4D, rounds: number, warmup: number): Promise<{ rows: Row[]; leak: string }> {
  const predict = async () => {
    const y = net.predict(x);
    await y.data();
    y.dispose();
  };
  const blocks: Block[] = ['last', 'middle'];
  // Each block without and with a CamCache (derived filters kept between calls).
  const caches = blocks.map(() => new CamCache());
  const variants = blocks.flatMap((block, i) => [
    { block, cache: undefined as CamCache | undefined },
    { block, cache: caches[i] },
  ]);
  const cams = variants.map(({ block, cache }) => async () => {
    const r = gradCam(net.model, x, { layerName: net.blocks[block], ...(cache ? { cache } : {}) });
    await r.heatmap.data();
    r.dispose();
  });
  const before = tf.memory().numTensors;
  for (let w = 0; w < warmup; w++) for (const run of [predict, ...cams]) await run();
  // Wall time pairs come from pairedRounds; the CPU time of the same runs is recorded alongside.
  // wasm runs on this thread, so CPU time is the work done, whatever else the machine is running.
  let lastPredictCpu = NaN;
  const cpuRatios = cams.map(() => [] as number[]);
  const paired = await pairedRounds(
    async () => {
      lastPredictCpu = await cpuTime(predict);
    },
    cams.map((run, i) => ({
      run: async () => {
        cpuRatios[i]!.push((await cpuTime(run)) / lastPredictCpu);
      },
    })),
    rounds,
  );
  const base = paired.flatMap((p) => p.baseTimes);
  const rows: Row[] = [
    { net: net.name, batch: x.shape[0], label: 'predict', layer: '', block: null, times: base, ratios: [], cpuRatios: [], peakBytes: (await peakMemory(predict)).peakBytes },
  ];
  for (let i = 0; i < variants.length; i++) {
    const { block, cache } = variants[i]!;
    const name = net.blocks[block].split('/').slice(-2).join('/');
    rows.push({
      net: net.name,
      batch: x.shape[0],
      label: `gradCam ${block}${cache ? ' +cache' : ''}`,
      layer: `${name} ${net.shapes[block]}`,
      block,
      times: paired[i]!.times,
      ratios: paired[i]!.ratios,
      cpuRatios: cpuRatios[i]!,
      peakBytes: (await peakMemory(cams[i]!)).peakBytes,
    });
  }
  for (const c of caches) c.dispose();
  const after = tf.memory().numTensors;
  const leak = `${net.name} batch ${x.shape[0]}: numTensors ${before} before, ${after} after: ${after === before ? 'OK, no leak' : `LEAK of ${after - before}`}`;
  return { rows, leak };
}

/**
 * The table. `ratio` is the median per-pair wall-time ratio, `cpu ratio` the same for process CPU
 * time; the target is judged on the CPU ratio when the machine is loaded (load average above its
 * core count), where wall time mostly measures waiting for a core.
 */
function report(rows: Row[], judgeOnCpu: boolean): number {
  let failures = 0;
  const predictPeak = new Map<string, number>();
  const lines = rows.map((r) => {
    const key = `${r.net}/${r.batch}`;
    if (r.block === null) predictPeak.set(key, r.peakBytes);
    const ratio = r.block === null ? null : median(r.ratios);
    const cpu = r.block === null ? null : median(r.cpuRatios);
    const target = r.block === null ? null : TARGET[r.block];
    const judged = judgeOnCpu ? cpu : ratio;
    const pass = judged === null || target === null ? null : judged <= target;
    if (pass === false) failures++;
    return [
      r.net,
      String(r.batch),
      r.label,
      r.layer,
      median(r.times).toFixed(1),
      Math.min(...r.times).toFixed(1),
      ratio === null ? '1.00×' : `${ratio.toFixed(2)}×`,
      cpu === null ? '1.00×' : `${cpu.toFixed(2)}×`,
      target === null ? '' : `≤ ${target.toFixed(2)}×`,
      pass === null ? '' : pass ? 'PASS' : 'FAIL',
      mb(r.peakBytes),
      r.block === null ? '1.0×' : `${(r.peakBytes / Math.max(1, predictPeak.get(key) ?? 1)).toFixed(1)}×`,
    ];
  });
  const header = ['model', 'batch', 'case', 'layer / node', 'median ms', 'min ms', 'ratio', 'cpu ratio', 'target', judgeOnCpu ? 'result (cpu)' : 'result', 'peak MB', 'peak ×'];
  for (const l of formatTable(header, lines, new Set([1, 4, 5, 6, 7, 10, 11]))) console.log(l);
  return failures;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const rounds = intFlag(argv, '--rounds', quick ? 1 : 7, BENCH);
  const rounds8 = intFlag(argv, '--rounds8', quick ? 1 : 3, BENCH);
  const warmup = intFlag(argv, '--warmup', quick ? 1 : 2, BENCH, 0);
  const batch8 = quick ? argv.includes('--batch8') : !argv.includes('--no-batch8');
  const withGraph = quick ? argv.includes('--graph') : !argv.includes('--no-graph');
  if (!(await tf.setBackend('wasm'))) throw new Error(`${BENCH}: the wasm backend did not initialise`);
  await tf.ready();
  const started = performance.now();
  console.log(
    `tfjs-gradcam real-model bench: backend ${tf.getBackend()}, tfjs-core ${tf.version_core}, node ${process.version}, ` +
      `${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, 224×224×3 example images; batch 1: ${warmup} warm-up + ${rounds} rounds` +
      (batch8 ? `; batch 8: 1 warm-up + ${rounds8} rounds` : '') +
      `; medians of per-pair ratios (each gradCam after a predict); load average ${loadAverage()}`,
  );
  const names = ['star-1.png', 'circle-1.png', 'square-1.png', 'triangle-1.png', 'cross-1.png', 'ring-1.png', 'star-2.png', 'circle-2.png'];
  const images = await Promise.all(names.map((n) => exampleImage(n, 224)));
  const x1 = images[0]!;
  const x8 = tf.concat(images) as tf.Tensor4D;
  const rows: Row[] = [];
  const leaks: string[] = [];
  const makers = [layersNet, ...(withGraph ? [graphNet] : [])];
  for (const make of makers) {
    const net = await make();
    for (const [x, r, w] of [[x1, rounds, warmup], ...(batch8 ? [[x8, rounds8, Math.min(warmup, 1)]] : [])] as Array<[tf.Tensor4D, number, number]>) {
      const m = await measure(net, x, r, w);
      rows.push(...m.rows);
      leaks.push(m.leak);
    }
    net.dispose();
  }
  tf.dispose([...images, x8]);
  const judgeOnCpu = os.loadavg()[0]! > os.cpus().length;
  const failures = report(rows, judgeOnCpu);
  for (const l of leaks) console.log(l);
  console.log(`${failures === 0 ? 'all targets met' : `${failures} row(s) over target`}; ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
