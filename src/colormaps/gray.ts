import type { Colormap } from './colormap.js';
import { fromFunction } from './fromFunction.js';

/**
 * Linear grey ramp: row `i` is `[i, i, i]` (black at 0, white at 1).
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, gray); // or applyColormap(heatmap, 'gray')
 * ```
 * @category Colormaps
 */
export const gray: Colormap = /* @__PURE__ */ fromFunction('gray', (t) => [t, t, t]);
