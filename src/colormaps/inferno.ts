import type { Colormap } from './colormap.js';
import { decodeHexLut } from './decodeHexLut.js';
import { INFERNO_RGB_HEX } from './tables/infernoTable.js';

/**
 * Inferno: perceptually uniform, black → purple → orange → pale yellow.
 * matplotlib's 256-entry table, `round(255·v)`; identical to OpenCV's `COLORMAP_INFERNO`.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, inferno); // or applyColormap(heatmap, 'inferno')
 * ```
 * @category Colormaps
 */
export const inferno: Colormap = /* @__PURE__ */ decodeHexLut('inferno', INFERNO_RGB_HEX);
