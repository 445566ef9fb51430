import * as tf from '@tensorflow/tfjs-core';
import { wasmConv2DBackpropFilter } from './wasmConv2DBackpropFilter.js';
import { wasmConv2DBackpropInput } from './wasmConv2DBackpropInput.js';

/**
 * Makes conv layers trainable, and fast to train, on the wasm backend: registers an XNNPACK-based
 * `Conv2DBackpropFilter` (missing from @tensorflow/tfjs-backend-wasm 4.x) and replaces the stock
 * `Conv2DBackpropInput` (a direct loop) with an XNNPACK-based one. Used by the demo model's training
 * script; the library does not need it.
 *
 * @returns a function that restores the previous kernel registrations.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * const restore = registerWasmConvGradients();
 * await tf.setBackend('wasm');
 * await model.fit(xs, ys);
 * restore();
 * ```
 * @category Examples
 */
export function registerWasmConvGradients(): () => void {
  const replaced = [
    { kernelName: 'Conv2DBackpropFilter', kernelFunc: wasmConv2DBackpropFilter },
    { kernelName: 'Conv2DBackpropInput', kernelFunc: wasmConv2DBackpropInput },
  ].map(({ kernelName, kernelFunc }) => {
    const previous = tf.getKernel(kernelName, 'wasm');
    if (previous !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    return { kernelName, previous };
  });
  return () => {
    for (const { kernelName, previous } of replaced) {
      tf.unregisterKernel(kernelName, 'wasm');
      if (previous !== undefined) tf.registerKernel(previous);
    }
  };
}
