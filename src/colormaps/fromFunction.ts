import { CamError } from '../core/errors.js';
import { describeValue } from '../ops/describeValue.js';
import { checkColormapName } from './checkColormapName.js';
import type { Colormap } from './colormap.js';

/**
 * Builds a colormap by sampling a function at 256 points.
 *
 * Row `i` of the table is `fn(i / 255)`; each component is clamped to [0, 1] and stored as
 * `round(255 · v)`.
 *
 * @param name - display name of the colormap.
 * @param fn - maps `t ∈ [0, 1]` to `[r, g, b]` with floats in [0, 1] (values outside are clamped).
 * @returns a new frozen {@link Colormap}.
 * @throws CamError `INVALID_COLORMAP` when `fn` is not a function, or returns something other than
 *   three finite numbers (the message gives the `t` at which it happened); errors thrown by `fn`
 *   propagate unchanged.
 *
 * @example
 * ```ts
 * // black → red → yellow
 * const heat = fromFunction('heat', (t) => [Math.min(1, 2 * t), Math.max(0, 2 * t - 1), 0]);
 * ```
 * @category Colormaps
 */
export function fromFunction(name: string, fn: (t: number) => readonly [number, number, number]): Colormap {
  checkColormapName('fromFunction', name);
  if (typeof fn !== 'function') {
    throw new CamError(
      'INVALID_COLORMAP',
      `fromFunction(): fn must be a function (t: number) => [r, g, b]; received ${describeValue(fn)}.`,
    );
  }
  const lut = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    const rgb: unknown = fn(t);
    if (!isRgb(rgb)) {
      throw new CamError(
        'INVALID_COLORMAP',
        `fromFunction(): fn(${t}) for "${name}" must return [r, g, b] with three finite numbers in [0, 1]; ` +
          `received ${Array.isArray(rgb) ? `[${rgb.map((v) => String(v)).join(', ')}]` : describeValue(rgb)}.`,
      );
    }
    for (let c = 0; c < 3; c++) lut[3 * i + c] = Math.round(255 * Math.min(1, Math.max(0, rgb[c])));
  }
  return Object.freeze({ name, lut });
}

function isRgb(v: unknown): v is [number, number, number] {
  return (
    Array.isArray(v) && v.length === 3 && v.every((c) => typeof c === 'number' && Number.isFinite(c))
  );
}
