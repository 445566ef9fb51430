/**
 * Soak test: many explanations in a row on the wasm backend, checking that nothing accumulates.
 *
 *   npm run soak                                  # 10,000 demo-net + 1,000 MobileNetV2-like calls, …
 *   npm run soak -- --small 500 --mobilenet 50    # a short run
 *   npm run soak -- --methods 50 --guided 100 --adapter 100 --size 224 --samples 40
 *
 * Phases and criteria are described in bench/soakLoop.ts: tensor count and bytes identical to the
 * post-warm-up baseline at every sample, RSS and heap growth (medians of the last against the first
 * quarter of the samples) under 5% (RSS of phases under 1,000 calls: 5% + 32 MiB). Prints a summary
 * table; exits 1 when any phase fails.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import os from 'node:os';
import { formatTable, intFlag, loadAverage, mb } from './benchUtils.js';
import { runSoak, SOAK_DEFAULTS, type PhaseReport } from './soakLoop.js';

const argv = process.argv.slice(2);
const name = 'soak';
const options = {
  small: intFlag(argv, '--small', SOAK_DEFAULTS.small, name, 0),
  mobilenet: intFlag(argv, '--mobilenet', SOAK_DEFAULTS.mobilenet, name, 0),
  methods: intFlag(argv, '--methods', SOAK_DEFAULTS.methods, name, 0),
  guided: intFlag(argv, '--guided', SOAK_DEFAULTS.guided, name, 0),
  adapter: intFlag(argv, '--adapter', SOAK_DEFAULTS.adapter, name, 0),
  mobilenetSize: intFlag(argv, '--size', SOAK_DEFAULTS.mobilenetSize, name, 32),
  samples: intFlag(argv, '--samples', SOAK_DEFAULTS.samples, name, 4),
};

await tf.setBackend('wasm');
await tf.ready();
const started = new Date();
console.log(`soak on ${tf.getBackend()}, ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}, Node ${process.version}, load ${loadAverage()}`);
const report = await runSoak({ ...options, log: (l) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${l}`) });

const pct = (f: number): string => `${f >= 0 ? '+' : ''}${(f * 100).toFixed(2)}%`;
const kb = (bytes: number): string => `${bytes >= 0 ? '+' : ''}${(bytes / 1024).toFixed(0)}`;
const range = (s: { min: number; median: number; max: number }): string => `${mb(s.min)} / ${mb(s.median)} / ${mb(s.max)}`;
const row = (r: PhaseReport): string[] => [
  r.name,
  String(r.calls),
  r.tensors.min === r.tensors.max ? `${r.tensors.base} (flat)` : `${r.tensors.base} → ${r.tensors.min}..${r.tensors.max}`,
  r.bytes.min === r.bytes.max && r.bytes.min === r.bytes.base ? `${mb(r.bytes.base)} (flat)` : `${mb(r.bytes.base)} → ${mb(r.bytes.min)}..${mb(r.bytes.max)}`,
  range(r.rss),
  pct(r.rssGrowth),
  kb(r.rssSlope),
  range(r.heap),
  pct(r.heapGrowth),
  kb(r.heapSlope),
  r.wasmMemory.base === r.wasmMemory.end ? mb(r.wasmMemory.end) : `${mb(r.wasmMemory.base)} → ${mb(r.wasmMemory.end)}`,
  r.msMedian.toFixed(2),
  r.msP95.toFixed(2),
  r.seconds.toFixed(0),
  r.failures.length === 0 ? 'ok' : 'FAIL',
];
console.log('');
console.log(
  formatTable(
    ['phase', 'calls', 'tensors', 'tensor MiB', 'RSS MiB min/med/max', 'RSS growth', 'RSS KiB/1k calls', 'heap MiB min/med/max', 'heap growth', 'heap KiB/1k calls', 'wasm MiB', 'ms median', 'ms p95', 's', ''],
    report.phases.map(row),
    new Set([1, 5, 6, 8, 9, 10, 11, 12, 13]),
  ).join('\n'),
);
const seconds = (Date.now() - started.getTime()) / 1000;
console.log('');
console.log(`RSS and heap after ${report.gcForced ? 'a forced full GC' : 'no forced GC (noisier)'}; growth = median of the last quarter of the samples vs the first quarter, at most 5% (phases under 1,000 calls: 5% + 32 MiB on RSS); wasm MiB = the wasm memory at the baseline → the end`);
console.log(`total ${(seconds / 60).toFixed(1)} min, load ${loadAverage()}`);
for (const r of report.phases) for (const f of r.failures) console.log(`FAIL ${r.name}: ${f}`);
console.log(report.ok ? 'soak: ok' : 'soak: FAILED');
process.exit(report.ok ? 0 : 1);
