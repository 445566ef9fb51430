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
import { cam, camMethodNames, overlay, type CamMethodName } from 'tfjs-gradcam';
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
const heat = (await result.heatmap.array()) as number[][][];

console.log(`${method} on ${tf.getBackend()} under Deno ${Deno.version.deno}, layer ${result.layerName}, ${samples.length} images in ${ms.toFixed(0)} ms`);
let hits = 0;
for (let i = 0; i < samples.length; i++) {
  const s = samples[i]!;
  let best = -1;
  let at = [0, 0];
  heat[i]!.forEach((row, y) => row.forEach((v, x) => v > best && ((best = v), (at = [x, y]))));
  const [x0, y0, x1, y1] = s.box;
  const inBox = at[0]! >= x0 && at[0]! < x1 && at[1]! >= y0 && at[1]! < y1;
  hits += inBox ? 1 : 0;
  const path = join(outDir, s.file.replace(/\.png$/, `-${method}.png`));
  const blended = tf.tidy(() => overlay(images[i]!, tf.squeeze(tf.slice(result.heatmap, [i, 0, 0], [1, -1, -1]), [0]) as tf.Tensor2D));
  await writePng(path, blended);
  blended.dispose();
  console.log(`${s.file.padEnd(16)} ${s.className.padEnd(9)} predicted ${classes[predicted[i]!]!.padEnd(9)} peak in box: ${inBox ? 'yes' : 'no '}  ${path}`);
}
console.log(`Heatmap peak inside the object's box for ${hits}/${samples.length} images.`);

result.dispose();
tf.dispose([batch, ...images]);
model.dispose();
