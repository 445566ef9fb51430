import type * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import type { Box } from './box.js';
import { checkBoxes, checkMapShape, readMaps } from './mapBoxes.js';
import type { PointingGameOptions } from './pointingGameOptions.js';
import type { PointingGameResult } from './pointingGameResult.js';

/**
 * Pointing game (Zhang et al. 2016, "Top-down neural attention by excitation backprop"): a map
 * scores a hit when its maximum lies inside the object's box. With `tolerance` t, a peak at most t
 * pixels (Euclidean) from the box's nearest pixel also hits (the paper uses 15 px). **Higher accuracy
 * is better.**
 *
 * The peak is the first maximum in row-major order. A box is `[x0, y0, x1, y1]` covering the pixels
 * `x0 <= x < x1`, `y0 <= y < y1`; parts outside the map are allowed.
 *
 * @param heatmap - [B,H,W] maps (or one [H,W] map); not disposed.
 * @param boxes - one {@link Box} for every map, or one box per map.
 * @param options - {@link PointingGameOptions}: `tolerance` (0).
 * @returns plain numbers: `hits` [B], `peaks` [B] as `[x, y]`, `accuracy`.
 * @throws CamError `INVALID_INPUT` (shape, boxes), `INVALID_OPTION` (tolerance), `NON_FINITE_INPUT`.
 * @example
 * ```ts
 * const r = cam(model, x);
 * const { accuracy } = await pointingGame(r.heatmap, [[10, 12, 40, 50], [0, 0, 32, 32]], { tolerance: 15 });
 * r.dispose();
 * ```
 * @category Metrics
 */
export async function pointingGame(heatmap: tf.Tensor3D | tf.Tensor2D, boxes: Box | Box[], options?: PointingGameOptions): Promise<PointingGameResult> {
  const fn = 'pointingGame()';
  const { batch } = checkMapShape(heatmap, fn);
  const list = checkBoxes(boxes, batch, fn);
  const tolerance = options?.tolerance ?? 0;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new CamError('INVALID_OPTION', `${fn}: tolerance must be a finite number of pixels >= 0, received ${describeValue(tolerance)}`);
  }
  const { values, height, width } = await readMaps(heatmap, fn);
  const n = height * width;
  const hits: boolean[] = [];
  const peaks: [number, number][] = [];
  for (let b = 0; b < batch; b++) {
    let best = b * n;
    for (let i = b * n + 1; i < (b + 1) * n; i++) if (values[i]! > values[best]!) best = i;
    const p = best - b * n;
    const x = p % width;
    const y = Math.floor(p / width);
    const [x0, y0, x1, y1] = list[b]!;
    // Distance to the box's nearest pixel: columns ceil(x0)..ceil(x1)-1, rows likewise.
    const dx = Math.max(Math.ceil(x0) - x, 0, x - (Math.ceil(x1) - 1));
    const dy = Math.max(Math.ceil(y0) - y, 0, y - (Math.ceil(y1) - 1));
    peaks.push([x, y]);
    hits.push(Math.hypot(dx, dy) <= tolerance);
  }
  return { hits, peaks, accuracy: hits.filter(Boolean).length / batch };
}
