import type * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import type { Box } from './box.js';
import type { EnergyInBoxResult } from './energyInBoxResult.js';
import { checkBoxes, checkMapShape, readMaps } from './mapBoxes.js';

/**
 * Energy-based pointing game (Score-CAM, Wang et al. 2020): the share of the map's total mass that
 * falls inside the object's box, `Σ_{(x,y) ∈ box} L(x,y) / Σ_{(x,y)} L(x,y)`. Unlike the pointing
 * game it counts the whole map, not just its peak. **Higher is better**; a uniform map scores the box's
 * share of the image area.
 *
 * The map must be non-negative (a CAM heatmap in [0,1]); an all-zero map scores 0. A box is
 * `[x0, y0, x1, y1]` covering the pixels `x0 <= x < x1`, `y0 <= y < y1`; parts outside are ignored.
 *
 * @param heatmap - [B,H,W] maps (or one [H,W] map), non-negative; not disposed.
 * @param boxes - one {@link Box} for every map, or one box per map.
 * @returns plain numbers: `energy` [B] and their `mean`.
 * @throws CamError `INVALID_INPUT` (shape, boxes, negative values), `NON_FINITE_INPUT`.
 * @example
 * ```ts
 * const r = cam(model, x);
 * const { energy } = await energyInBox(r.heatmap, [12, 8, 60, 70]);
 * r.dispose();
 * ```
 * @category Metrics
 */
export async function energyInBox(heatmap: tf.Tensor3D | tf.Tensor2D, boxes: Box | Box[]): Promise<EnergyInBoxResult> {
  const fn = 'energyInBox()';
  const { batch } = checkMapShape(heatmap, fn);
  const list = checkBoxes(boxes, batch, fn);
  const { values, height, width } = await readMaps(heatmap, fn);
  const n = height * width;
  const energy: number[] = [];
  for (let b = 0; b < batch; b++) {
    const [x0, y0, x1, y1] = list[b]!;
    let inside = 0;
    let total = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = values[b * n + y * width + x]!;
        if (v < 0) {
          throw new CamError('INVALID_INPUT', `${fn}: the map has a negative value (${v} at sample ${b}, x ${x}, y ${y}); pass a non-negative map such as a CamResult's heatmap`);
        }
        total += v;
        if (x >= x0 && x < x1 && y >= y0 && y < y1) inside += v;
      }
    }
    energy.push(total > 0 ? inside / total : 0);
  }
  return { energy, mean: energy.reduce((a, v) => a + v, 0) / batch };
}
