import type { Colormap } from './colormap.js';
import { decodeHexLut } from './decodeHexLut.js';
import { TURBO_RGB_HEX } from './tables/turboTable.js';

/**
 * Google's Turbo (Mikhail, 2019): an improved rainbow map, smooth in lightness at both ends.
 * The 256-entry table as shipped by matplotlib, `round(255·v)`; identical to OpenCV's `COLORMAP_TURBO`.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, turbo); // or applyColormap(heatmap, 'turbo')
 * ```
 * @category Colormaps
 */
export const turbo: Colormap = /* @__PURE__ */ decodeHexLut('turbo', TURBO_RGB_HEX);
