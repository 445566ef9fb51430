import type { Colormap } from './colormap.js';
import { decodeHexLut } from './decodeHexLut.js';
import { MAGMA_RGB_HEX } from './tables/magmaTable.js';

/**
 * Magma: perceptually uniform, black → purple → pink → pale yellow.
 * matplotlib's 256-entry table, `round(255·v)`; identical to OpenCV's `COLORMAP_MAGMA`.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, magma); // or applyColormap(heatmap, 'magma')
 * ```
 * @category Colormaps
 */
export const magma: Colormap = /* @__PURE__ */ decodeHexLut('magma', MAGMA_RGB_HEX);
