// Selects the tfjs backend named by TFJS_BACKEND (set per vitest project) before any test runs.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';

const wanted = process.env.TFJS_BACKEND ?? 'cpu';
const ok = await tf.setBackend(wanted);
if (!ok) throw new Error(`could not initialise the ${wanted} backend`);
await tf.ready();
