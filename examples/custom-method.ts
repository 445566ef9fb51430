// A CAM method of your own, without touching the library: npx tsx examples/custom-method.ts
// "Grad-CAM with the spatial maximum of the positive gradients" is its weighting rule, nothing more;
// layers, classes, logits, batches, ReLU, normalisation, resizing and smoothing come from the pipeline.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { cam, defineCamMethod, overlay } from 'tfjs-gradcam';
import { loadLayersModel, readImage, writePng } from 'tfjs-gradcam/node';

export const maxGradCam = defineCamMethod({
  name: 'max-grad-cam',
  needsGradients: true,
  // [B,h,w,K] gradients → [B,1,1,K] channel weights.
  weights: (ctx) => tf.max(tf.relu(ctx.gradients), [1, 2], true) as tf.Tensor4D,
});

await tf.setBackend('wasm');
const model = await loadLayersModel('examples/model/model.json');
const image = await readImage('examples/images/cross-1.png');
const input = tf.div(tf.cast(image, 'float32'), 255);

const mine = cam(model, input, { method: maxGradCam });
const reference = cam(model, input, { method: 'grad-cam' });
const [a, b] = [mine.heatmap.dataSync(), reference.heatmap.dataSync()];
let dot = 0, na = 0, nb = 0;
for (let i = 0; i < a.length; i++) { dot += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; }
console.log(`${mine.method} on ${mine.layerName}, class ${mine.classIndex.dataSync()[0]}: cosine similarity to Grad-CAM ${(dot / Math.sqrt(na * nb)).toFixed(3)}`);

const blended = overlay(image, mine.heatmap, { alpha: 0.5, colormap: 'turbo' });
await writePng('out/cross-max-grad-cam.png', blended);
console.log('wrote out/cross-max-grad-cam.png');
tf.dispose([image, input, blended]);
mine.dispose();
reference.dispose();
model.dispose();
