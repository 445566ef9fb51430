/** Checks of the model, the input and the options, before any tensor work. */
import * as tf from '@tensorflow/tfjs-core';
import { CamCache } from './camCache.js';
import { CamError } from './errors.js';
import { formatShape } from './formatShape.js';
import { isContainer, type ContainerLike } from './layerGraph.js';
import type { CamOptions } from './camOptions.js';


/**
 * True once `model.dispose()` has run (tfjs-layers then throws plain errors from every layer) or
 * when one of its weights has been disposed.
 */
function isDisposedModel(model: ContainerLike): boolean {
  if ((model as { _refCount?: number | null })._refCount === 0) return true;
  try {
    for (const w of (model as { weights?: Array<{ read?: () => unknown }> }).weights ?? []) w.read?.();
  } catch {
    return true;
  }
  return false;
}

/** The model as a container, or a CamError saying what is accepted. */
export function checkModel(model: unknown, fn: string): ContainerLike {
  if (!isContainer(model)) {
    const got = model === null ? 'null' : typeof model === 'object' ? (model as object).constructor?.name ?? 'object' : typeof model;
    throw new CamError(
      'INVALID_MODEL',
      `${fn}: model must be a tfjs-layers LayersModel (tf.sequential(), tf.model() or loadLayersModel()), received ${got}`,
    );
  }
  if (isDisposedModel(model)) {
    throw new CamError('DISPOSED', `${fn}: the model has been disposed (model.dispose() or a disposed weight); load or build it again`);
  }
  const inputs = model.inputs ?? [];
  const outputs = model.outputs ?? [];
  if (inputs.length !== 1 || outputs.length !== 1) {
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    throw new CamError(
      'UNSUPPORTED_MODEL',
      `${fn}: the model has ${count(inputs.length, 'input')} and ${count(outputs.length, 'output')}; only models with one input and one output are supported; ` +
        'for another model pass a CustomModel { features(x), head(a) } (image batch → feature map → one output)',
    );
  }
  const inShape = inputs[0]!.shape;
  if (inShape.length !== 4) {
    throw new CamError(
      'UNSUPPORTED_MODEL',
      `${fn}: the model's input shape is ${formatShape(inShape)}; CAM methods need an image model with input [batch, height, width, channels]`,
    );
  }
  return model;
}

/**
 * The input as a float32 [B,H,W,C] tensor matching the model (a new tensor when it had to be
 * reshaped or cast, else the caller's own).
 */
export function checkInput(expected: ReadonlyArray<number | null>, input: unknown, fn: string, checkFinite: boolean): tf.Tensor4D {
  if (!(input instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `${fn}: input must be a tf.Tensor of shape [H,W,C] or [B,H,W,C], received ${input === null ? 'null' : typeof input}`);
  }
  if (input.isDisposed) {
    throw new CamError('DISPOSED', `${fn}: the input tensor has been disposed; pass a live tensor`);
  }
  if (input.rank !== 3 && input.rank !== 4) {
    throw new CamError('INVALID_INPUT', `${fn}: input must have rank 3 [H,W,C] or rank 4 [B,H,W,C], received shape ${formatShape(input.shape)}`);
  }
  if (input.dtype !== 'float32' && input.dtype !== 'int32') {
    throw new CamError('INVALID_INPUT', `${fn}: input dtype must be float32 or int32, received ${input.dtype}`);
  }
  const shape = input.rank === 3 ? [1, ...input.shape] : input.shape;
  if (shape[0] === 0) {
    throw new CamError('INVALID_INPUT', `${fn}: input batch is empty (shape ${formatShape(input.shape)}); pass at least one image, [H,W,C] or [B,H,W,C] with B >= 1`);
  }
  for (let axis = 1; axis < 4; axis++) {
    const want = expected[axis];
    if (want != null && want !== shape[axis]) {
      const what = axis === 3 ? 'channels' : axis === 1 ? 'height' : 'width';
      throw new CamError(
        'INVALID_INPUT',
        `${fn}: input shape ${formatShape(input.shape)} does not match the model's input ${formatShape(expected)} (${what} ${shape[axis]} vs ${want}); ` +
          (axis === 3 ? 'convert the image to the model\'s channel count' : 'resize the image to the model\'s input size'),
      );
    }
  }
  // On webgpu (tfjs 4.22) a synchronous read of a computed tensor can return zeros, which would
  // report finite input as NaN; the check is skipped there.
  if (checkFinite && tf.getBackend() !== 'webgpu') {
    const finite = tf.tidy(() => tf.all(tf.isFinite(input)).dataSync()[0]);
    if (!finite) {
      // Only on the failing path: how many values are not finite.
      const bad = tf.tidy(() => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(input)), 'int32')).dataSync()[0]);
      throw new CamError(
        'NON_FINITE_INPUT',
        `${fn}: input contains NaN or Infinity (${bad} of ${input.size} values); allowed: finite numbers; check the preprocessing (e.g. a division by a zero standard deviation)`,
      );
    }
  }
  return tf.tidy(() => {
    const x = input.rank === 3 ? tf.expandDims(input, 0) : input;
    return (input.dtype === 'float32' ? x : tf.cast(x, 'float32')) as tf.Tensor4D;
  });
}

/**
 * `options` itself, or `{}` when it is undefined or null; a CamError when it is not an object (a
 * number or a string would otherwise be destructured into no options and silently ignored).
 */
export function optionsObject<T extends object>(options: T | null | undefined, fn: string): T {
  if (options == null) return {} as T;
  if (typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object, received ${typeof options}`);
  }
  return options;
}

/** Validates the option values that do not need the model. */
export function checkOptions(options: CamOptions, fn: string): void {
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object, received ${options === null ? 'null' : typeof options}`);
  }
  for (const key of ['logits', 'relu', 'normalize', 'checkFinite'] as const) {
    const v = options[key];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new CamError('INVALID_OPTION', `${fn}: option ${key} must be true or false, received ${String(v)}`);
    }
  }
  const r = options.resize;
  if (
    r !== undefined &&
    typeof r !== 'boolean' &&
    !(Array.isArray(r) && r.length === 2 && r.every((d) => Number.isInteger(d) && d > 0))
  ) {
    throw new CamError('INVALID_OPTION', `${fn}: option resize must be true, false or [height, width] with positive integers, received ${JSON.stringify(r)}`);
  }
  if (options.cache !== undefined && !(options.cache instanceof CamCache)) {
    throw new CamError('INVALID_OPTION', `${fn}: option cache must be a CamCache (new CamCache()), received ${options.cache === null ? 'null' : typeof options.cache}`);
  }
  if (options.target !== undefined && typeof options.target !== 'function') {
    throw new CamError('INVALID_OPTION', `${fn}: option target must be a function (output) => Tensor1D, received ${typeof options.target}`);
  }
}
