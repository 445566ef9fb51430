import type { Colormap } from './colormap.js';
import { decodeHexLut } from './decodeHexLut.js';
import { PLASMA_RGB_HEX } from './tables/plasmaTable.js';

/**
 * Plasma: perceptually uniform, dark blue → magenta → yellow (no black end).
 * matplotlib's 256-entry table, `round(255·v)`; identical to OpenCV's `COLORMAP_PLASMA`.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, plasma); // or applyColormap(heatmap, 'plasma')
 * ```
 * @category Colormaps
 */
export const plasma: Colormap = /* @__PURE__ */ decodeHexLut('plasma', PLASMA_RGB_HEX);
