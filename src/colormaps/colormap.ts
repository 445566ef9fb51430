/**
 * A colormap as a 256-entry lookup table.
 *
 * `lut` holds 256 rows of `[r, g, b]` bytes (768 bytes, RGB order, row `i` is the colour of the
 * value `i / 255`). Build one with {@link fromStops}, {@link fromFunction} or {@link fromLut};
 * treat `lut` as read-only (the built-in tables are shared). A colormap holds no tensors.
 * @example
 * ```ts
 * const cmap: Colormap = getColormap('viridis');
 * const [r, g, b] = cmap.lut.subarray(3 * 255, 3 * 256); // the colour of the value 1
 * console.log(cmap.name, r, g, b);
 * ```
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
 * @example
 * ```ts
 * const name: BuiltinColormapName = 'turbo';
 * const swatch = colormapSwatch(name); // int32 [16, 256, 3]
 * swatch.dispose();
 * ```
 * @category Colormaps
 */
export type BuiltinColormapName = 'jet' | 'turbo' | 'viridis' | 'inferno' | 'magma' | 'plasma' | 'gray';

/**
 * A colormap, or the name of a built-in one: what every `colormap` option accepts.
 * @example
 * ```ts
 * const choices: ColormapLike[] = ['jet', viridis, fromStops('bw', [{ at: 0, color: '#000000' }, { at: 1, color: '#ffffff' }])];
 * for (const colormap of choices) applyColormap(heatmap, colormap).dispose();
 * ```
 * @category Colormaps
 */
export type ColormapLike = Colormap | BuiltinColormapName;
