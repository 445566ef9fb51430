import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { checkColormapName } from './checkColormapName.js';
import type { Colormap } from './colormap.js';

/**
 * Builds a colormap from an explicit 256-entry RGB lookup table.
 *
 * @param name - display name of the colormap.
 * @param lut - 768 bytes (`Uint8Array`, or any array of integers in [0, 255]) in RGB row order, or
 *   256 rows of `[r, g, b]` integers in [0, 255]. The values are copied.
 * @returns a new frozen {@link Colormap} that owns a copy of the table.
 * @throws CamError `INVALID_COLORMAP` for a wrong length (the message gives the length received and
 *   768 expected), a row that is not `[r, g, b]`, or a value that is not an integer in [0, 255].
 *
 * @example
 * ```ts
 * // an inverted grey ramp
 * const rows = Array.from({ length: 256 }, (_, i) => [255 - i, 255 - i, 255 - i]);
 * const invGray = fromLut('inverted-gray', rows);
 * ```
 * @category Colormaps
 */
export function fromLut(
  name: string,
  lut: Uint8Array | ArrayLike<number> | ReadonlyArray<ArrayLike<number>>,
): Colormap {
  checkColormapName('fromLut', name);
  if (lut === null || typeof lut !== 'object' || typeof (lut as ArrayLike<unknown>).length !== 'number') {
    throw new CamError(
      'INVALID_COLORMAP',
      `fromLut(): lut must be a Uint8Array or array of 768 bytes, or 256 rows of [r, g, b]; received ${describeValue(lut)}.`,
    );
  }
  const out = new Uint8Array(768);
  const src = lut as ArrayLike<unknown>;
  const isRows = src.length === 256 && !ArrayBuffer.isView(lut) && typeof src[0] === 'object' && src[0] !== null;
  if (isRows) {
    for (let i = 0; i < 256; i++) {
      const row = src[i] as ArrayLike<unknown> | null | undefined;
      if (row === null || typeof row !== 'object' || row.length !== 3) {
        throw new CamError(
          'INVALID_COLORMAP',
          `fromLut(): row ${i} of "${name}" must be [r, g, b] with integers in [0, 255]; received ${describeValue(row)}.`,
        );
      }
      for (let c = 0; c < 3; c++) out[3 * i + c] = checkByte(name, row[c], `row ${i}, channel ${c}`);
    }
  } else {
    if (src.length !== 768) {
      throw new CamError(
        'INVALID_COLORMAP',
        `fromLut(): lut of "${name}" has length ${src.length}; expected 768 (256 rows × [r, g, b] bytes) ` +
          'or an array of 256 rows of [r, g, b].',
      );
    }
    for (let i = 0; i < 768; i++) out[i] = checkByte(name, src[i], `index ${i}`);
  }
  return Object.freeze({ name, lut: out });
}

function checkByte(name: string, v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
    throw new CamError(
      'INVALID_COLORMAP',
      `fromLut(): ${where} of "${name}" must be an integer in [0, 255]; received ${describeValue(v)}.`,
    );
  }
  return v;
}
