import type * as tf from '@tensorflow/tfjs-core';
import type { CamResult } from '../core/camResult.js';
import { CamError } from '../core/errors.js';
import { renderPanel, type PanelOptions } from '../panel/renderPanel.js';
import { assertNode } from './assertNode.js';
import { checkPngPath, writePngAs } from './writePngAs.js';

/**
 * Writes a panel PNG: **image | heatmap | overlay** side by side above a caption strip naming the
 * class (with its label when `labels` are given), the score, the method and the layer. The text
 * is drawn with the project's own bitmap font: no canvas, no font files. Creates the parent folder
 * and replaces an existing file.
 *
 * The panel is {@link renderPanel}'s: each of the three panels has the image's size (times
 * `scale`); a heatmap of another size is resized to the image (bilinear, half-pixel centres), so
 * a map computed on a resized model input is drawn over the full-size photo.
 *
 * @param path - the PNG file to write.
 * @param image - RGB `[H, W, 3]` or `[B, H, W, 3]` in [0, 255] (as from `readImage`); not disposed.
 * @param result - the {@link CamResult} to draw (sample `sampleIndex`); not disposed.
 * @param options - `sampleIndex`, `labels`, `box`, `alpha` (0.5), `colormap` (`'jet'`), `scale`
 *   (1), `caption`, `textScale` (see {@link PanelOptions}).
 * @throws CamError `INVALID_INPUT`, `INVALID_OPTION`, `INVALID_COLORMAP` (as `renderPanel`),
 *   `FILE_UNWRITABLE`, `WRONG_RUNTIME` (outside Node).
 * @example
 * ```ts
 * import { gradCam, preprocessImage } from 'tfjs-gradcam';
 * import { loadLayersModel, readImage, savePanel } from 'tfjs-gradcam/node';
 * const model = await loadLayersModel('examples/model/model.json');
 * const image = await readImage('examples/images/star-1.png');
 * const input = preprocessImage(image, { size: [96, 96], mode: 'unit' });
 * const result = gradCam(model, input);
 * await savePanel('out/star-panel.png', image, result, {
 *   labels: ['circle', 'square', 'triangle', 'star', 'cross', 'ring'], scale: 3,
 * });
 * result.dispose(); input.dispose(); image.dispose();
 * ```
 * @category Node
 */
export async function savePanel(
  path: string,
  image: tf.Tensor3D | tf.Tensor4D,
  result: Pick<CamResult, 'heatmap' | 'classIndex' | 'score' | 'layerName' | 'method'>,
  options?: PanelOptions,
): Promise<void> {
  assertNode('savePanel');
  checkPngPath(path, 'savePanel');
  let panel: tf.Tensor3D;
  try {
    panel = await renderPanel(image, result, options);
  } catch (e) {
    // Name the function the caller used.
    if (e instanceof CamError) throw new CamError(e.code, e.message.replace(/^renderPanel\(\): /, 'savePanel(): '));
    throw e;
  }
  try {
    await writePngAs(path, panel, 'savePanel');
  } finally {
    panel.dispose();
  }
}
