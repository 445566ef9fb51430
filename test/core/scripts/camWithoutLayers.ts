// Run by test/core/gradientsNotRegistered.test.ts in a fresh process: tfjs-core alone, no tfjs-layers.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cam, CamError } from '../../../src/index.js';

await tf.setBackend('cpu');
const model = {
  name: 'features',
  features: (x: tf.Tensor4D) => tf.relu(x) as tf.Tensor4D,
  head: (a: tf.Tensor4D) => tf.mean(a, [1, 2]) as tf.Tensor2D,
};
const x = tf.ones([1, 4, 4, 3]) as tf.Tensor4D;
const before = tf.memory().numTensors;
try {
  cam(model, x, { classIndex: 0 });
  console.log('no error');
} catch (e) {
  console.log(JSON.stringify({ code: e instanceof CamError ? e.code : String(e), message: (e as Error).message, leaked: tf.memory().numTensors - before }));
}
