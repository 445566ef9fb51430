import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { overlay, type OverlayOptions } from '../ops/overlay.js';
import { resizeMap } from '../ops/resizeMap.js';
import { assertNode } from './assertNode.js';
import { checkPngPath, writePngAs } from './writePngAs.js';

/**
 * Options of {@link saveOverlay}: {@link OverlayOptions} plus `sampleIndex`; every field is optional.
 * @example
 * ```ts
 * const options: SaveOverlayOptions = { alpha: 0.4, colormap: 'turbo', sampleIndex: 1 };
 * await saveOverlay('out/second.png', image, result.heatmap, options); // the second map of a batch
 * ```
 * @category Node
 */
export interface SaveOverlayOptions extends OverlayOptions {
  /** Which map of a batch `[B, H, W]` (and image of a batch `[B, H, W, 3]`) to write. Default 0. */
  sampleIndex?: number;
}

/**
 * Writes the heatmap blended over the image as an RGB PNG:
 * `round((1 − alpha) · image + alpha · colormap(heatmap))`, exactly the bytes of
 * `overlay(image, heatmap, { alpha, colormap })`. Creates the parent folder and replaces an
 * existing file.
 *
 * A heatmap of another size than the image (a map computed on a resized model input) is first
 * resized to the image with bilinear interpolation, half-pixel centres (`resizeMap`), so the
 * overlay is written at the image's full resolution.
 *
 * @param path - the PNG file to write.
 * @param image - RGB `[H, W, 3]` or `[B, H, W, 3]` in [0, 255], any dtype; not disposed.
 * @param heatmap - `[h, w]` or `[B, h, w]` in [0, 1] (e.g. `result.heatmap`); not disposed.
 * @param options - `alpha` (0.5), `colormap` (`'jet'`), `sampleIndex` (0).
 * @throws CamError `INVALID_INPUT` (shapes), `INVALID_OPTION`, `INVALID_COLORMAP`,
 *   `FILE_UNWRITABLE`, `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import { gradCam, preprocessImage } from 'tfjs-gradcam';
 * import { readImage, saveOverlay } from 'tfjs-gradcam/node';
 * const image = await readImage('cat.jpg');                                   // any size
 * const input = preprocessImage(image, { size: [224, 224], mode: 'imagenet' });
 * const result = gradCam(model, input);                                       // heatmap [1, 224, 224]
 * await saveOverlay('out/cat-gradcam.png', image, result.heatmap, { alpha: 0.4 }); // full size
 * result.dispose(); input.dispose(); image.dispose();
 * ```
 * @category Node
 */
export async function saveOverlay(
  path: string,
  image: tf.Tensor3D | tf.Tensor4D,
  heatmap: tf.Tensor2D | tf.Tensor3D,
  options: SaveOverlayOptions = {},
): Promise<void> {
  const fn = 'saveOverlay';
  assertNode(fn);
  checkPngPath(path, fn);
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}(): options must be an object { alpha?, colormap?, sampleIndex? }; received ${describeValue(options)}.`);
  }
  const { sampleIndex = 0, ...overlayOptions } = options;
  if (!(image instanceof tf.Tensor) || (image.rank !== 3 && image.rank !== 4) || image.shape[image.rank - 1] !== 3) {
    throw new CamError('INVALID_INPUT', `${fn}(): image must be RGB [H, W, 3] or [B, H, W, 3] with values in 0..255; received ${describeValue(image)}.`);
  }
  if (!(heatmap instanceof tf.Tensor) || (heatmap.rank !== 2 && heatmap.rank !== 3)) {
    throw new CamError('INVALID_INPUT', `${fn}(): heatmap must be one map [H, W] or a batch [B, H, W] (e.g. result.heatmap); received ${describeValue(heatmap)}.`);
  }
  const maps = heatmap.rank === 3 ? heatmap.shape[0] : 1;
  const images = image.rank === 4 ? image.shape[0] : 1;
  if (!(Number.isInteger(sampleIndex) && sampleIndex >= 0 && sampleIndex < Math.max(maps, images) && (sampleIndex < maps || maps === 1) && (sampleIndex < images || images === 1))) {
    throw new CamError('INVALID_OPTION', `${fn}(): options.sampleIndex must be an integer in [0, ${Math.max(maps, images)}) (the heatmap holds ${maps} map(s), the image ${images}); received ${describeValue(sampleIndex)}.`);
  }
  const [h, w] = image.rank === 4 ? image.shape.slice(1, 3) : image.shape.slice(0, 2);
  const blended = renameErrors(fn, () => tf.tidy(() => {
    const img = image.rank === 4 ? tf.slice(image, [images === 1 ? 0 : sampleIndex, 0, 0, 0], [1, -1, -1, -1]) : tf.expandDims(image, 0);
    let map = heatmap.rank === 3 ? tf.slice(heatmap, [maps === 1 ? 0 : sampleIndex, 0, 0], [1, -1, -1]) : tf.expandDims(heatmap, 0);
    if (map.shape[1] !== h || map.shape[2] !== w) map = resizeMap(map as tf.Tensor3D, [h!, w!]);
    return overlay(img as tf.Tensor4D, map as tf.Tensor3D, overlayOptions);
  }));
  try {
    await writePngAs(path, blended, fn);
  } finally {
    blended.dispose();
  }
}

/** Runs `body`, re-labelling a CamError of `overlay()` as coming from `fn()`. */
function renameErrors<T>(fn: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof CamError) throw new CamError(e.code, e.message.replace(/^overlay\(\)/, `${fn}()`));
    throw e;
  }
}
