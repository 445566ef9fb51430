import type { Colormap } from './colormap.js';
import { decodeHexLut } from './decodeHexLut.js';
import { JET_RGB_HEX } from './tables/jetTable.js';

/**
 * The classic rainbow map (dark blue → cyan → yellow → dark red), **byte-identical to OpenCV's
 * `COLORMAP_JET`** (the table `cv2.applyColorMap` uses, which pytorch-grad-cam's `show_cam_on_image`
 * applies), stored in RGB order. It is the default of {@link applyColormap} and {@link overlay}.
 * matplotlib's `jet` uses different control points (up to 34 levels apart from this table).
 * For perception, prefer {@link turbo} or {@link viridis}.
 *
 * @example
 * ```ts
 * const rgb = applyColormap(heatmap, jet); // or applyColormap(heatmap, 'jet')
 * ```
 * @category Colormaps
 */
export const jet: Colormap = /* @__PURE__ */ decodeHexLut('jet', JET_RGB_HEX);
