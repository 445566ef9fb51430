/**
 * The pipeline shared by every method: checks, the split at each target layer, the score (and its
 * gradients when the method needs them), the method's weighting, the combination of weighted
 * activations into a map, post-processing, and the optional smoothing over augmented inputs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamContext, CamMethod } from './camMethod.js';
import type { CamOptions } from './camOptions.js';
import { makeCamResult, type CamResult } from './camResult.js';
import { CamError } from './errors.js';
import type { ModelSplit, SplitModel } from './modelSplit.js';
import { postprocessCams } from './postprocessCam.js';
import { classScores, scoreSelector, type SelectedScore } from './selectScore.js';
import { splitGradients } from './splitGradients.js';
import { toSplitModel } from './toSplitModel.js';
import { checkInput, checkOptions } from './validateInput.js';
import { weightedCombination } from '../ops/weightedCombination.js';
import { principalComponentMap } from '../ops/principalComponentMap.js';

/** Default rows per forward pass for Score-CAM and Ablation-CAM. */
export const DEFAULT_BATCH_SIZE = 32;

/** What one input gives at the target layers. */
interface Explained {
  raws: tf.Tensor3D[];
  score: tf.Tensor1D;
  classIndex: tf.Tensor1D;
}

type Select = (output: tf.Tensor) => SelectedScore;

function checkMethod(method: unknown, fn: string): CamMethod {
  const m = method as CamMethod | null;
  if (m == null || typeof m !== 'object' || typeof m.name !== 'string' || typeof m.weights !== 'function' || typeof m.needsGradients !== 'boolean') {
    throw new CamError(
      'INVALID_OPTION',
      `${fn}: method must be a built-in method name or an object { name, needsGradients, weights(ctx) } (see defineCamMethod), received ${m === null ? 'null' : typeof m}`,
    );
  }
  if (m.combine !== undefined && m.combine !== 'sum' && m.combine !== 'eigen') {
    throw new CamError('INVALID_OPTION', `${fn}: method "${m.name}" has combine ${String(m.combine)}; allowed: 'sum' or 'eigen'`);
  }
  return m;
}

/** Checks of the options this pipeline adds to the core's. */
function checkPipelineOptions(opts: CamOptions, fn: string): void {
  for (const key of ['counterfactual', 'augSmooth', 'eigenSmooth'] as const) {
    const v = opts[key];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new CamError('INVALID_OPTION', `${fn}: option ${key} must be true or false, received ${String(v)}`);
    }
  }
  const b = opts.batchSize;
  if (b !== undefined && !(typeof b === 'number' && Number.isInteger(b) && b > 0)) {
    throw new CamError('INVALID_OPTION', `${fn}: option batchSize must be a positive integer, received ${String(b)}`);
  }
  const l = opts.layerName;
  if (Array.isArray(l) && l.length === 0) {
    throw new CamError('INVALID_OPTION', `${fn}: layerName is an empty list; pass a layer name, a list of names, or leave it out for the automatic choice`);
  }
}

/** The per-row score of an output whose row i stands for sample rows[i]. */
function rowScorer(opts: CamOptions, classIndex: tf.Tensor1D, sign: number, fn: string) {
  return (output: tf.Tensor, rows: tf.Tensor1D): tf.Tensor1D => {
    const n = rows.shape[0];
    let s: tf.Tensor1D;
    if (opts.target !== undefined) {
      s = opts.target(output);
      if (!(s instanceof tf.Tensor) || s.rank !== 1 || s.shape[0] !== n) {
        const got = s instanceof tf.Tensor ? `shape [${s.shape.join(',')}]` : typeof s;
        throw new CamError('INVALID_TARGET', `${fn}: target must return a Tensor1D with one score per row [${n}], returned ${got}`);
      }
      s = tf.cast(s, 'float32') as tf.Tensor1D;
    } else {
      s = classScores(output, tf.gather(classIndex, rows) as tf.Tensor1D);
    }
    return sign < 0 ? (tf.neg(s) as tf.Tensor1D) : s;
  };
}

function checkRows(rows: unknown, batch: number, n: number, fn: string): number[] {
  if (!Array.isArray(rows) || rows.length !== n || !rows.every((r) => Number.isInteger(r) && r >= 0 && r < batch)) {
    throw new CamError('INVALID_OPTION', `${fn}: rows must list, for each of the ${n} rows, a sample index from 0 to ${batch - 1}`);
  }
  return rows as number[];
}

/** One split: the score, the method's weights and the combined raw map [B,h,w]. */
function explainAt(
  split: ModelSplit,
  x: tf.Tensor4D,
  method: CamMethod,
  select: Select,
  opts: CamOptions,
  sign: number,
  fn: string,
): { raw: tf.Tensor3D } & SelectedScore {
  let gradients: tf.Tensor4D | null = null;
  let sel: SelectedScore;
  if (method.needsGradients) {
    const g = splitGradients(split, select, fn);
    gradients = g.gradients;
    sel = { score: g.score, classIndex: g.classIndex };
  } else {
    const [score, classIndex] = tf.tidy(() => {
      const s = select(split.head(split.activations, undefined, { differentiable: false }));
      return [s.score, s.classIndex];
    }) as [tf.Tensor1D, tf.Tensor1D];
    sel = { score, classIndex };
  }
  try {
    const batch = x.shape[0];
    const rowScore = rowScorer(opts, sel.classIndex, sign, fn);
    const grads = gradients;
    const ctx: CamContext = {
      activations: split.activations,
      get gradients(): tf.Tensor4D {
        if (grads === null) {
          throw new CamError('INVALID_OPTION', `${fn}: method "${method.name}" reads ctx.gradients but declares needsGradients: false; set needsGradients: true`);
        }
        return grads;
      },
      score: sel.score,
      classIndex: sel.classIndex,
      input: x,
      batchSize: opts.batchSize ?? DEFAULT_BATCH_SIZE,
      scoreActivations: (a, rows) =>
        tf.tidy(() => {
          const r = tf.tensor1d(checkRows(rows, batch, a.shape[0], fn), 'int32');
          // Only each row's class column is read (not so for a custom target).
          const classes = opts.target === undefined ? (tf.gather(sel.classIndex, r) as tf.Tensor1D) : undefined;
          return rowScore(split.head(a, r, { differentiable: false, classes }), r);
        }),
      scoreInputs: (xs, rows) =>
        tf.tidy(() => {
          const r = tf.tensor1d(checkRows(rows, batch, xs.shape[0], fn), 'int32');
          return rowScore(split.forward(xs), r);
        }),
    };
    const raw = tf.tidy(() => {
      const w = method.weights(ctx);
      const expected = split.activations.shape;
      const ok =
        w instanceof tf.Tensor &&
        w.rank === 4 &&
        w.shape[0] === expected[0] &&
        w.shape[3] === expected[3] &&
        ((w.shape[1] === 1 && w.shape[2] === 1) || (w.shape[1] === expected[1] && w.shape[2] === expected[2]));
      if (!ok) {
        const got = w instanceof tf.Tensor ? `[${w.shape.join(',')}]` : typeof w;
        throw new CamError(
          'INVALID_OPTION',
          `${fn}: method "${method.name}" returned weights of shape ${got}; expected [${expected[0]},1,1,${expected[3]}] or [${expected.join(',')}]`,
        );
      }
      const eigen = method.combine === 'eigen' || opts.eigenSmooth === true;
      return eigen ? principalComponentMap(tf.mul(split.activations, w) as tf.Tensor4D) : weightedCombination(split.activations, w);
    });
    return { raw, ...sel };
  } catch (e) {
    tf.dispose([sel.score, sel.classIndex]);
    throw e;
  } finally {
    if (gradients !== null) gradients.dispose();
  }
}

/** The raw maps of `x` at every target layer, with the scores of the first. */
function explainLayers(
  model: SplitModel,
  x: tf.Tensor4D,
  layers: string[],
  method: CamMethod,
  select: Select,
  opts: CamOptions,
  fn: string,
): Explained {
  const sign = opts.counterfactual === true ? -1 : 1;
  const signed: Select = sign > 0 ? select : (out) => {
    const s = select(out);
    return { score: tf.neg(s.score) as tf.Tensor1D, classIndex: s.classIndex };
  };
  const raws: tf.Tensor3D[] = [];
  let first: SelectedScore | null = null;
  try {
    for (const layer of layers) {
      const r = model.withSplit(x, layer, { logits: opts.logits ?? true, fn, cache: opts.cache }, (split) =>
        explainAt(split, x, method, signed, opts, sign, fn),
      );
      raws.push(r.raw);
      if (first === null) first = { score: r.score, classIndex: r.classIndex };
      else tf.dispose([r.score, r.classIndex]);
    }
    const f = first!;
    // The result reports the model's own score, also for a counterfactual explanation.
    const score = sign > 0 ? f.score : tf.tidy(() => tf.neg(f.score) as tf.Tensor1D);
    if (score !== f.score) f.score.dispose();
    return { raws, score, classIndex: f.classIndex };
  } catch (e) {
    tf.dispose(raws);
    if (first !== null) tf.dispose([(first as SelectedScore).score, (first as SelectedScore).classIndex]);
    throw e;
  }
}

/** The 6 augmentations of pytorch-grad-cam's smoothing: horizontal flip × brightness factor. */
const AUGMENTATIONS: Array<{ flip: boolean; factor: number }> = [false, true].flatMap((flip) =>
  [0.9, 1, 1.1].map((factor) => ({ flip, factor })),
);

/**
 * Runs `method` on `model` for `input` with the shared pipeline. Used by every public method
 * function; `fn` names that function in error messages.
 */
export function runCam(model: unknown, input: unknown, options: CamOptions | undefined, method: CamMethod, fn: string): CamResult {
  const opts = options ?? {};
  checkOptions(opts, fn);
  checkPipelineOptions(opts, fn);
  const m = checkMethod(method, fn);
  const sm = toSplitModel(model, fn);
  const names = Array.isArray(opts.layerName) ? opts.layerName : [opts.layerName];
  const layers = names.map((n) => sm.resolve(n, fn));
  const x = checkInput(sm.inputShape, input, fn, opts.checkFinite ?? true);
  try {
    const batch = x.shape[0];
    const select = scoreSelector(opts, batch, sm.outputShape ?? [null, null], fn);
    const r = opts.resize ?? true;
    const size: [number, number] | null = r === false ? null : r === true ? [x.shape[1], x.shape[2]] : r;
    const post = { relu: opts.relu ?? true, normalize: opts.normalize ?? true, size };

    const base = explainLayers(sm, x, layers, m, select, opts, fn);
    let heatmap: tf.Tensor3D;
    try {
      heatmap = postprocessCams(base.raws, post, fn);
      if (opts.augSmooth === true) {
        // The classes are those of the unaltered input, for every variant.
        const fixed: Select =
          opts.target !== undefined ? select : (out) => ({ score: classScores(out, base.classIndex), classIndex: tf.clone(base.classIndex) });
        const maps: tf.Tensor3D[] = [heatmap];
        try {
          for (const { flip, factor } of AUGMENTATIONS) {
            if (!flip && factor === 1) continue;
            const xv = tf.tidy(() => tf.mul(flip ? tf.reverse(x, 2) : x, factor) as tf.Tensor4D);
            try {
              const v = explainLayers(sm, xv, layers, m, fixed, opts, fn);
              try {
                const hv = postprocessCams(v.raws, post, fn);
                maps.push(flip ? tf.tidy(() => tf.reverse(hv, 2) as tf.Tensor3D) : hv);
                if (flip) hv.dispose();
              } finally {
                tf.dispose([...v.raws, v.score, v.classIndex]);
              }
            } finally {
              xv.dispose();
            }
          }
          heatmap = tf.tidy(() => tf.div(tf.addN(maps), maps.length) as tf.Tensor3D);
        } finally {
          tf.dispose(maps);
        }
      }
    } catch (e) {
      tf.dispose([...base.raws, base.score, base.classIndex]);
      throw e;
    }
    return makeCamResult({
      heatmap,
      raw: base.raws[0]!,
      layers: layers.map((layerName, i) => ({ layerName, raw: base.raws[i]! })),
      classIndex: base.classIndex,
      score: base.score,
      layerName: layers[0]!,
      method: m.name,
    });
  } finally {
    if (x !== input) x.dispose();
  }
}
