/**
 * Guided Backpropagation (Springenberg et al., "Striving for Simplicity: The All Convolutional
 * Net", ICLR workshop 2015): the input gradient of the score with every ReLU's backward pass
 * letting through only positive gradients at positive inputs. Fine-grained but not
 * class-discriminative on its own; combine it with a CAM in {@link guidedGradCam}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CamOptions } from '../core/camOptions.js';
import { CamError } from '../core/errors.js';
import { guidedInputGradients } from '../core/guidedInputGradients.js';
import { isCustomModel } from '../core/customSplitModel.js';
import { scoreSelector } from '../core/selectScore.js';
import { checkInput, checkModel, checkOptions } from '../core/validateInput.js';
import { isGraphModel } from '../graph/graphSplitModel.js';

/**
 * What {@link guidedBackprop} returns. The caller owns every tensor; `dispose()` frees them.
 * @example
 * ```ts
 * const gb: GuidedBackpropResult = guidedBackprop(model, image);
 * console.log(gb.gradients.shape, await gb.classIndex.data());
 * gb.dispose();
 * ```
 * @category Methods
 */
export interface GuidedBackpropResult {
  /** [B,H,W,C] float32 guided gradients of each sample's score with respect to its input. */
  gradients: tf.Tensor4D;
  /** [B] int32 explained class per sample (-1 for a custom target). */
  classIndex: tf.Tensor1D;
  /** [B] float32 explained score (the logit by default). */
  score: tf.Tensor1D;
  /** Disposes every tensor of the result. */
  dispose(): void;
}

/**
 * Guided backpropagation for a batch: one class per sample, any batch size, logits by default.
 *
 * ReLU layers, `Activation('relu')`/`relu6` layers and layers with a fused `relu`/`relu6`
 * activation are guided; the model is restored afterwards.
 *
 * @param model - a tfjs-layers LayersModel with one image input and one output.
 * @param input - [H,W,C] or [B,H,W,C], preprocessed as the model expects; not disposed.
 * @param options - `classIndex`, `target`, `logits`, `checkFinite` as for {@link gradCam}.
 * @returns a {@link GuidedBackpropResult}; the caller owns its tensors.
 * @throws CamError `UNSUPPORTED_MODEL` (not a LayersModel, or a model that could not be
 *   differentiated with respect to its input), `INVALID_MODEL`, `DISPOSED` (a disposed model or
 *   input), `INVALID_INPUT`, `NON_FINITE_INPUT`, `INVALID_CLASS`, `INVALID_TARGET`, `INVALID_OPTION`.
 *   An error thrown by `target` itself passes through unchanged.
 * @example
 * ```ts
 * const gb = guidedBackprop(model, image, { classIndex: 2 });
 * const picture = deprocessGradients(gb.gradients); // [1,H,W,3] in [0,1]
 * gb.dispose();
 * ```
 * @category Methods
 */
export function guidedBackprop(
  model: unknown,
  input: tf.Tensor,
  options?: Pick<CamOptions, 'classIndex' | 'target' | 'logits' | 'checkFinite'>,
): GuidedBackpropResult {
  const fn = 'guidedBackprop()';
  const opts = options ?? {};
  checkOptions(opts, fn);
  if (isGraphModel(model) || isCustomModel(model)) {
    const got = isGraphModel(model) ? 'a GraphModel' : 'a CustomModel';
    throw new CamError('UNSUPPORTED_MODEL', `${fn}: guided backpropagation needs a tfjs-layers LayersModel (its ReLUs are swapped for guided ones), received ${got}; use a CAM method for other models`);
  }
  const m = checkModel(model, fn);
  const x = checkInput(m.inputs![0]!.shape, input, fn, opts.checkFinite ?? true);
  try {
    const select = scoreSelector(opts, x.shape[0], m.outputs![0]!.shape, fn);
    const r = guidedInputGradients(m, x, select, { logits: opts.logits ?? true, fn });
    return {
      ...r,
      dispose() {
        for (const t of [r.gradients, r.classIndex, r.score]) if (!t.isDisposed) t.dispose();
      },
    };
  } finally {
    if (x !== input) x.dispose();
  }
}
