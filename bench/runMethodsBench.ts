/**
 * The core of the methods benchmark (bench/methods.bench.ts): every CAM method's time as a ratio
 * to Grad-CAM at one layer, from paired interleaved runs, with a tensor leak check per method; and
 * Score-CAM's peak tensor memory against the target layer's channel count and its `batchSize`.
 * The caller picks the backend and the nets; nothing here prints unless given a `log`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { cam, camMethodNames, gradCam, guidedGradCam, listCandidateLayers, scoreCamMethod } from '../src/index.js';
import { median, pairedRounds, peakMemory, timeIt } from './benchUtils.js';

/** A network to benchmark and the layer every method explains on it. */
export interface MethodsBenchNet {
  name: string;
  model: tfl.LayersModel;
  layer: string;
}

/** Score-CAM's memory probe: two nets that differ only in the target layer's channel count. */
export interface MemoryBenchOptions {
  /** Input height and width: a power of 2, at least 16; the target layer is 4×4 for every size. */
  size: number;
  /**
   * The two channel counts of the target layer, smaller first (e.g. [64, 1024]); the smaller one
   * at least `batchSize`, so both runs score full chunks.
   */
  channels: [number, number];
  /** Score-CAM `batchSize` of the channel comparison. */
  batchSize: number;
  /** `batchSize` values for the peak-vs-batchSize rows (on the larger channel count). */
  batchSizes: number[];
}

/** What {@link runMethodsBench} measures and how long it may take. */
export interface MethodsBenchOptions {
  /** Input batch sizes, smallest first; estimates for the later ones come from the first. */
  batches: number[];
  /** Timed rounds at the first batch size. */
  rounds: number;
  /** Timed rounds at the later batch sizes (fewer when a row would exceed `budgetMs`). */
  roundsLarge: number;
  /** Warm-up runs of each case before the rounds. */
  warmup: number;
  /** Channels scored by the Faster Score-CAM row (`scoreCamMethod({ maxChannels })`). */
  fasterChannels: number;
  /**
   * When set, the 'score-cam' row scores only this many channels (a smoke run); otherwise it
   * scores all K and, at the first batch size, runs once without a warm-up.
   */
  scoreCamChannels?: number;
  /**
   * Time allowed to one row at a later batch size (warm-up and rounds), estimated as the row's
   * first-batch median × the batch ratio: a row whose single run would exceed it is extrapolated
   * instead of measured; otherwise it gets as many rounds (up to `roundsLarge`) as fit.
   */
  budgetMs: number;
  /** Peak memory (one extra run under `tf.profile`) only for rows whose median is below this. */
  peakLimitMs: number;
  /** Score-CAM memory probe; `null` skips it. */
  memory: MemoryBenchOptions | null;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Tensor counts around the runs of one case. */
export interface TensorCheck {
  /** `tf.memory().numTensors` before its first run and after its last run. */
  before: number;
  after: number;
  /** Sum over its runs of (numTensors after − before); 0 when nothing leaks. */
  leaked: number;
  runs: number;
}

/** One method at one net and batch size. */
export interface MethodRow {
  net: string;
  batch: number;
  method: string;
  layer: string;
  /** false: not run; `ms` is the first batch size's median × the batch ratio. */
  measured: boolean;
  warmup: number;
  rounds: number;
  times: number[];
  /** The gradCam run just before each timed run. */
  baseTimes: number[];
  ratios: number[];
  /** Median time, or the extrapolated time. */
  ms: number;
  /** Median of the paired gradCam times (of every gradCam run at this batch for extrapolated rows). */
  baseMs: number;
  /** Median of the per-pair ratios, or ms / baseMs for extrapolated rows. */
  ratio: number;
  /** Fastest run / fastest paired gradCam run. */
  minRatio: number | null;
  peakBytes: number | null;
  tensors: TensorCheck | null;
}

/** The gradCam baseline at one net and batch size. */
export interface BaselineRow {
  net: string;
  batch: number;
  layer: string;
  /** [h, w, K] of the layer's output. */
  layerShape: number[];
  ms: number;
  runs: number;
  peakBytes: number;
  tensors: TensorCheck;
}

/** One Score-CAM run of the memory probe. */
export interface MemoryRow {
  channels: number;
  batchSize: number;
  /** Score-CAM peak above the bytes allocated before the call. */
  peakBytes: number;
  /** Peak of a plain forward pass of one chunk (predict on a [batchSize,H,W,3] input made inside). */
  chunkPredictPeakBytes: number;
  /** Bytes of the target layer's activations for the input, [1,4,4,K]. */
  activationBytes: number;
  leaked: number;
}

/** Score-CAM memory against the channel count and the batch size. */
export interface MemoryReport {
  size: number;
  targetShape: number[];
  rows: MemoryRow[];
  /** peak(larger K) − peak(smaller K) at the same batchSize. */
  deltaBytes: number;
  /**
   * What may scale with K: the activations at the target layer themselves, of one chunk's forward
   * pass ([batchSize,4,4,K]) and of the input ([1,4,4,K]), counted twice (an op's input and output
   * coexist): 2 × (batchSize + 1) × 16 × ΔK × 4 bytes.
   */
  allowanceBytes: number;
  /** Extra bytes if the K masks were held at once at the input size (what streaming avoids). */
  unstreamedBytes: number;
  independent: boolean;
}

/** Everything {@link runMethodsBench} measured. */
export interface MethodsBenchReport {
  rows: MethodRow[];
  baselines: BaselineRow[];
  memory: MemoryReport | null;
}

interface Disposable {
  dispose(): void;
}

interface MethodCase {
  method: string;
  /** Scores every channel of the layer: K forward passes per sample. */
  heavy: boolean;
  call: (model: tfl.LayersModel, x: tf.Tensor4D, layer: string) => { sync: tf.Tensor } & Disposable;
}

function methodCases(options: MethodsBenchOptions, channels: number): MethodCase[] {
  const cases: MethodCase[] = [];
  for (const name of camMethodNames) {
    if (name === 'score-cam' && options.scoreCamChannels !== undefined) {
      const method = scoreCamMethod({ maxChannels: options.scoreCamChannels });
      const n = Math.min(options.scoreCamChannels, channels);
      cases.push({
        method: `score-cam (${n} of ${channels} channels)`,
        heavy: false,
        call: (model, x, layerName) => wrap(cam(model, x, { method, layerName })),
      });
      continue;
    }
    cases.push({
      method: name,
      heavy: name === 'score-cam',
      call: (model, x, layerName) => wrap(cam(model, x, { method: name, layerName })),
    });
  }
  cases.push({
    method: 'guided-grad-cam',
    heavy: false,
    call: (model, x, layerName) => {
      const r = guidedGradCam(model, x, { layerName });
      return { sync: r.guided, dispose: () => r.dispose() };
    },
  });
  const faster = scoreCamMethod({ maxChannels: options.fasterChannels });
  cases.push({
    method: `faster-score-cam (${Math.min(options.fasterChannels, channels)} channels)`,
    heavy: false,
    call: (model, x, layerName) => wrap(cam(model, x, { method: faster, layerName })),
  });
  cases.push({
    method: 'grad-cam augSmooth',
    heavy: false,
    call: (model, x, layerName) => wrap(cam(model, x, { method: 'grad-cam', layerName, augSmooth: true })),
  });
  return cases;
}

function wrap(r: { heatmap: tf.Tensor } & Disposable): { sync: tf.Tensor } & Disposable {
  return { sync: r.heatmap, dispose: () => r.dispose() };
}

/** A run that reads its result back (so the work is done), disposes it, and counts tensors. */
function tracked(call: () => { sync: tf.Tensor } & Disposable): { run: () => Promise<void>; check: TensorCheck } {
  const check: TensorCheck = { before: -1, after: -1, leaked: 0, runs: 0 };
  const run = async (): Promise<void> => {
    const before = tf.memory().numTensors;
    const r = call();
    await r.sync.data();
    r.dispose();
    const after = tf.memory().numTensors;
    if (check.runs === 0) check.before = before;
    check.after = after;
    check.leaked += after - before;
    check.runs++;
  };
  return { run, check };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * A small net whose target layer (named 'target', 4×4×`channels`, ReLU) is the only part that
 * depends on `channels`: 3×3 stride-2 convolutions down to 8×8 (8, 16, 32, 64, 64… filters), the
 * target convolution, global average pooling and a 10-way softmax. Seeded, so the layers before
 * the target get the same weights in every variant.
 */
function channelProbeNet(size: number, channels: number): tfl.LayersModel {
  if (!Number.isInteger(Math.log2(size)) || size < 16) {
    throw new Error(`runMethodsBench(): memory.size must be a power of 2 ≥ 16, received ${size}`);
  }
  let seed = 11;
  const input = tfl.input({ shape: [size, size, 3] });
  let x = input;
  let s = size;
  let filters = 8;
  while (s > 8) {
    x = tfl.layers
      .conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.heNormal({ seed: seed++ }) })
      .apply(x) as tfl.SymbolicTensor;
    s /= 2;
    filters = Math.min(64, filters * 2);
  }
  x = tfl.layers
    .conv2d({ filters: channels, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'target', kernelInitializer: tfl.initializers.heNormal({ seed: 99 }) })
    .apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 100 }) }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: `probe_${size}_${channels}` });
}

async function scoreCamMemory(options: MemoryBenchOptions, log: (line: string) => void): Promise<MemoryReport> {
  const { size, channels, batchSize, batchSizes } = options;
  if (!(channels[0] >= batchSize && channels[1] > channels[0])) {
    throw new Error(`runMethodsBench(): memory.channels must be [small, large] with batchSize ≤ small < large (smaller chunks would use less memory), received [${channels.join(', ')}] with batchSize ${batchSize}`);
  }
  const x = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  const rows: MemoryRow[] = [];
  const method = scoreCamMethod();
  const measure = async (model: tfl.LayersModel, k: number, bs: number): Promise<MemoryRow> => {
    const before = tf.memory().numTensors;
    const run = async (): Promise<void> => {
      const r = cam(model, x, { method, layerName: 'target', batchSize: bs });
      await r.heatmap.data();
      r.dispose();
    };
    await run(); // warm-up: first-use allocations of the backend are not the method's
    const { peakBytes } = await peakMemory(run);
    const predict = await peakMemory(async () => {
      const y = tf.tidy(() => model.predict(tf.tile(x, [bs, 1, 1, 1])) as tf.Tensor);
      await y.data();
      y.dispose();
    });
    const row: MemoryRow = {
      channels: k,
      batchSize: bs,
      peakBytes,
      chunkPredictPeakBytes: predict.peakBytes,
      activationBytes: 4 * 4 * k * 4,
      leaked: tf.memory().numTensors - before,
    };
    log(`  memory: K=${k}, batchSize ${bs}: Score-CAM peak ${(peakBytes / 2 ** 20).toFixed(2)} MiB`);
    return row;
  };
  for (const k of channels) {
    const model = channelProbeNet(size, k);
    rows.push(await measure(model, k, batchSize));
    if (k === channels[1]) for (const bs of batchSizes) if (bs !== batchSize) rows.push(await measure(model, k, bs));
    model.dispose();
  }
  x.dispose();
  rows.sort((a, b) => a.channels - b.channels || a.batchSize - b.batchSize);
  const small = rows.find((r) => r.channels === channels[0] && r.batchSize === batchSize)!;
  const large = rows.find((r) => r.channels === channels[1] && r.batchSize === batchSize)!;
  const deltaBytes = large.peakBytes - small.peakBytes;
  const allowanceBytes = 2 * (batchSize + 1) * (large.activationBytes - small.activationBytes);
  return {
    size,
    targetShape: [4, 4],
    rows,
    deltaBytes,
    allowanceBytes,
    unstreamedBytes: (channels[1] - channels[0]) * size * size * 4,
    independent: deltaBytes <= allowanceBytes,
  };
}

/**
 * Times every CAM method (each name in `camMethodNames`, Guided Grad-CAM, Faster Score-CAM and
 * Grad-CAM with `augSmooth`) against `gradCam` at each net's layer: warm-up runs, then interleaved
 * rounds in which each method runs right after a gradCam run; its ratio is the median of the
 * per-pair ratios. Rows too slow for the budget at the later batch sizes are extrapolated from
 * the first. Checks `tf.memory().numTensors` around every run. The nets are not disposed.
 */
export async function runMethodsBench(nets: MethodsBenchNet[], options: MethodsBenchOptions): Promise<MethodsBenchReport> {
  const log = options.log ?? ((): void => {});
  const rows: MethodRow[] = [];
  const baselines: BaselineRow[] = [];
  for (const net of nets) {
    const candidate = listCandidateLayers(net.model).find((c) => c.path === net.layer);
    if (candidate === undefined) throw new Error(`runMethodsBench(): layer "${net.layer}" is not a candidate layer of ${net.name}`);
    const layerShape = candidate.outputShape.slice(1) as number[];
    const channels = layerShape[2]!;
    const cases = methodCases(options, channels);
    const [, h, w, c] = net.model.inputs[0]!.shape as number[];
    /** First-batch medians, by method (and the baseline under ''). */
    const firstMs = new Map<string, number>();
    const firstBatch = options.batches[0]!;
    for (const batch of options.batches) {
      const isFirst = batch === firstBatch;
      const scale = batch / firstBatch;
      const x = tf.randomUniform([batch, h!, w!, c!], -1, 1, 'float32', 7) as tf.Tensor4D;
      const base = tracked(() => wrap(gradCam(net.model, x, { layerName: net.layer })));
      interface Plan {
        mc: MethodCase;
        run: () => Promise<void>;
        check: TensorCheck;
        warmup: number;
        rounds: number;
        estimateMs: number | null;
      }
      const plans: Plan[] = [];
      const skipped: Array<{ mc: MethodCase; estimateMs: number }> = [];
      for (const mc of cases) {
        const t = tracked(() => mc.call(net.model, x, net.layer));
        if (isFirst) {
          plans.push({ mc, ...t, warmup: mc.heavy ? 0 : options.warmup, rounds: mc.heavy ? 1 : options.rounds, estimateMs: null });
          continue;
        }
        const est = firstMs.get(mc.method)! * scale;
        if (est > options.budgetMs) {
          skipped.push({ mc, estimateMs: est });
          continue;
        }
        const rounds = Math.max(1, Math.min(options.roundsLarge, Math.floor(options.budgetMs / est)));
        const warmup = est * (rounds + options.warmup) <= options.budgetMs ? options.warmup : 0;
        plans.push({ mc, ...t, warmup, rounds, estimateMs: est });
      }
      const started = performance.now();
      for (let i = 0; i < options.warmup; i++) await base.run();
      const warmMs = new Map<string, number>();
      for (let i = 0; i < options.warmup; i++) {
        for (const p of plans) if (i < p.warmup) warmMs.set(p.mc.method, await timeIt(p.run));
      }
      const fasterMs = [...warmMs.entries()].find(([m]) => m.startsWith('faster-score-cam'))?.[1];
      const heavyNote =
        fasterMs !== undefined && plans.some((p) => p.mc.heavy)
          ? `; score-cam (${channels} channels) estimated ≈ ${seconds((fasterMs * channels) / Math.min(options.fasterChannels, channels))} from the Faster Score-CAM warm-up`
          : '';
      log(
        `${net.name} batch ${batch}: warm-up done in ${seconds(performance.now() - started)}; ${plans.length} methods measured, ${skipped.length} extrapolated${heavyNote}`,
      );
      const maxRounds = Math.max(0, ...plans.map((p) => p.rounds));
      const paired = await pairedRounds(
        base.run,
        plans.map((p) => ({ run: p.run, rounds: p.rounds })),
        maxRounds,
        (i, r, ms, baseMs) => {
          if (ms > 10_000 || r === maxRounds - 1) log(`  ${net.name} batch ${batch} round ${r + 1}/${plans[i]!.rounds}: ${plans[i]!.mc.method} ${seconds(ms)} (gradCam ${(baseMs).toFixed(0)} ms)`);
        },
      );
      const allBase = paired.flatMap((p) => p.baseTimes);
      // Every row extrapolated: the baseline still needs a time of its own at this batch size.
      const standalone = isFirst ? options.rounds : options.roundsLarge;
      if (allBase.length === 0) for (let i = 0; i < standalone; i++) allBase.push(await timeIt(base.run));
      const baseMs = median(allBase);
      if (isFirst) firstMs.set('', baseMs);
      const basePeak = await peakMemory(base.run);
      for (let i = 0; i < plans.length; i++) {
        const p = plans[i]!;
        const t = paired[i]!;
        const ms = median(t.times);
        if (isFirst) firstMs.set(p.mc.method, ms);
        const peak = ms <= options.peakLimitMs ? (await peakMemory(p.run)).peakBytes : null;
        rows.push({
          net: net.name,
          batch,
          method: p.mc.method,
          layer: net.layer,
          measured: true,
          warmup: p.warmup,
          rounds: p.rounds,
          times: t.times,
          baseTimes: t.baseTimes,
          ratios: t.ratios,
          ms,
          baseMs: median(t.baseTimes),
          ratio: median(t.ratios),
          minRatio: Math.min(...t.times) / Math.min(...t.baseTimes),
          peakBytes: peak,
          tensors: p.check,
        });
      }
      for (const s of skipped) {
        rows.push({
          net: net.name,
          batch,
          method: s.mc.method,
          layer: net.layer,
          measured: false,
          warmup: 0,
          rounds: 0,
          times: [],
          baseTimes: [],
          ratios: [],
          ms: s.estimateMs,
          baseMs,
          ratio: s.estimateMs / baseMs,
          minRatio: null,
          peakBytes: null,
          tensors: null,
        });
      }
      baselines.push({ net: net.name, batch, layer: net.layer, layerShape, ms: baseMs, runs: base.check.runs, peakBytes: basePeak.peakBytes, tensors: base.check });
      x.dispose();
      log(`${net.name} batch ${batch}: done in ${seconds(performance.now() - started)}`);
    }
  }
  // Keep the order of the method list within each net and batch (extrapolated rows were appended).
  const order = new Map(methodCases(options, 1).map((m, i) => [m.method.split(' (')[0]!, i]));
  const rank = (r: MethodRow): number => order.get(r.method.split(' (')[0]!) ?? 99;
  rows.sort((a, b) => nets.findIndex((n) => n.name === a.net) - nets.findIndex((n) => n.name === b.net) || a.batch - b.batch || rank(a) - rank(b));
  const memory = options.memory === null ? null : await scoreCamMemory(options.memory, log);
  return { rows, baselines, memory };
}
