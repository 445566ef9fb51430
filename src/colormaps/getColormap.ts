import type { Colormap, ColormapLike } from './colormap.js';
import { resolveColormap } from './resolveColormap.js';

/**
 * Resolves a colormap name or object to a {@link Colormap}.
 *
 * A name is looked up among the built-ins ({@link colormaps}); a `Colormap` object is checked
 * (a `name` string and a 768-byte `Uint8Array` `lut`) and returned as is.
 *
 * @param nameOrColormap - a built-in name such as `'viridis'`, or a `Colormap`. Plain strings are
 *   accepted (e.g. from a command line) and validated at run time.
 * @returns the built-in colormap, or the object passed in.
 * @throws CamError `INVALID_COLORMAP` for an unknown name (the message lists the built-in names) or
 *   a malformed object.
 *
 * @example
 * ```ts
 * getColormap('viridis').lut.subarray(0, 3); // Uint8Array [68, 1, 84]
 * ```
 * @category Colormaps
 */
export function getColormap(nameOrColormap: ColormapLike | string): Colormap {
  return resolveColormap('getColormap', nameOrColormap);
}
