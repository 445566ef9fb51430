// The custom colormaps shown in docs/guides/colormaps.md, built exactly as the guide's snippets
// build them; tools/docs/renderSwatches.ts renders their swatches next to the built-ins'.
import { fromFunction, fromLut, fromStops, type Colormap } from '../../src/index.js';

/** The guide's custom colormaps, by the file name of their swatch. */
export function guideColormaps(): Record<string, Colormap> {
  const coolWarm = fromStops('cool-warm', [
    { at: 0, color: '#3b4cc0' },
    { at: 0.5, color: [0.87, 0.87, 0.87] },
    { at: 1, color: '#b40426' },
  ]);
  // Two stops at the same position make a hard edge: grey below 0.5, yellow to red above.
  const threshold = fromStops('threshold', [
    { at: 0, color: '#000000' },
    { at: 0.5, color: '#808080' },
    { at: 0.5, color: '#ffff00' },
    { at: 1, color: '#ff0000' },
  ]);
  // black → red → yellow → white
  const hot = fromFunction('hot', (t) => [
    Math.min(1, 3 * t),
    Math.min(1, Math.max(0, 3 * t - 1)),
    Math.min(1, Math.max(0, 3 * t - 2)),
  ]);
  const inverted = fromLut('inverted-gray', Uint8Array.from({ length: 768 }, (_, i) => 255 - Math.floor(i / 3)));
  const redRamp = fromLut('red', Array.from({ length: 256 }, (_, i) => [i, 0, 0]));
  return { 'cool-warm': coolWarm, threshold, hot, 'inverted-gray': inverted, red: redRamp };
}
