import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';

/**
 * Checks a heatmap argument of the drawing functions — one map `[H, W]` or a batch `[B, H, W]`,
 * live and numeric — and the `index` of the map to draw (default 0). Creates no tensor.
 *
 * @param fn - the public function's name, used in messages.
 * @returns the map's height and width and a function that slices the chosen map as `[H, W]` float32
 *   (call it inside `tf.tidy`).
 * @throws CamError `INVALID_INPUT` for a heatmap of another rank, dtype or a disposed one;
 *   `INVALID_OPTION` for an index that is not an integer in [0, B).
 * @internal
 */
export function checkHeatmap(
  fn: string,
  heatmap: unknown,
  index: unknown = 0,
): { height: number; width: number; pick: () => tf.Tensor2D } {
  if (!(heatmap instanceof tf.Tensor) || (heatmap.rank !== 2 && heatmap.rank !== 3)) {
    const hint = heatmap instanceof tf.Tensor && heatmap.rank === 4 ? ' A [B, H, W, 3] tensor is already coloured: draw it with drawToCanvas.' : '';
    throw new CamError('INVALID_INPUT', `${fn}(): heatmap must be one map [H, W] or a batch [B, H, W] with values in [0, 1] (e.g. result.heatmap); received ${describeValue(heatmap)}.${hint}`);
  }
  if (heatmap.isDisposed) {
    throw new CamError('INVALID_INPUT', `${fn}(): heatmap is a disposed tensor; draw it before disposing the result.`);
  }
  if (heatmap.dtype === 'string' || heatmap.dtype === 'complex64') {
    throw new CamError('INVALID_INPUT', `${fn}(): heatmap has dtype ${heatmap.dtype}; expected a numeric tensor with values in [0, 1].`);
  }
  const batch = heatmap.rank === 3 ? heatmap.shape[0] : 1;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= batch) {
    throw new CamError(
      'INVALID_OPTION',
      `${fn}(): options.index picks the map to draw and must be an integer in [0, ${batch - 1}] for a heatmap of shape ` +
        `[${heatmap.shape.join(', ')}]; received ${describeValue(index)}.`,
    );
  }
  const [height, width] = heatmap.shape.slice(-2) as [number, number];
  if (height === 0 || width === 0) {
    throw new CamError('INVALID_INPUT', `${fn}(): heatmap has shape [${heatmap.shape.join(', ')}]; a map needs a height and width of at least 1.`);
  }
  const pick = (): tf.Tensor2D => {
    const map = heatmap.rank === 2 ? heatmap : tf.reshape(tf.slice(heatmap, [index, 0, 0], [1, height, width]), [height, width]);
    return tf.cast(map, 'float32') as tf.Tensor2D;
  };
  return { height, width, pick };
}
