import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs a registered wasm kernel directly on wasm-resident tensor infos (for composing kernels inside
 * another kernel). The caller owns the returned info and frees it with `backend.disposeData`.
 *
 * @example
 * ```ts
 * const t = runWasmKernel('Transpose', backend, { x }, { perm: [1, 0] });
 * backend.disposeData(t.dataId);
 * ```
 * @category Examples
 */
export function runWasmKernel(
  name: string,
  backend: tf.KernelBackend,
  inputs: Record<string, tf.TensorInfo>,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`runWasmKernel(): kernel ${name} is not registered for wasm`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}
