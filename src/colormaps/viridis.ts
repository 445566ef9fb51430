import type { Colormap } from './colormap.js';
import { decodeHexLut } from './decodeHexLut.js';
import { VIRIDIS_RGB_HEX } from './tables/viridisTable.js';

/**
 * Viridis (matplotlib's default): perceptually uniform, colour-blind friendly, dark purple → yellow.
 * matplotlib's 256-entry table, `round(255·v)`; identical to OpenCV's `COLORMAP_VIRIDIS`.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, viridis); // or applyColormap(heatmap, 'viridis')
 * ```
 * @category Colormaps
 */
export const viridis: Colormap = /* @__PURE__ */ decodeHexLut('viridis', VIRIDIS_RGB_HEX);
