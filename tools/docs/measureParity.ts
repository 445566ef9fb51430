// Measures how far every method is from pytorch-grad-cam on the parity fixtures (the numbers in
// docs/guides/numerics.md): the largest raw difference relative to the expected maximum and the largest
// final-map difference, per method.   npx tsx tools/docs/measureParity.ts [cpu|wasm]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { cam, guidedBackprop, type CamMethodName } from '../../src/index.js';
import { loadParityModel, parityCases, parityGuidedCases, parityModelNames } from '../../test/helpers/parityFixtures.js';
import { maxAbs, maxAbsDiff } from '../../test/helpers/reference.js';
const METHOD: Record<string, CamMethodName> = { GradCAM: 'grad-cam', HiResCAM: 'hires-cam', GradCAMElementWise: 'grad-cam-elementwise', XGradCAM: 'xgrad-cam', LayerCAM: 'layer-cam', GradCAMPlusPlus: 'grad-cam++', ScoreCAM: 'score-cam', AblationCAM: 'ablation-cam', EigenCAM: 'eigen-cam', EigenGradCAM: 'eigen-grad-cam' };
const backend = process.argv[2] ?? 'cpu';
await tf.setBackend(backend);
const models = new Map();
for (const name of parityModelNames()) models.set(name, await loadParityModel(name));
const worst: Record<string, { raw: number; final: number; n: number }> = {};
for (const c of parityCases()) {
  const x = tf.tensor(c.input.data, c.input.shape);
  const r = cam(models.get(c.model), x, { method: METHOD[c.method]!, layerName: c.layerNames.length === 1 ? c.layerNames[0]! : c.layerNames, ...(c.classIndex ? { classIndex: c.classIndex } : {}), ...(c.options.batchSize ? { batchSize: c.options.batchSize } : {}), eigenSmooth: c.options.eigenSmooth ?? false, augSmooth: c.options.augSmooth ?? false });
  const key = c.method + (c.options.eigenSmooth ? '+eigenSmooth' : '') + (c.options.augSmooth ? '+augSmooth' : '') + (c.layerNames.length > 1 ? '+layers' : '');
  const w = (worst[key] ??= { raw: 0, final: 0, n: 0 });
  w.n++;
  const batch = c.input.shape[0]!;
  const fin = r.heatmap.dataSync();
  for (let l = 0; l < c.raw.length; l++) {
    const e = c.raw[l]!.data; const g = r.layers[l]!.raw.dataSync(); const m = maxAbs(e); const n = e.length / batch;
    for (let b = 0; b < batch; b++) {
      const es = Array.from(e).slice(b * n, (b + 1) * n); const gs = Array.from(g).slice(b * n, (b + 1) * n);
      const d = maxAbsDiff(gs, es); const f = maxAbsDiff(gs, es.map((v) => -v));
      const use = Math.min(d, f);
      w.raw = Math.max(w.raw, use / m);
      const fe = (d <= f ? c.final : (c.finalNegated ?? c.final)).data; const fn = fe.length / batch;
      w.final = Math.max(w.final, maxAbsDiff(Array.from(fin).slice(b * fn, (b + 1) * fn), Array.from(fe).slice(b * fn, (b + 1) * fn)));
    }
  }
  r.dispose(); x.dispose();
}
let g = 0;
for (const c of parityGuidedCases()) {
  const x = tf.tensor(c.input.data, c.input.shape);
  const r = guidedBackprop(models.get(c.model), x, c.classIndex ? { classIndex: c.classIndex } : {});
  g = Math.max(g, maxAbsDiff(r.gradients.dataSync(), c.grads.data) / maxAbs(c.grads.data));
  r.dispose(); x.dispose();
}
for (const [k, v] of Object.entries(worst)) console.log(`${backend}\t${k}\t${v.n}\traw ${v.raw.toExponential(1)}\tfinal ${v.final.toExponential(1)}`);
console.log(`${backend}\tguided\traw ${g.toExponential(1)}`);
