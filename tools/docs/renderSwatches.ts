// Renders the colormap swatches of docs/guides/colormaps.md with the library itself:
// docs/images/colormaps/<name>.png, 256×16, for every built-in map and the guide's custom maps.
//   npx tsx tools/docs/renderSwatches.ts [outDir]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colormaps, colormapSwatch, type Colormap } from '../../src/index.js';
import { writePng } from '../../src/node/writePng.js';
import { guideColormaps } from './guideColormaps.js';

/** Swatch size in pixels: 256 wide shows every table row once. */
export const SWATCH_WIDTH = 256;
export const SWATCH_HEIGHT = 16;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = process.argv[2] ?? join(root, 'docs', 'images', 'colormaps');

await tf.setBackend('cpu');
const maps: Array<[string, Colormap]> = [...Object.entries(colormaps), ...Object.entries(guideColormaps())];
for (const [file, cmap] of maps) {
  const strip = colormapSwatch(cmap, SWATCH_WIDTH, SWATCH_HEIGHT);
  const path = join(outDir, `${file}.png`);
  await writePng(path, strip);
  strip.dispose();
  console.log(`wrote ${relative(process.cwd(), path)}`);
}
if (tf.memory().numTensors !== 0) throw new Error(`renderSwatches left ${tf.memory().numTensors} tensors`);
