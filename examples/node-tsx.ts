/**
 * Grad-CAM in a Node script run by tsx: load the demo model, explain one image, write a panel
 * (image | heatmap | overlay, with the class and score written below) and an overlay.
 *
 *   npx tsx examples/node-tsx.ts                                   # star-1.png into out/node-tsx/
 *   npx tsx examples/node-tsx.ts examples/images/ring-2.png my/folder
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { cam, preprocessImage } from 'tfjs-gradcam';
import { loadLayersModel, readImage, saveOverlay, savePanel } from 'tfjs-gradcam/node';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const imagePath = process.argv[2] ?? join(here, 'images', 'star-1.png');
const outDir = process.argv[3] ?? join('out', 'node-tsx');

await tf.setBackend('wasm');
const model = await loadLayersModel(join(here, 'model', 'model.json'));
// The demo model keeps its class names in model.json (userDefinedMetadata.output.classes).
const metadata = model.getUserDefinedMetadata() as { output?: { classes?: string[] } } | undefined;
const labels = metadata?.output?.classes;

const image = await readImage(imagePath);                                      // int32 [H, W, 3], 0..255
const [height, width] = model.inputs[0]!.shape.slice(1, 3) as [number, number];
const input = preprocessImage(image, { size: [height, width], mode: 'unit' }); // float32 [1, 96, 96, 3] in [0, 1]

const result = cam(model, input, { method: 'grad-cam' });                      // automatic layer, top class
const classIndex = (await result.classIndex.data())[0]!;
const score = (await result.score.data())[0]!;

const name = basename(imagePath, extname(imagePath));
const panelPath = join(outDir, `${name}-panel.png`);
const overlayPath = join(outDir, `${name}-overlay.png`);
await savePanel(panelPath, image, result, { labels, scale: 3 });               // 3 × 96 = 288 pixels tall
await saveOverlay(overlayPath, image, result.heatmap, { alpha: 0.5, colormap: 'jet' });

console.log(`${basename(imagePath)}: ${labels?.[classIndex] ?? `class ${classIndex}`} (class ${classIndex}), logit ${score.toFixed(3)}, layer ${result.layerName}`);
console.log(`wrote ${panelPath} and ${overlayPath}`);

result.dispose();
tf.dispose([image, input]);
model.dispose();
