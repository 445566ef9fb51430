/**
 * tfjs-gradcam under Deno: explains the demo model on the 12 sample images with one CAM method and
 * writes an overlay PNG per image, reporting whether each heatmap's peak lies on the object.
 *
 *   npm run build        # once: examples/deno.json maps 'tfjs-gradcam' to dist/ and uses node_modules
 *   npx deno run --allow-read --allow-write=out examples/deno.ts [method] [outDir]
 *
 * Outside this repository, install the packages next to the script (npm install tfjs-gradcam
 * @tensorflow/tfjs-core @tensorflow/tfjs-layers @tensorflow/tfjs-backend-wasm) and run it with
 * --node-modules-dir=manual, or write the imports as npm: specifiers.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { cam, camMethodNames, overlay, pointingGame, type CamMethodName } from 'tfjs-gradcam';
import { loadLayersModel, readImage, writePng } from 'tfjs-gradcam/node';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Sample {
  file: string;
  className: string;
  classIndex: number;
  box: [number, number, number, number];
}

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const method = (Deno.args[0] ?? 'grad-cam') as CamMethodName;
if (!camMethodNames.includes(method)) {
  console.error(`Unknown method "${method}"; one of: ${camMethodNames.join(', ')}.`);
  Deno.exit(2);
}
const outDir = Deno.args[1] ?? 'out/deno';

await tf.setBackend('wasm');
const model = await loadLayersModel(here('./model/model.json'));
const { classes, samples } = JSON.parse(await Deno.readTextFile(here('./images/samples.json'))) as { classes: string[]; samples: Sample[] };
const images = await Promise.all(samples.map((s) => readImage(here(`./images/${s.file}`))));
const batch = tf.tidy(() => tf.div(tf.cast(tf.stack(images), 'float32'), 255)) as tf.Tensor4D; // the model's preprocessing

const started = performance.now();
const result = cam(model, batch, { method });
const predicted = await result.classIndex.data();
const ms = performance.now() - started;
const pointing = await pointingGame(result.heatmap, samples.map((s) => s.box)); // is each map's peak on the object?

console.log(`${method} on ${tf.getBackend()} under Deno ${Deno.version.deno}, layer ${result.layerName}, ${samples.length} images in ${ms.toFixed(0)} ms`);
for (let i = 0; i < samples.length; i++) {
  const s = samples[i]!;
  const inBox = pointing.hits[i]!;
  const path = join(outDir, s.file.replace(/\.png$/, `-${method}.png`));
  const blended = tf.tidy(() => overlay(images[i]!, tf.squeeze(tf.slice(result.heatmap, [i, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D));
  await writePng(path, blended);
  blended.dispose();
  console.log(`${s.file.padEnd(16)} ${s.className.padEnd(9)} predicted ${classes[predicted[i]!]!.padEnd(9)} peak in box: ${inBox ? 'yes' : 'no '}  ${path}`);
}
console.log(`Heatmap peak inside the object's box for ${pointing.hits.filter(Boolean).length}/${samples.length} images.`);

result.dispose();
tf.dispose([batch, ...images]);
model.dispose();
