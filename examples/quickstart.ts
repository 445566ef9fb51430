// The README's quick start, kept runnable: npx tsx examples/quickstart.ts (writes out/star-gradcam.png).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';           // or -cpu, -webgl, -webgpu
import { gradCam, overlay } from 'tfjs-gradcam';
import { loadLayersModel, readImage, writePng } from 'tfjs-gradcam/node';

await tf.setBackend('wasm');
const model = await loadLayersModel('examples/model/model.json');
const image = await readImage('examples/images/star-1.png');           // int32 [H,W,3], 0..255
const input = tf.div(tf.cast(image, 'float32'), 255);                 // the model's preprocessing

const result = gradCam(model, input);                                 // last conv layer, arg-max class
console.log(result.layerName, (await result.classIndex.data())[0], (await result.score.data())[0]);

const blended = overlay(image, result.heatmap, { alpha: 0.5, colormap: 'jet' });   // int32 [1,H,W,3]
await writePng('out/star-gradcam.png', blended);
tf.dispose([image, input, blended]);
result.dispose();
