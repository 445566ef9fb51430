import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { checkLiveNumeric } from './checkLiveNumeric.js';
import { describeValue } from './describeValue.js';

/**
 * Turns input-space gradients (guided backpropagation, Guided Grad-CAM) into a viewable image, as
 * pytorch-grad-cam's `deprocess_image`: per sample, `(x − mean) / (std + 1e-5) · 0.1 + 0.5`,
 * clipped to [0, 1].
 *
 * @param x - [B,H,W,C] (or [H,W,C]) gradients.
 * @returns a new float32 tensor of the same shape in [0,1]; the caller owns it (× 255 for bytes).
 * @throws CamError `INVALID_INPUT` for a tensor that is not 3-D or 4-D.
 * @example
 * ```ts
 * const gb = guidedBackprop(model, image);
 * const picture = deprocessGradients(gb.gradients); // float32 [1, H, W, 3] in [0, 1]
 * const bytes = tf.cast(tf.mul(picture, 255), 'int32');
 * gb.dispose(); picture.dispose(); bytes.dispose();
 * ```
 * @category Ops
 */
export function deprocessGradients<T extends tf.Tensor3D | tf.Tensor4D>(x: T): T {
  if (!(x instanceof tf.Tensor) || (x.rank !== 3 && x.rank !== 4)) {
    throw new CamError('INVALID_INPUT', `deprocessGradients(): x must be gradients [B,H,W,C] or [H,W,C]; received ${describeValue(x)}.`);
  }
  checkLiveNumeric('deprocessGradients', 'x', x);
  return tf.tidy(() => {
    const axes = x.rank === 4 ? [1, 2, 3] : [0, 1, 2];
    const { mean, variance } = tf.moments(tf.cast(x, 'float32'), axes, true);
    const z = tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), 1e-5));
    return tf.clipByValue(tf.add(tf.mul(z, 0.1), 0.5), 0, 1) as T;
  });
}
