/**
 * The demo: explains the bundled shapes model on the bundled sample images and writes, for each,
 * a panel image | Grad-CAM heatmap | overlay (with the object's ground-truth box drawn in white and
 * the predicted class, its logit, the method and the layer written below).
 *
 *   npm run demo                 # writes out/demo/*.png
 *   npm run demo -- my/folder    # writes there instead
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { gradCam, pointingGame } from 'tfjs-gradcam';
import { loadLayersModel, readImage, savePanel } from 'tfjs-gradcam/node';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Sample {
  file: string;
  className: string;
  classIndex: number;
  /** [x0, y0, x1, y1], end-exclusive pixel bounds of the object. */
  box: [number, number, number, number];
}

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? 'out/demo');
const SCALE = 3; // panels are upscaled (nearest) so the 96×96 images are easy to see

async function main(): Promise<void> {
  const backend = (await tf.setBackend('wasm')) ? 'wasm' : (await tf.setBackend('cpu'), 'cpu');
  await tf.ready();
  const model = await loadLayersModel(join(here, 'model', 'model.json'));
  const index = JSON.parse(await readFile(join(here, 'images', 'samples.json'), 'utf8')) as { classes: string[]; samples: Sample[] };
  const { classes: classNames, samples } = index;

  const images = await Promise.all(samples.map((s) => readImage(join(here, 'images', s.file))));
  const batch = tf.tidy(() => tf.div(tf.cast(tf.stack(images), 'float32'), 255)) as tf.Tensor4D;

  const started = performance.now();
  const result = gradCam(model, batch); // default layer, arg-max class, logits
  const classes = await result.classIndex.data();
  const scores = await result.score.data();
  const ms = performance.now() - started;
  const probs = tf.tidy(() => (model.predict(batch) as tf.Tensor2D).arraySync());

  console.log(`tfjs-gradcam demo — backend ${backend}, layer "${result.layerName}", ${samples.length} images in one batch, ${ms.toFixed(0)} ms\n`);
  console.log('image            true      predicted  p      logit   peak in box  written to');
  let correct = 0;
  // Pointing game: is each heatmap's maximum inside the object's ground-truth box?
  const pointing = await pointingGame(result.heatmap, samples.map((s) => s.box));
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const predicted = classes[i]!;
    const inBox = pointing.hits[i]!;
    correct += predicted === s.classIndex ? 1 : 0;

    const outPath = join(outDir, s.file.replace(/\.png$/, '-gradcam.png'));
    await savePanel(outPath, images[i]!, result, { sampleIndex: i, labels: classNames, box: s.box, scale: SCALE });
    console.log(
      `${s.file.padEnd(16)} ${s.className.padEnd(9)} ${classNames[predicted]!.padEnd(10)} ${probs[i]![predicted]!.toFixed(3)}  ${scores[i]!.toFixed(2).padStart(6)}  ${(inBox ? 'yes' : 'no').padEnd(11)}  ${relative(process.cwd(), outPath)}`,
    );
  }
  console.log(`\n${correct}/${samples.length} classified correctly; heatmap peak inside the object's box for ${pointing.hits.filter(Boolean).length}/${samples.length}.`);
  console.log(`Panels (image | heatmap | overlay, box in white, caption below) are in ${relative(process.cwd(), outDir) || '.'}/`);

  result.dispose();
  tf.dispose([batch, ...images]);
  model.dispose();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
