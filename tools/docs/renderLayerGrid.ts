// Renders the figure of docs/guides/choosing-a-layer.md with the library itself: the demo model on
// one sample image, Grad-CAM and LayerCAM overlays at four layers of its nested base. The grid is
// encoded by the library's PNG encoder and then re-encoded by sharp with a 256-colour palette
// (188 kB → about a third).
//   npx tsx tools/docs/renderLayerGrid.ts [out.png]     (default docs/images/layer-grid.png)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cam, overlay, preprocessImage, type CamMethodName } from '../../src/index.js';
import { loadLayersModel } from '../../src/node/loadLayersModel.js';
import { readImage } from '../../src/node/readImage.js';
import { encodePng } from '../../src/node/encodePng.js';
import sharp from 'sharp';
import { drawText } from '../../src/panel/drawText.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outPath = process.argv[2] ?? join(root, 'docs', 'images', 'layer-grid.png');

const IMAGE = 'examples/images/cross-2.png';
const LAYERS = ['base/base_relu2', 'base/base_relu3', 'base/base_relu4', 'base/base_relu5'];
const METHODS: Array<[CamMethodName, string]> = [
  ['grad-cam', 'Grad-CAM'],
  ['layer-cam', 'LayerCAM'],
];
const ZOOM = 2; // each 96×96 overlay drawn at 192×192 (nearest neighbour)
const GAP = 4;
const LABEL_W = 96; // row labels on the left
const HEADER_H = 32; // two lines of column labels on top
const TEXT = 1;
const BG = 24;

await tf.setBackend('cpu');
const model = await loadLayersModel(join(root, 'examples', 'model', 'model.json'));
const image = await readImage(join(root, IMAGE));
const input = preprocessImage(image, { size: [96, 96], mode: 'unit' });
const [h, w] = image.shape as [number, number, number];
const cell = { h: h * ZOOM, w: w * ZOOM };
const width = LABEL_W + LAYERS.length * (cell.w + GAP);
const height = HEADER_H + METHODS.length * (cell.h + GAP);
const data = new Int32Array(width * height * 3).fill(BG);
const raster = { width, height, data };

for (const [c, layer] of LAYERS.entries()) {
  const x0 = LABEL_W + c * (cell.w + GAP);
  drawText(raster, layer.replace('base/', ''), x0 + 4, 4, TEXT);
  for (const [r, [method, label]] of METHODS.entries()) {
    const result = cam(model, input, { method, layerName: layer });
    if (c === 0) drawText(raster, label, 6, HEADER_H + r * (cell.h + GAP) + cell.h / 2 - 4, TEXT);
    if (r === 0) {
      const [, mh, mw] = result.raw.shape;
      drawText(raster, `${mh}x${mw} map`, x0 + 4, 16, TEXT, [170, 170, 170]);
    }
    const blended = tf.tidy(() => {
      const o = overlay(image, tf.squeeze(result.heatmap, [0]) as tf.Tensor2D, { alpha: 0.5 });
      return tf.image.resizeNearestNeighbor(o, [cell.h, cell.w]);
    });
    const px = blended.dataSync();
    const y0 = HEADER_H + r * (cell.h + GAP);
    for (let y = 0; y < cell.h; y++) {
      for (let x = 0; x < cell.w; x++) {
        for (let k = 0; k < 3; k++) data[((y0 + y) * width + x0 + x) * 3 + k] = px[(y * cell.w + x) * 3 + k]!;
      }
    }
    blended.dispose();
    result.dispose();
  }
}
const grid = tf.tensor3d(data, [height, width, 3], 'int32');
const png = await encodePng(grid);
await sharp(png).png({ palette: true, effort: 10, compressionLevel: 9 }).toFile(outPath);
tf.dispose([grid, image, input]);
model.dispose();
if (tf.memory().numTensors !== 0) throw new Error(`renderLayerGrid left ${tf.memory().numTensors} tensors`);
console.log(`wrote ${relative(process.cwd(), outPath)} (${width}×${height})`);
