// Long fuzzing runs of the Node adapter's file readers (see fuzzEngine.ts):
//   npm run fuzz -- --cases 100000 --seed 7
//   npm run fuzz -- --seed 7 --model-cases 500 --image-cases 500 --only 123   (replay one case)
// Options: --cases N (half model.json files, half images; default 2000), --model-cases N,
// --image-cases N, --seed N (default: from the clock, printed), --budget-ms N (per case, default
// 2000), --max-pixels N (readImage limit, default 4e6), --backend cpu|wasm (default cpu), --only N,
// --verbose (one line per case). Exit status 1 when there is a finding.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { parseArgs } from 'node:util';
import { reproduce, runFuzz } from './fuzzEngine.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    'model-cases': { type: 'string' },
    'image-cases': { type: 'string' },
    seed: { type: 'string' },
    'budget-ms': { type: 'string' },
    'max-pixels': { type: 'string' },
    backend: { type: 'string', default: 'cpu' },
    only: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const num = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const cases = num(values.cases, 2000);
const options = {
  seed: num(values.seed, Date.now() % 2 ** 31),
  modelCases: num(values['model-cases'], Math.ceil(cases / 2)),
  imageCases: num(values['image-cases'], Math.floor(cases / 2)),
  budgetMs: num(values['budget-ms'], 2000),
  maxPixels: num(values['max-pixels'], 4e6),
  ...(values.only !== undefined ? { only: Number(values.only) } : {}),
};
for (const [k, v] of Object.entries(options)) if (!Number.isFinite(v) || v < 0) throw new Error(`fuzz: --${k} must be a non-negative number; received ${v}`);

if (values.backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend(values.backend!);
await tf.ready();
tf.env().set('PROD', true); // no tfjs console chatter per failed load

console.log(`fuzz: seed ${options.seed}, ${options.modelCases} model.json cases + ${options.imageCases} image cases, budget ${options.budgetMs} ms per case, maxPixels ${options.maxPixels}, backend ${tf.getBackend()}`);
let done = 0;
const summary = await runFuzz({
  ...options,
  onCase: (r) => {
    done++;
    if (values.verbose || r.problem) console.log(reproduce(options, r));
    else if (done % 1000 === 0) console.log(`  ${done} cases, ${(performance.now() / 1000).toFixed(0)} s`);
  },
});
console.log(`fuzz: ${summary.cases} cases in ${(summary.ms / 1000).toFixed(1)} s (${(summary.cases / (summary.ms / 1000)).toFixed(0)} cases/s); findings: ${summary.findings.length}`);
for (const [outcome, n] of Object.entries(summary.outcomes).sort()) console.log(`  ${outcome.padEnd(36)} ${n}`);
console.log('slowest cases:');
for (const r of summary.slowest) console.log(`  ${r.ms.toFixed(0).padStart(6)} ms  ${reproduce(options, r)}`);
process.exitCode = summary.findings.length > 0 ? 1 : 0;
