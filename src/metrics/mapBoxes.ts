/** Shared checks of {@link pointingGame} and {@link energyInBox}: the maps on the host and one box per map. */
import * as tf from '@tensorflow/tfjs-core';
import { CamError } from '../core/errors.js';
import { formatShape } from '../core/formatShape.js';
import { describeValue } from '../ops/describeValue.js';
import type { Box } from './box.js';
import { readMap } from './pixelRanking.js';

/** Maps read to the host: `values` [B·H·W] row-major. */
export interface HostMaps {
  values: Float32Array;
  batch: number;
  height: number;
  width: number;
}

/** Checks the map's shape ([B,H,W] or [H,W]) before reading it. */
export function checkMapShape(heatmap: unknown, fn: string): { batch: number; height: number; width: number } {
  if (!(heatmap instanceof tf.Tensor)) {
    throw new CamError('INVALID_INPUT', `${fn}: heatmap must be a tf.Tensor [B,H,W] or [H,W], received ${describeValue(heatmap)}`);
  }
  if (heatmap.isDisposed) throw new CamError('DISPOSED', `${fn}: the heatmap tensor has been disposed; pass a live tensor`);
  if (heatmap.dtype !== 'float32' && heatmap.dtype !== 'int32') {
    throw new CamError('INVALID_INPUT', `${fn}: heatmap dtype must be float32 or int32, received ${heatmap.dtype}`);
  }
  if ((heatmap.rank !== 2 && heatmap.rank !== 3) || heatmap.size === 0) {
    throw new CamError('INVALID_INPUT', `${fn}: heatmap must be a non-empty [B,H,W] or [H,W] tensor, received shape ${formatShape(heatmap.shape)}`);
  }
  const s = heatmap.rank === 2 ? [1, ...heatmap.shape] : heatmap.shape;
  return { batch: s[0]!, height: s[1]!, width: s[2]! };
}

/** One box per map: a single box is used for every map; a list needs one box per map. */
export function checkBoxes(boxes: unknown, batch: number, fn: string): Box[] {
  const isBox = (b: unknown): b is Box =>
    Array.isArray(b) && b.length === 4 && b.every((v) => typeof v === 'number' && Number.isFinite(v)) && b[2] > b[0] && b[3] > b[1];
  const list: unknown[] = Array.isArray(boxes) && boxes.length > 0 && typeof boxes[0] === 'number' ? [boxes] : Array.isArray(boxes) ? boxes : [boxes];
  const single = list.length === 1 && list !== boxes;
  const bad = list.findIndex((b) => !isBox(b));
  if (bad >= 0) {
    const b = list[bad];
    throw new CamError(
      'INVALID_INPUT',
      `${fn}: box${single ? '' : ` ${bad}`} must be [x0, y0, x1, y1] with finite numbers, x1 > x0 and y1 > y0, received ${Array.isArray(b) ? `[${b.join(', ')}]` : describeValue(b)}`,
    );
  }
  if (single) return new Array<Box>(batch).fill(list[0] as Box);
  if (list.length !== batch) {
    throw new CamError('INVALID_INPUT', `${fn}: received ${list.length} boxes for ${batch} maps; pass one box per map, or a single box for all`);
  }
  return list as Box[];
}

/** The maps on the host, checked to be finite. */
export async function readMaps(heatmap: tf.Tensor, fn: string): Promise<HostMaps> {
  const shape = checkMapShape(heatmap, fn);
  return { values: await readMap(heatmap, fn), ...shape };
}
