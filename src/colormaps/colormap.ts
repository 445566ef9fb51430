/**
 * A colormap as a 256-entry lookup table.
 *
 * `lut` holds 256 rows of `[r, g, b]` bytes (768 bytes, RGB order, row `i` is the colour of the
 * value `i / 255`). Build one with {@link fromStops}, {@link fromFunction} or {@link fromLut};
 * treat `lut` as read-only (the built-in tables are shared).
 * @category Colormaps
 */
export interface Colormap {
  /** Display name, e.g. `'jet'`. */
  readonly name: string;
  /** 256 × 3 RGB bytes. */
  readonly lut: Uint8Array;
}

/**
 * Names of the built-in colormaps (see {@link colormaps}).
 * @category Colormaps
 */
export type BuiltinColormapName = 'jet' | 'turbo' | 'viridis' | 'inferno' | 'magma' | 'plasma' | 'gray';

/**
 * A colormap, or the name of a built-in one.
 * @category Colormaps
 */
export type ColormapLike = Colormap | BuiltinColormapName;
