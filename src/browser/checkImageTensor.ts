import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';

/** Height, width and channel count of an image tensor accepted by the browser adapter. */
export interface ImageTensorSize {
  height: number;
  width: number;
  channels: 3 | 4;
}

/**
 * Checks that `image` is a live numeric `[H, W, 3]` or `[H, W, 4]` tensor with H, W ≥ 1 and returns
 * its size. Reads no data and creates no tensor.
 *
 * @param fn - the public function's name, used in messages, e.g. `'toImageData'`.
 * @throws CamError `INVALID_INPUT` naming `fn`, what was received and what is allowed.
 * @internal
 */
export function checkImageTensor(fn: string, image: unknown): ImageTensorSize {
  const allowed = 'allowed: an RGB [H, W, 3] or RGBA [H, W, 4] tensor with values in 0..255';
  if (!(image instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `${fn}(): image must be a tf.Tensor; received ${describeValue(image)}; ${allowed}.`);
  }
  if (image.isDisposed) {
    throw new CamError('INVALID_INPUT', `${fn}(): image is a disposed tensor; draw it before disposing it.`);
  }
  const shape = image.shape;
  if (shape.length !== 3 || (shape[2] !== 3 && shape[2] !== 4)) {
    let hint = '';
    if (shape.length === 4 && shape[0] === 1) {
      hint = ' For a batch of one, e.g. applyColormap(result.heatmap), drop the batch axis first: tf.squeeze(rgb, [0]).';
    } else if (shape.length === 3 || shape.length === 2) {
      hint = ' A heatmap is not an image: colour it first, e.g. applyColormap(heatmap) gives RGB bytes.';
    }
    throw new CamError('INVALID_INPUT', `${fn}(): image has shape [${shape.join(', ')}]; ${allowed}.${hint}`);
  }
  if (image.dtype === 'string' || image.dtype === 'complex64') {
    throw new CamError('INVALID_INPUT', `${fn}(): image has dtype ${image.dtype}; expected a numeric tensor (int32, float32 or bool) with values in 0..255.`);
  }
  const [height, width] = shape;
  if (height === 0 || width === 0) {
    throw new CamError('INVALID_INPUT', `${fn}(): image has shape [${shape.join(', ')}]; an ImageData needs a height and width of at least 1.`);
  }
  return { height, width, channels: shape[2] as 3 | 4 };
}
