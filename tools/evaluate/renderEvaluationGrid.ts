/**
 * The evaluation report's picture: one row per method, one column per sample image, each cell the
 * library's own overlay (jet colormap, alpha 0.5) of the method's map on the image, with the
 * ground-truth box outlined in white; method names on the left and class names on top in the
 * project's 5×8 bitmap font.
 */
import * as tf from '@tensorflow/tfjs-core';
import { overlay } from '../../src/ops/overlay.js';
import { CHAR_ADVANCE, drawText, GLYPH_HEIGHT } from '../../src/panel/drawText.js';

/** Input of {@link renderEvaluationGrid}. */
export interface EvaluationGridInput {
  /** RGB bytes of each column's image, `size * size * 3` values. */
  images: Uint8Array[];
  /** Ground-truth box of each column's image, `[x0, y0, x1, y1]` end-exclusive. */
  boxes: [number, number, number, number][];
  /** `maps[row][column]`: `size * size` values in [0, 1]. */
  maps: Float32Array[][];
  /** Image side in pixels. */
  size: number;
  /** Row labels (method names). */
  rowLabels: string[];
  /** Column labels (class names). */
  columnLabels: string[];
  /** Integer enlargement of each cell, nearest neighbour (default 2). */
  scale?: number;
  /** Font pixel size (default 2). */
  textScale?: number;
}

const BACKGROUND = 24;
const GAP = 4;

/**
 * Draws the grid of overlays.
 *
 * @param input - images, boxes, maps and labels; see {@link EvaluationGridInput}.
 * @returns (a promise of) a new int32 RGB tensor `[height, width, 3]` in [0, 255]; the caller owns it.
 * @example
 * ```ts
 * const grid = await renderEvaluationGrid({ images, boxes, maps, size: 96, rowLabels, columnLabels });
 * await writePng('grid.png', grid);
 * grid.dispose();
 * ```
 */
export async function renderEvaluationGrid(input: EvaluationGridInput): Promise<tf.Tensor3D> {
  const { images, boxes, maps, size, rowLabels, columnLabels, scale = 2, textScale: t = 2 } = input;
  const columns = images.length;
  const cell = size * scale;
  const labelWidth = Math.max(...rowLabels.map((l) => l.length)) * CHAR_ADVANCE * t + 2 * GAP;
  const headerHeight = GLYPH_HEIGHT * t + 2 * GAP;
  const width = labelWidth + columns * (cell + GAP);
  const height = headerHeight + maps.length * (cell + GAP);
  const data = new Int32Array(width * height * 3).fill(BACKGROUND);
  const raster = { width, height, data };

  columnLabels.forEach((label, c) => {
    const x = labelWidth + c * (cell + GAP) + Math.max(0, Math.floor((cell - label.length * CHAR_ADVANCE * t) / 2));
    drawText(raster, label, x, GAP, t);
  });
  for (let r = 0; r < maps.length; r++) {
    const top = headerHeight + r * (cell + GAP);
    drawText(raster, rowLabels[r]!, GAP, top + Math.floor((cell - GLYPH_HEIGHT * t) / 2), t);
    const cells = tf.tidy(() => {
      const imageBatch = tf.tensor4d(concat(images), [columns, size, size, 3], 'int32');
      const mapBatch = tf.tensor3d(concat(maps[r]!), [columns, size, size], 'float32');
      const blended = overlay(imageBatch, mapBatch, { alpha: 0.5, colormap: 'jet' });
      return scale > 1 ? tf.cast(tf.image.resizeNearestNeighbor(blended, [cell, cell]), 'int32') : blended;
    });
    let pixels: Int32Array;
    try {
      pixels = (await cells.data()) as Int32Array;
    } finally {
      cells.dispose();
    }
    for (let c = 0; c < columns; c++) {
      const left = labelWidth + c * (cell + GAP);
      for (let y = 0; y < cell; y++) {
        const from = ((c * cell + y) * cell) * 3;
        data.set(pixels.subarray(from, from + cell * 3), ((top + y) * width + left) * 3);
      }
      outline(data, width, boxes[c]!, scale, left, top);
    }
  }
  return tf.tensor3d(data, [height, width, 3], 'int32');
}

/** A 1-pixel white outline of an end-exclusive box of the enlarged cell at (left, top). */
function outline(px: Int32Array, width: number, [x0, y0, x1, y1]: number[], scale: number, left: number, top: number): void {
  const set = (x: number, y: number) => px.fill(255, ((top + y) * width + left + x) * 3, ((top + y) * width + left + x) * 3 + 3);
  const [a, b, c, d] = [x0! * scale, y0! * scale, x1! * scale - 1, y1! * scale - 1];
  for (let x = a; x <= c; x++) (set(x, b), set(x, d));
  for (let y = b; y <= d; y++) (set(a, y), set(c, y));
}

function concat<T extends Uint8Array | Float32Array>(parts: T[]): T {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new (parts[0]!.constructor as new (n: number) => T)(total);
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
