/**
 * The soak loop shared by `npm run soak` (bench/soak.ts) and its shortened run in the test suite
 * (test/hardening/soak.test.ts): thousands of explanations in a row, watching for leaks.
 *
 * Each phase repeats one kind of call (Grad-CAM on the demo net, on a MobileNetV2-shaped net, every
 * built-in method, guided backpropagation, the Node adapter's readImage → gradCam → saveOverlay),
 * disposing every result. After a warm-up the phase takes a baseline and then samples, at evenly
 * spaced calls:
 * - `tf.memory().numTensors` and `numBytes`, which must equal the baseline at every sample (a
 *   single leaked tensor per call fails the phase);
 * - the process RSS and the V8 heap in use, after a full garbage collection when one can be forced
 *   (see {@link forceGc}). Their growth is the median of the last quarter of the samples against the
 *   median of the first quarter; it must stay under `maxGrowth` (plus `slackBytes` for the heap, `rssSlackBytes` for RSS). Medians of
 *   windows rather than the end points, so that one allocation burst or a late GC does not decide;
 *   a least-squares slope over all samples is reported alongside;
 * - the time per call (median and 95th percentile).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { camMethodNames, cam, gradCam, guidedBackprop } from '../src/index.js';
import { loadLayersModel, readImage, saveOverlay } from '../src/node/index.js';
import { median } from './benchUtils.js';
import { mobileNetV2Like } from './nets.js';

/** How many calls each phase makes (0 skips a phase) and how it is judged. */
export interface SoakOptions {
  /** Grad-CAM calls on the demo net (96×96, examples/model). */
  small: number;
  /** Grad-CAM calls on the MobileNetV2-shaped net. */
  mobilenet: number;
  /** Calls of each built-in method (camMethodNames) on the demo net. */
  methods: number;
  /** guidedBackprop calls on the demo net. */
  guided: number;
  /** readImage → gradCam → heatmap data → saveOverlay rounds through the Node adapter. */
  adapter: number;
  /** Input size of the MobileNetV2-shaped net (a multiple of 32; 224 as in the real model). */
  mobilenetSize: number;
  /** Memory samples per phase after the warm-up. */
  samples: number;
  /** Largest allowed growth of RSS and heap, as a fraction of the first window's median (0.05 = 5%). */
  maxGrowth: number;
  /** Absolute heap growth always allowed on top of `maxGrowth`, in bytes (noise floor of short runs). */
  slackBytes: number;
  /**
   * RSS growth allowed on top of `maxGrowth`, in bytes, for phases shorter than `strictRssCalls`:
   * RSS moves in steps (the wasm memory and the allocator's arenas grow by whole blocks and the wasm
   * memory never shrinks), and over a few hundred calls one step can exceed 5% without any trend.
   */
  rssSlackBytes: number;
  /** Phases with at least this many calls are held to `maxGrowth` on RSS with no slack. */
  strictRssCalls: number;
  /**
   * The net of the Grad-CAM, method and guided phases instead of the demo net (the adapter phase
   * always uses the demo net): a smaller one keeps slow backends fast. Not disposed by the loop.
   */
  net?: { name: string; model: tfl.LayersModel; input: tf.Tensor4D };
  /** Progress lines (one per phase start and end); none when absent. */
  log?: (line: string) => void;
}

/** Soak defaults: `npm run soak` without flags. */
export const SOAK_DEFAULTS: SoakOptions = {
  small: 10_000,
  mobilenet: 1_000,
  methods: 200,
  guided: 500,
  adapter: 300,
  mobilenetSize: 224,
  samples: 40,
  maxGrowth: 0.05,
  slackBytes: 0,
  rssSlackBytes: 32 * 2 ** 20,
  strictRssCalls: 1_000,
};

/** Minimum, median and maximum of sampled values. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** What one phase measured. */
export interface PhaseReport {
  name: string;
  /** Calls made, warm-up included. */
  calls: number;
  warmup: number;
  /** Tensors and bytes at the baseline (after the warm-up) and the extremes over every sample. */
  tensors: { base: number; min: number; max: number };
  bytes: { base: number; min: number; max: number };
  rss: Spread;
  heap: Spread;
  /** Size of the wasm backend's memory (0 on other backends) at the baseline and at the end. */
  wasmMemory: { base: number; end: number };
  /** Growth of the window medians, as a fraction of the first window's median. */
  rssGrowth: number;
  heapGrowth: number;
  /** Least-squares slope over the samples, bytes per 1,000 calls. */
  rssSlope: number;
  heapSlope: number;
  /** Milliseconds per call after the warm-up. */
  msMedian: number;
  msP95: number;
  /** Wall time of the whole phase, seconds. */
  seconds: number;
  /** Why the phase failed; empty when it passed. */
  failures: string[];
}

/** Every phase's report, and whether heap figures were taken after a forced garbage collection. */
export interface SoakReport {
  backend: string;
  gcForced: boolean;
  phases: PhaseReport[];
  ok: boolean;
}

/**
 * A function running a full garbage collection, or null. Uses `globalThis.gc` when node runs with
 * `--expose-gc`, otherwise turns the flag on at run time and takes `gc` from a fresh context.
 */
export function forceGc(): (() => void) | null {
  const g = (globalThis as { gc?: unknown }).gc;
  if (typeof g === 'function') return g as () => void;
  try {
    v8.setFlagsFromString('--expose-gc');
    const fromContext: unknown = vm.runInNewContext('gc');
    return typeof fromContext === 'function' ? (fromContext as () => void) : null;
  } catch {
    return null;
  }
}

interface Phase {
  name: string;
  calls: number;
  run: (i: number) => void | Promise<void>;
}

interface Sample {
  wasm: number;
  call: number;
  tensors: number;
  bytes: number;
  rss: number;
  heap: number;
}

function spread(xs: number[]): Spread {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs) };
}

/** Median of the last quarter of `ys` against the median of the first quarter, as a fraction. */
function windowGrowth(ys: number[]): { growth: number; bytes: number; first: number } {
  const q = Math.max(1, Math.floor(ys.length / 4));
  const first = median(ys.slice(0, q));
  const last = median(ys.slice(ys.length - q));
  return { growth: (last - first) / first, bytes: last - first, first };
}

/** Least-squares slope of ys over xs. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

async function runPhase(phase: Phase, opts: SoakOptions, gc: (() => void) | null): Promise<PhaseReport> {
  const t0 = performance.now();
  const warmup = Math.min(100, Math.max(3, Math.round(phase.calls * 0.1)));
  const calls = Math.max(phase.calls, warmup + 4);
  for (let i = 0; i < warmup; i++) await phase.run(i);
  const take = (call: number): Sample => {
    gc?.();
    const m = tf.memory();
    const p = process.memoryUsage();
    const wasm = (tf.backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength ?? 0;
    return { call, tensors: m.numTensors, bytes: m.numBytes, rss: p.rss, heap: p.heapUsed, wasm };
  };
  const base = take(warmup);
  const samples: Sample[] = [];
  const times: number[] = [];
  const every = Math.max(1, Math.floor((calls - warmup) / opts.samples));
  for (let i = warmup; i < calls; i++) {
    const s = performance.now();
    await phase.run(i);
    times.push(performance.now() - s);
    if ((i - warmup + 1) % every === 0 || i === calls - 1) samples.push(take(i + 1));
  }
  const failures: string[] = [];
  const tensors = samples.map((s) => s.tensors);
  const bytes = samples.map((s) => s.bytes);
  if (tensors.some((t) => t !== base.tensors)) {
    failures.push(`tensor count moved from ${base.tensors} to ${Math.min(...tensors)}..${Math.max(...tensors)}`);
  }
  if (bytes.some((b) => b !== base.bytes)) {
    failures.push(`tensor bytes moved from ${base.bytes} to ${Math.min(...bytes)}..${Math.max(...bytes)}`);
  }
  const at = samples.map((s) => s.call);
  const rss = samples.map((s) => s.rss);
  const heap = samples.map((s) => s.heap);
  const rg = windowGrowth(rss);
  const hg = windowGrowth(heap);
  const allowed = (first: number, slack = opts.slackBytes) => first * opts.maxGrowth + slack;
  if (rg.bytes > allowed(rg.first, calls >= opts.strictRssCalls ? 0 : opts.rssSlackBytes)) failures.push(`RSS grew ${(rg.growth * 100).toFixed(1)}% (${(rg.bytes / 2 ** 20).toFixed(1)} MiB)`);
  if (hg.bytes > allowed(hg.first)) failures.push(`heap grew ${(hg.growth * 100).toFixed(1)}% (${(hg.bytes / 2 ** 20).toFixed(1)} MiB)`);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name: phase.name,
    calls,
    warmup,
    tensors: { base: base.tensors, min: Math.min(...tensors), max: Math.max(...tensors) },
    bytes: { base: base.bytes, min: Math.min(...bytes), max: Math.max(...bytes) },
    rss: spread(rss),
    heap: spread(heap),
    wasmMemory: { base: base.wasm, end: samples[samples.length - 1]!.wasm },
    rssGrowth: rg.growth,
    heapGrowth: hg.growth,
    rssSlope: slope(at, rss) * 1000,
    heapSlope: slope(at, heap) * 1000,
    msMedian: median(times),
    msP95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!,
    seconds: (performance.now() - t0) / 1000,
    failures,
  };
}

/** The demo images the adapter phase cycles through. */
const IMAGES = ['circle-1', 'square-1', 'star-1', 'cross-1', 'ring-1'].map((n) => `examples/images/${n}.png`);

/**
 * Runs every phase with a count above 0 on the current tfjs backend (run from the repository root:
 * the demo model and images are read from examples/). Resolves with the reports; never throws for
 * a failed phase (see {@link SoakReport.ok}).
 */
export async function runSoak(options: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const opts: SoakOptions = { ...SOAK_DEFAULTS, ...options };
  const log = opts.log ?? (() => {});
  const gc = forceGc();
  const small = await loadLayersModel('examples/model/model.json');
  const image = await readImage('examples/images/star-1.png');
  const x = tf.tidy(() => tf.expandDims(tf.div(tf.cast(image, 'float32'), 255), 0) as tf.Tensor4D);
  image.dispose();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-gradcam-soak-'));
  let mobile: ReturnType<typeof mobileNetV2Like> | null = null;
  let mx: tf.Tensor4D | null = null;

  const net = opts.net?.model ?? small;
  const netX = opts.net?.input ?? x;
  const netName = opts.net?.name ?? 'demo net';
  const phases: Phase[] = [];
  phases.push({
    name: `gradCam, ${opts.net ? netName : 'demo net 96×96'}`,
    calls: opts.small,
    run: () => {
      const r = gradCam(net, netX);
      r.heatmap.dataSync();
      r.dispose();
    },
  });
  if (opts.mobilenet > 0) {
    mobile = mobileNetV2Like(opts.mobilenetSize, 1000);
    const s = opts.mobilenetSize;
    mx = tf.tidy(() => tf.randomUniform([1, s, s, 3], 0, 1, 'float32', 7) as tf.Tensor4D);
    const m = mobile;
    const input = mx;
    phases.push({
      name: `gradCam, MobileNetV2-like ${s}×${s}`,
      calls: opts.mobilenet,
      run: () => {
        const r = gradCam(m, input);
        r.heatmap.dataSync();
        r.dispose();
      },
    });
  }
  for (const method of camMethodNames) {
    phases.push({
      name: `cam '${method}', ${netName}`,
      calls: opts.methods,
      run: () => {
        const r = cam(net, netX, { method });
        r.heatmap.dataSync();
        r.dispose();
      },
    });
  }
  phases.push({
    name: `guidedBackprop, ${netName}`,
    calls: opts.guided,
    run: () => {
      const r = guidedBackprop(net, netX);
      r.gradients.dataSync();
      r.dispose();
    },
  });
  phases.push({
    name: 'node: readImage → gradCam → saveOverlay',
    calls: opts.adapter,
    run: async (i) => {
      const img = await readImage(IMAGES[i % IMAGES.length]!);
      const input = tf.tidy(() => tf.expandDims(tf.div(tf.cast(img, 'float32'), 255), 0) as tf.Tensor4D);
      try {
        const r = gradCam(small, input);
        try {
          await r.heatmap.data();
          await saveOverlay(path.join(dir, `overlay-${i % IMAGES.length}.png`), img, r.heatmap);
        } finally {
          r.dispose();
        }
      } finally {
        tf.dispose([img, input]);
      }
    },
  });

  const reports: PhaseReport[] = [];
  try {
    for (const phase of phases) {
      if (phase.calls <= 0) continue;
      log(`${phase.name}: ${phase.calls} calls…`);
      const r = await runPhase(phase, opts, gc);
      log(`${phase.name}: ${r.seconds.toFixed(1)} s, ${r.msMedian.toFixed(2)} ms/call${r.failures.length ? ' — FAILED: ' + r.failures.join('; ') : ''}`);
      reports.push(r);
    }
  } finally {
    tf.dispose([x, ...(mx ? [mx] : [])]);
    small.dispose();
    mobile?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return { backend: tf.getBackend(), gcForced: gc !== null, phases: reports, ok: reports.every((r) => r.failures.length === 0) };
}
