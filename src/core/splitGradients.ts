import * as tf from '@tensorflow/tfjs-core';
import { CamError } from './errors.js';
import type { ModelSplit } from './modelSplit.js';
import { releaseAbandonedTape } from './releaseTape.js';
import type { SelectedScore } from './selectScore.js';

/**
 * tfjs-core registers no gradient functions by itself: `@tensorflow/tfjs-layers` (or the
 * `@tensorflow/tfjs` bundle) does when it is imported. A GraphModel or CustomModel user may never
 * import it; say so rather than fail deep inside `tf.grad`.
 */
export function checkGradientsRegistered(fn: string): void {
  if (tf.getGradient('Sum') === undefined) {
    throw new CamError(
      'GRADIENTS_NOT_REGISTERED',
      `${fn}: tfjs has no gradient functions registered; they come with @tensorflow/tfjs-layers (or @tensorflow/tfjs): add import '@tensorflow/tfjs-layers' once in your program`,
    );
  }
}

/** Gradients of the summed scores with respect to the split's activations, with those scores. */
export interface SplitGradients extends SelectedScore {
  /** [B,h,w,K] ∂(Σ_b score_b)/∂A. */
  gradients: tf.Tensor4D;
}

/**
 * Differentiates `Σ_b select(head(A))_b` with respect to the activations A of `split`. The caller
 * owns the three returned tensors; nothing else survives, also when this throws.
 */
export function splitGradients(split: ModelSplit, select: (output: tf.Tensor) => SelectedScore, fn: string): SplitGradients {
  checkGradientsRegistered(fn);
  let entered = false;
  try {
    return scoreGradients(
      (a) => {
        entered = true;
        return split.head(a);
      },
      split.activations,
      select,
    );
  } catch (e) {
    if (e instanceof CamError || !entered) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/Cannot compute gradient of y=f\(x\)/.test(msg)) {
      throw new CamError(
        'LAYER_NOT_CONNECTED',
        `${fn}: the score does not depend on layer "${split.layerName}" (no path from it to the output); pick a layer on the path from the input to the output`,
      );
    }
    throw e;
  }
}

/**
 * Differentiates `Σ_b select(f(v))_b` with respect to `v`, returning the gradients and the selected
 * scores (the caller owns all three). When anything throws, the abandoned tape and the scores are
 * freed before the error goes on.
 */
export function scoreGradients(
  f: (v: tf.Tensor4D) => tf.Tensor,
  at: tf.Tensor4D,
  select: (output: tf.Tensor) => SelectedScore,
): SplitGradients {
  let selected: SelectedScore | null = null;
  const grad = tf.grad((v: tf.Tensor) => {
    const sel = select(f(v as tf.Tensor4D));
    selected = { score: tf.keep(sel.score), classIndex: tf.keep(sel.classIndex) };
    return tf.sum(sel.score);
  });
  try {
    const gradients = grad(at) as tf.Tensor4D;
    const sel = selected as SelectedScore | null;
    if (sel === null) throw new Error('unreachable: score not selected');
    return { gradients, ...sel };
  } catch (e) {
    releaseAbandonedTape();
    const sel = selected as SelectedScore | null;
    if (sel !== null) tf.dispose([sel.score, sel.classIndex]);
    throw e;
  }
}
