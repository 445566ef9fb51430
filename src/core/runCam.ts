/** The pipeline shared by every method: checks, split passes, weighting, post-processing. */
import * as tf from '@tensorflow/tfjs-core';
import { activationsAndGradients } from './activationsAndGradients.js';
import type { CamMethod } from './camMethod.js';
import type { CamOptions } from './camOptions.js';
import { makeCamResult, type CamResult } from './camResult.js';
import { CamError } from './errors.js';
import { resolveLayer } from './layerGraph.js';
import { postprocessCam } from './postprocessCam.js';
import { scoreSelector } from './selectScore.js';
import { checkInput, checkModel, checkOptions } from './validateInput.js';
import { weightedCombination } from '../ops/weightedCombination.js';

export function runCam(model: unknown, input: unknown, options: CamOptions | undefined, method: CamMethod, fn: string): CamResult {
  const opts = options ?? {};
  checkOptions(opts, fn);
  const m = checkModel(model, fn);
  const entry = resolveLayer(m, opts.layerName, fn);
  const x = checkInput(m, input, fn, opts.checkFinite ?? true);
  try {
    const batch = x.shape[0];
    const select = scoreSelector(opts, batch, m.outputs![0]!.shape, fn);
    const split = activationsAndGradients(m, x, entry, { select, logits: opts.logits ?? true, fn, cache: opts.cache });
    try {
      const raw = tf.tidy(() => {
        const w = method.weights({ ...split });
        const expected = split.activations.shape;
        const ok =
          w.rank === 4 &&
          w.shape[0] === expected[0] &&
          w.shape[3] === expected[3] &&
          ((w.shape[1] === 1 && w.shape[2] === 1) || (w.shape[1] === expected[1] && w.shape[2] === expected[2]));
        if (!ok) {
          throw new CamError(
            'INVALID_OPTION',
            `${fn}: method "${method.name}" returned weights of shape [${w.shape.join(',')}]; expected [${expected[0]},1,1,${expected[3]}] or [${expected.join(',')}]`,
          );
        }
        return weightedCombination(split.activations, w);
      });
      const r = opts.resize ?? true;
      const size: [number, number] | null = r === false ? null : r === true ? [x.shape[1], x.shape[2]] : r;
      const heatmap = postprocessCam(raw, { relu: opts.relu ?? true, normalize: opts.normalize ?? true, size });
      return makeCamResult({
        heatmap,
        raw,
        classIndex: split.classIndex,
        score: split.score,
        layerName: entry.path,
        method: method.name,
      });
    } catch (e) {
      split.score.dispose();
      split.classIndex.dispose();
      throw e;
    } finally {
      split.activations.dispose();
      split.gradients.dispose();
    }
  } finally {
    if (x !== input) x.dispose();
  }
}
