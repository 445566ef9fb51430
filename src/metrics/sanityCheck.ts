import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CamError } from '../core/errors.js';
import { listLayers, type LayerLike } from '../core/layerGraph.js';
import { checkModel } from '../core/validateInput.js';
import { cam, getCamMethod } from '../methods/cam.js';
import { describeValue } from '../ops/describeValue.js';
import { rankCorrelation } from './rankCorrelation.js';
import type { SanityCheckOptions } from './sanityCheckOptions.js';
import type { SanityCheckResult, SanityCheckStep } from './sanityCheckResult.js';
import { seededGaussian } from './seededGaussian.js';

/** The parts of a tfjs-layers LayerVariable used here. */
interface WeightLike {
  name: string;
  read(): tf.Variable;
}

function weightsOf(layer: LayerLike): WeightLike[] {
  const w = (layer as unknown as { weights?: WeightLike[] }).weights;
  return Array.isArray(w) ? w : [];
}

/** Maps of one cam() call on the host. */
async function camMaps(
  model: LayersModel,
  input: tf.Tensor,
  options: SanityCheckOptions,
  classIndex: number | number[] | undefined,
): Promise<{ heat: Float32Array[]; raw: Float32Array[]; classes: number[] }> {
  const r = cam(model, input, { method: options.method, layerName: options.layerName, classIndex });
  try {
    const [heat, raw, cls] = await Promise.all([r.heatmap.data(), r.raw.data(), r.classIndex.data()]);
    const b = r.heatmap.shape[0];
    const hs = heat.length / b;
    const rs = raw.length / b;
    return {
      heat: Array.from({ length: b }, (_, i) => (heat as Float32Array).slice(i * hs, (i + 1) * hs)),
      raw: Array.from({ length: b }, (_, i) => (raw as Float32Array).slice(i * rs, (i + 1) * rs)),
      classes: Array.from(cls),
    };
  } finally {
    r.dispose();
  }
}

/**
 * Seeded values with the mean and standard deviation of `values` (per tensor): `mean + std·z`, z
 * standard normal; tensors without negative entries (variances, often scales) keep them non-negative
 * by taking the absolute value. A constant tensor (std 0) keeps its values.
 */
function randomLike(values: ArrayLike<number>, seed: number): Float32Array {
  const n = values.length;
  let mean = 0;
  let nonNegative = true;
  for (let i = 0; i < n; i++) {
    mean += values[i]!;
    if (values[i]! < 0) nonNegative = false;
  }
  mean /= Math.max(n, 1);
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i]! - mean) ** 2;
  const std = Math.sqrt(v / Math.max(n, 1));
  if (std === 0) return Float32Array.from(values);
  const normal = seededGaussian(seed);
  return Float32Array.from({ length: n }, () => {
    const x = mean + std * normal();
    return nonNegative ? Math.abs(x) : x;
  });
}

/**
 * Model-parameter randomisation test (Adebayo et al. 2018, "Sanity checks for saliency maps"),
 * cascading: re-initialise the weights of the layers, from the output layer down, one layer per step
 * (earlier steps stay randomised), and compare each step's heatmap with the original model's by
 * Spearman rank correlation. A method whose maps depend on what the model learned shows correlations
 * that fall as more layers are randomised; maps that stay similar (correlation near 1) explain the
 * architecture or the image, not the model. **Lower correlations (after the first steps) pass.**
 *
 * Each weight tensor is replaced by seeded Gaussian values with its own mean and standard deviation
 * (non-negative tensors, such as batch-norm variances, stay non-negative; constant tensors stay as they
 * are). The class is fixed to `classIndex` or to the original model's arg-max. The model's weights are
 * restored bit for bit afterwards, also when a call throws (the originals are kept as clones and freed).
 *
 * @param model - a tfjs-layers LayersModel with one image input and one output; restored afterwards.
 * @param input - [B,H,W,C] (or [H,W,C]) images as the model expects them; not disposed.
 * @param options - {@link SanityCheckOptions}: `method` (`'grad-cam'`), `layerName`, `classIndex`, `seed` (0), `layers` (all weighted layers, top-down).
 * @returns a {@link SanityCheckResult}: the original maps [B][H·W] and one step per layer with its correlations [B].
 * @throws CamError `INVALID_OPTION`, `LAYER_NOT_FOUND` and every error {@link cam} reports; the model is left unmodified and nothing leaks.
 * @example
 * ```ts
 * const { steps } = await sanityCheck(model, x, { method: 'grad-cam' });
 * console.table(steps.map((s) => ({ layer: s.layer, rho: s.correlation[0] })));
 * ```
 * @category Metrics
 */
export async function sanityCheck(model: LayersModel, input: tf.Tensor4D | tf.Tensor3D, options?: SanityCheckOptions): Promise<SanityCheckResult> {
  const fn = 'sanityCheck()';
  const container = checkModel(model, fn);
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object, received ${describeValue(options)}`);
  }
  const opts = options ?? {};
  if (typeof opts.method === 'string') {
    try {
      getCamMethod(opts.method);
    } catch (e) {
      if (e instanceof CamError) throw new CamError(e.code, `${fn}: ${e.message}`);
      throw e;
    }
  }
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new CamError('INVALID_OPTION', `${fn}: seed must be an integer, received ${describeValue(seed)}`);
  // Weighted leaf layers in execution order (nested models flattened), each once.
  const weighted: Array<{ layer: LayerLike; path: string }> = [];
  const seen = new Set<LayerLike>();
  for (const e of listLayers(container)) {
    if (e.isContainer || seen.has(e.layer) || weightsOf(e.layer).length === 0) continue;
    seen.add(e.layer);
    weighted.push({ layer: e.layer, path: e.path });
  }
  let plan = weighted.slice().reverse();
  if (opts.layers !== undefined) {
    if (!Array.isArray(opts.layers) || opts.layers.some((l) => typeof l !== 'string')) {
      throw new CamError('INVALID_OPTION', `${fn}: layers must be an array of layer names or paths, received ${describeValue(opts.layers)}`);
    }
    plan = opts.layers.map((name) => {
      const exact = weighted.filter((w) => w.path === name);
      const found = exact.length > 0 ? exact : weighted.filter((w) => w.layer.name === name);
      if (found.length !== 1) {
        throw new CamError(
          'LAYER_NOT_FOUND',
          `${fn}: layers entry "${name}" ${found.length === 0 ? 'is not a layer with weights' : 'is ambiguous; pass its path'}; layers with weights: ${weighted.map((w) => w.path).join(', ')}`,
        );
      }
      return found[0]!;
    });
  }

  const first = await camMaps(model, input, opts, opts.classIndex);
  const classes = first.classes;
  const batch = classes.length;
  const saved = new Map<WeightLike, tf.Tensor>();
  const steps: SanityCheckStep[] = [];
  try {
    for (let s = 0; s < plan.length; s++) {
      const ws = weightsOf(plan[s]!.layer);
      for (let j = 0; j < ws.length; j++) {
        const variable = ws[j]!.read();
        if (variable.dtype !== 'float32') continue;
        if (!saved.has(ws[j]!)) saved.set(ws[j]!, tf.clone(variable));
        const values = await variable.data();
        const random = tf.tensor(randomLike(values as Float32Array, (Math.imul(seed, 0x9e3779b1) + Math.imul(s + 1, 0x85ebca6b) + j) | 0), variable.shape, 'float32');
        try {
          variable.assign(random);
        } finally {
          random.dispose();
        }
      }
      const now = await camMaps(model, input, opts, classes);
      steps.push({
        layer: plan[s]!.path,
        correlation: Array.from({ length: batch }, (_, b) => rankCorrelation(first.heat[b]!, now.heat[b]!)),
        rawCorrelation: Array.from({ length: batch }, (_, b) => rankCorrelation(first.raw[b]!, now.raw[b]!)),
        rawAbsCorrelation: Array.from({ length: batch }, (_, b) => rankCorrelation(first.raw[b]!.map(Math.abs), now.raw[b]!.map(Math.abs))),
      });
    }
  } finally {
    for (const [w, original] of saved) {
      w.read().assign(original);
      original.dispose();
    }
  }
  return { original: first.heat.map((h) => Array.from(h)), steps, classIndex: classes };
}
