import type { BuiltinColormapName, Colormap } from './colormap.js';
import { gray } from './gray.js';
import { inferno } from './inferno.js';
import { jet } from './jet.js';
import { magma } from './magma.js';
import { plasma } from './plasma.js';
import { turbo } from './turbo.js';
import { viridis } from './viridis.js';

/**
 * The built-in colormaps by name: `jet` (OpenCV's, the default), `turbo`, `viridis`, `inferno`,
 * `magma`, `plasma` and `gray`.
 *
 * @example
 * ```ts
 * for (const [name, cmap] of Object.entries(colormaps)) console.log(name, cmap.lut.length); // 768
 * ```
 * @category Colormaps
 */
export const colormaps: Readonly<Record<BuiltinColormapName, Colormap>> = /* @__PURE__ */ Object.freeze({
  jet,
  turbo,
  viridis,
  inferno,
  magma,
  plasma,
  gray,
});
