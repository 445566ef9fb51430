/**
 * Text report of the methods benchmark: the ratio table, the targets with ✓/✗, Score-CAM's memory
 * table and the tensor leak checks.
 */
import { formatTable, mb } from './benchUtils.js';
import type { MethodsBenchReport } from './runMethodsBench.js';

/** Ablation-CAM at the last block: at most this many times Grad-CAM. */
export const ABLATION_TARGET = 5;

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

/** The report's lines, ready to print. */
export function formatMethodsReport(report: MethodsBenchReport): string[] {
  const out: string[] = [];
  const header = ['net', 'batch', 'method', 'runs', 'median ms', 'gradCam ms', 'ratio', 'min ratio', 'peak MB', 'numTensors before → after', 'how'];
  const lines: string[][] = [];
  for (const b of report.baselines) {
    lines.push([
      b.net,
      String(b.batch),
      `gradCam() [baseline] ${b.layer} ${b.layerShape.join('×')}`,
      String(b.runs - 1), // less the profiled run
      b.ms.toFixed(1),
      b.ms.toFixed(1),
      '1.00×',
      '',
      mb(b.peakBytes),
      `${b.tensors.before} → ${b.tensors.after}${b.tensors.leaked === 0 ? '' : ` LEAK ${b.tensors.leaked}`}`,
      'measured',
    ]);
    for (const r of report.rows.filter((q) => q.net === b.net && q.batch === b.batch)) {
      lines.push([
        '',
        '',
        r.method,
        r.measured ? `${r.warmup}+${r.rounds}` : '-',
        r.ms.toFixed(1),
        r.baseMs.toFixed(1),
        `${r.ratio.toFixed(2)}×`,
        r.minRatio === null ? '' : `${r.minRatio.toFixed(2)}×`,
        r.peakBytes === null ? '-' : mb(r.peakBytes),
        r.tensors === null ? '-' : `${r.tensors.before} → ${r.tensors.after}${r.tensors.leaked === 0 ? '' : ` LEAK ${r.tensors.leaked}`}`,
        r.measured ? 'measured' : `EXTRAPOLATED: batch-1 median × ${r.batch}`,
      ]);
    }
  }
  out.push(...formatTable(header, lines, new Set([1, 3, 4, 5, 6, 7, 8])));
  out.push('');
  out.push('runs: warm-up + timed runs, each timed run paired with a gradCam() run just before it, in interleaved rounds (the method order rotates each round)');
  out.push('ratio: median of the per-pair ratios method / gradCam (extrapolated rows: extrapolated time / median gradCam time at that batch); min ratio: fastest run / fastest paired gradCam');
  out.push('peak MB: tf.profile peakBytes of one more run minus the bytes allocated before it ("-": not profiled, too slow)');
  out.push('numTensors: before the method\'s first run and after its last (warm-up, timed and profiled runs); LEAK n: sum of the per-run growth');

  const measured = report.rows.filter((r) => r.measured).map((r) => `${r.net}/${r.batch}/${r.method}`);
  const extrapolated = report.rows.filter((r) => !r.measured).map((r) => `${r.net} batch ${r.batch} ${r.method} (≈ ${(r.ms / 1000).toFixed(0)} s per run)`);
  out.push('');
  out.push(`measured: ${measured.length} rows; extrapolated (not run): ${extrapolated.length === 0 ? 'none' : extrapolated.join('; ')}`);

  out.push('');
  out.push(`targets:`);
  for (const r of report.rows.filter((q) => q.method === 'ablation-cam')) {
    out.push(`  ${mark(r.ratio <= ABLATION_TARGET)} Ablation-CAM ≤ ${ABLATION_TARGET}× Grad-CAM at the last block: ${r.net} batch ${r.batch}: ${r.ratio.toFixed(2)}×${r.measured ? '' : ' (extrapolated)'}`);
  }
  const m = report.memory;
  if (m !== null) {
    const [k0, k1] = [Math.min(...m.rows.map((r) => r.channels)), Math.max(...m.rows.map((r) => r.channels))];
    out.push(
      `  ${mark(m.independent)} Score-CAM peak memory independent of the channel count: peak(K=${k1}) − peak(K=${k0}) = ${mb(m.deltaBytes)} MB ` +
        `≤ ${mb(m.allowanceBytes)} MB, twice the target-layer activations that scale with K anyway (one chunk's [batchSize,${m.targetShape.join(',')},K] and the input's [1,${m.targetShape.join(',')},K]); ` +
        `holding the K masks at once would add ${mb(m.unstreamedBytes)} MB`,
    );
    out.push('');
    out.push(`Score-CAM memory (probe nets: ${m.size}×${m.size}×3 input, target layer ${m.targetShape.join('×')}×K, input batch 1):`);
    const memLines = m.rows.map((r) => [
      String(r.channels),
      String(r.batchSize),
      mb(r.peakBytes),
      mb(r.chunkPredictPeakBytes),
      (r.activationBytes / 1024).toFixed(0),
      r.leaked === 0 ? 'OK' : `LEAK ${r.leaked}`,
    ]);
    out.push(...formatTable(['K', 'batchSize', 'Score-CAM peak MB', 'predict([batchSize,…]) peak MB', 'activations KB', 'leak'], memLines, new Set([0, 1, 2, 3, 4])));
  }

  const leaks = [...report.rows.filter((r) => r.tensors !== null && r.tensors.leaked !== 0), ...report.baselines.filter((b) => b.tensors.leaked !== 0)];
  out.push('');
  out.push(leaks.length === 0 ? 'leak check: every method, every run: numTensors unchanged (OK)' : `leak check: ${leaks.length} row(s) LEAK (see the table)`);
  return out;
}
