import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from './describeValue.js';

/**
 * How {@link preprocessImage} maps RGB bytes `x` in [0, 255] to model input:
 *
 * | mode | formula | range | used by |
 * |---|---|---|---|
 * | `'unit'` | `x / 255` | [0, 1] | most tfjs and Keras models trained on `x / 255` |
 * | `'symmetric'` | `x / 127.5 − 1` | [−1, 1] | Keras MobileNet, MobileNetV2, Inception, Xception (`mode='tf'`) |
 * | `'imagenet'` | `(x / 255 − mean) / std`, mean `[0.485, 0.456, 0.406]`, std `[0.229, 0.224, 0.225]` | ≈ [−2.1, 2.6] | torchvision models, Keras DenseNet (`mode='torch'`) |
 * | `'caffe'` | RGB → BGR, then `x − [103.939, 116.779, 123.68]` | ≈ [−124, 152] | Keras ResNet50, VGG16/19 (`mode='caffe'`) |
 * | `'none'` | `x` | [0, 255] | models that normalise inside (e.g. Keras EfficientNet) |
 * | a function | `f(x)`, `x` float32 `[B, H, W, C]` in [0, 255], already resized | yours | anything else |
 *
 * A function runs inside `tf.tidy` (the tensors it makes are freed) and must return a 4-D tensor.
 * @example
 * ```ts
 * const centred: PreprocessMode = (x) => tf.sub(tf.div(x, 255), 0.5);
 * const input = preprocessImage(image, { size: [224, 224], mode: centred });
 * input.dispose();
 * ```
 * @category Ops
 */
export type PreprocessMode = 'unit' | 'symmetric' | 'imagenet' | 'caffe' | 'none' | ((x: tf.Tensor4D) => tf.Tensor);

/**
 * Options of {@link preprocessImage}; every field is optional.
 * @example
 * ```ts
 * const options: PreprocessOptions = { size: [299, 299], mode: 'symmetric' }; // Keras InceptionV3
 * const input = preprocessImage(image, options); // float32 [1, 299, 299, 3] in [-1, 1]
 * input.dispose();
 * ```
 * @category Ops
 */
export interface PreprocessOptions {
  /**
   * `[height, width]` to resize to (bilinear, half-pixel centres: OpenCV's `INTER_LINEAR`, no
   * antialiasing), or omitted to keep the image's size.
   */
  size?: [number, number];
  /** The normalisation, see {@link PreprocessMode}. Default `'unit'` (`x / 255`). */
  mode?: PreprocessMode;
}

const MODES = ['unit', 'symmetric', 'imagenet', 'caffe', 'none'];
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
/** Keras' `caffe` means, in BGR order. */
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];

/**
 * Turns decoded image bytes into model input: cast to float32, add a batch axis, resize, normalise.
 *
 * The resize is `tf.image.resizeBilinear(x, size, false, true)` (half-pixel centres, as OpenCV's
 * `cv2.resize(..., INTER_LINEAR)` and the resize of the CAM pipeline); it does not antialias, so
 * strong downscaling (more than ~2×) aliases where PIL or torchvision with `antialias=True` would
 * blur. Resize first, then normalise, as torchvision's `Resize` + `ToTensor` + `Normalize`.
 *
 * @param image - RGB bytes in [0, 255], `[H, W, C]` or `[B, H, W, C]` with C = 3 (or C = 1 for
 *   `'unit'`, `'symmetric'`, `'none'` and functions), any numeric dtype (as from `readImage` or
 *   `tf.browser.fromPixels`). Not disposed.
 * @param options - `{ size?, mode = 'unit' }`.
 * @returns a new float32 tensor `[B, H, W, C]` (B = 1 for a 3-D image), ready for
 *   `model.predict` and the CAM methods; the caller owns it.
 * @throws CamError `INVALID_INPUT` for a wrong rank or channel count, `INVALID_OPTION` for a bad
 *   `size` or `mode`, or a function that does not return a 4-D tensor.
 * @example
 * ```ts
 * const image = await readImage('cat.jpg');                                   // int32 [H, W, 3]
 * const x = preprocessImage(image, { size: [224, 224], mode: 'imagenet' });   // float32 [1, 224, 224, 3]
 * const result = gradCam(model, x);
 * result.dispose(); x.dispose(); image.dispose();
 * ```
 * @category Ops
 */
export function preprocessImage(image: tf.Tensor3D | tf.Tensor4D, options: PreprocessOptions = {}): tf.Tensor4D {
  const fn = 'preprocessImage()';
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}: options must be an object { size?, mode? }; received ${describeValue(options)}.`);
  }
  const { size, mode = 'unit' } = options;
  if (typeof mode !== 'function' && !MODES.includes(mode as string)) {
    throw new CamError(
      'INVALID_OPTION',
      `${fn}: options.mode must be one of ${MODES.map((m) => `'${m}'`).join(', ')} or a function (x) => tensor; ` +
        `received ${describeValue(mode)}.`,
    );
  }
  if (size !== undefined && (!Array.isArray(size) || size.length !== 2 || !size.every((s) => Number.isInteger(s) && s > 0))) {
    const got = Array.isArray(size) ? `[${size.map((s) => String(s)).join(', ')}]` : describeValue(size);
    throw new CamError('INVALID_OPTION', `${fn}: options.size must be [height, width] with two positive integers, or omitted to keep the image size; received ${got}.`);
  }
  if (!(image instanceof tf.Tensor) || (image.rank !== 3 && image.rank !== 4) || image.dtype === 'string' || image.dtype === 'complex64') {
    throw new CamError('INVALID_INPUT', `${fn}: image must be a numeric tensor [H, W, C] or [B, H, W, C] of RGB values in 0..255; received ${describeValue(image)}.`);
  }
  const channels = image.shape[image.rank - 1]!;
  const perChannel = mode === 'imagenet' || mode === 'caffe';
  if (channels !== 3 && !(channels === 1 && !perChannel)) {
    throw new CamError(
      'INVALID_INPUT',
      `${fn}: image has ${channels} channel(s) (shape [${image.shape.join(', ')}]); allowed: 3 (RGB)` +
        (perChannel ? ` for mode '${mode as string}'` : ', or 1 (grey)') +
        (channels === 4 ? '. Drop the alpha channel with tf.slice(image, [0, 0, 0], [-1, -1, 3]).' : '.'),
    );
  }
  return tf.tidy(() => {
    let x = tf.cast(image, 'float32') as tf.Tensor;
    if (x.rank === 3) x = tf.expandDims(x, 0);
    const x4 = x as tf.Tensor4D;
    const resized = size && (size[0] !== x4.shape[1] || size[1] !== x4.shape[2]) ? tf.image.resizeBilinear(x4, size, false, true) : x4;
    if (typeof mode === 'function') {
      const out = mode(resized);
      if (!(out instanceof tf.Tensor) || out.rank !== 4) {
        throw new CamError('INVALID_OPTION', `${fn}: options.mode function must return a 4-D tensor [B, H, W, C]; it returned ${describeValue(out)}.`);
      }
      return tf.cast(out, 'float32') as tf.Tensor4D;
    }
    switch (mode) {
      case 'unit':
        return tf.div(resized, 255);
      case 'symmetric':
        return tf.sub(tf.div(resized, 127.5), 1);
      case 'imagenet':
        return tf.div(tf.sub(tf.div(resized, 255), tf.tensor1d(IMAGENET_MEAN)), tf.tensor1d(IMAGENET_STD));
      case 'caffe':
        return tf.sub(tf.reverse(resized, -1), tf.tensor1d(CAFFE_MEAN_BGR));
      default:
        return resized; // 'none': a new tensor already (cast and expandDims never return the input)
    }
  });
}
