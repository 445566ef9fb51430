/**
 * Helpers shared by the benchmarks: statistics, paired interleaved timing, peak memory, flags and
 * aligned text tables.
 */
import * as tf from '@tensorflow/tfjs-core';
import os from 'node:os';

/** The median of `xs` (NaN for an empty list). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall time of one awaited run, in ms. */
export async function timeIt(run: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

/** One case of {@link pairedRounds}: what to time and in how many of the rounds (default all). */
export interface PairedCase {
  run: () => Promise<void>;
  rounds?: number;
}

/** Times of one case and of the baseline runs paired with it, one pair per round it ran in. */
export interface PairedTimes {
  times: number[];
  baseTimes: number[];
  /** Case time / time of the baseline run just before it, one per pair. */
  ratios: number[];
}

/**
 * Interleaved rounds of paired runs: in each round every case runs once, right after a run of
 * `baseline`, and the order of the cases rotates from round to round so that no case always runs
 * first. A case with `rounds: n` takes part in the first n rounds only. Judge a case by the median
 * of its per-pair ratios: on a busy machine a burst of load then skews one pair, not a whole column.
 * `onPair` is called after each pair (for progress lines).
 */
export async function pairedRounds(
  baseline: () => Promise<void>,
  cases: PairedCase[],
  rounds: number,
  onPair?: (caseIndex: number, round: number, caseMs: number, baseMs: number) => void,
): Promise<PairedTimes[]> {
  const out = cases.map(() => ({ times: [] as number[], baseTimes: [] as number[], ratios: [] as number[] }));
  const n = cases.length;
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < n; k++) {
      const i = (k + r) % n;
      const c = cases[i]!;
      if (r >= (c.rounds ?? rounds)) continue;
      const b = await timeIt(baseline);
      const t = await timeIt(c.run);
      out[i]!.times.push(t);
      out[i]!.baseTimes.push(b);
      out[i]!.ratios.push(t / b);
      onPair?.(i, r, t, b);
    }
  }
  return out;
}

/**
 * Peak tensor memory of one run: the largest `tf.memory().numBytes` during `run` (from `tf.profile`)
 * minus the bytes allocated before it, and the tensors the run left behind.
 */
export async function peakMemory(run: () => Promise<void>): Promise<{ peakBytes: number; newTensors: number }> {
  const base = tf.memory().numBytes;
  const info = await tf.profile(run);
  return { peakBytes: info.peakBytes - base, newTensors: info.newTensors };
}

/** The value of an integer flag (`--rounds 5`) in `argv`, `fallback` when absent; throws below `min`. */
export function intFlag(argv: string[], flag: string, fallback: number, bench: string, min = 1): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < min) throw new Error(`${bench}: ${flag} needs an integer ≥ ${min}, received ${argv[i + 1]}`);
  return v;
}

/** `s` padded with spaces on the right to `n` characters. */
export const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
/** `s` padded with spaces on the left to `n` characters. */
export const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
/** Bytes as MiB with one decimal. */
export const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
/** The 1, 5 and 15 minute load averages. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Lines of an aligned text table: header, a rule, then the rows; columns listed in `numeric` are
 * right-aligned.
 */
export function formatTable(header: string[], rows: string[][], numeric: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (numeric.has(i) ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join(' | ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(fmt)];
}
