/**
 * A wasm `Conv2DBackpropFilter` kernel (the filter gradient of a 2-D convolution), which
 * @tensorflow/tfjs-backend-wasm 4.x does not ship, built from the backend's XNNPACK convolution.
 *
 * The filter gradient is itself a convolution. With the forward pass
 * `y[b,i,j,o] = Σ x[b, i·s + p - top, j·s + q - left, c] · w[p,q,c,o]`,
 * `dw[p,q,c,o] = Σ_{b,i,j} x[b, i·s + p - top, j·s + q - left, c] · dy[b,i,j,o]`, i.e. a stride-1
 * convolution of `xᵀ` (`[C, H, W, B]`: channels as batch, batch as channels) with the filter `dyᵀ`
 * (`[h, w, B, O]`) dilated by the forward stride `s`, on `x` padded by (top, left) and padded or
 * cropped at the bottom/right so the output is exactly `kh × kw`; the result `[C, kh, kw, O]` is
 * transposed to `[kh, kw, C, O]`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runWasmKernel } from './runWasmKernel.js';

type Info = tf.TensorInfo;

/**
 * Kernel function for `Conv2DBackpropFilter` on wasm (NHWC only). Register it with
 * `registerWasmConvGradients()`.
 *
 * @example
 * ```ts
 * tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: wasmConv2DBackpropFilter });
 * ```
 * @category Examples
 */
export const wasmConv2DBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as tf.KernelBackend;
  const { x, dy } = inputs as { x: Info; dy: Info };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter (wasm): dataFormat "${dataFormat}" is not supported; only NHWC is`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const [batch, inHeight, inWidth, inChannels] = x.shape as [number, number, number, number];
  const { filterHeight, filterWidth, strideHeight, strideWidth, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  // Rows needed so that a (outHeight-1)·stride + 1 tall dilated window yields filterHeight outputs.
  const bottom = filterHeight + (outHeight - 1) * strideHeight - inHeight - top;
  const right = filterWidth + (outWidth - 1) * strideWidth - inWidth - left;
  const temps: Info[] = [];
  try {
    let xs = x;
    if (bottom < 0 || right < 0) {
      xs = runWasmKernel('Slice', wasm, { x }, {
        begin: [0, 0, 0, 0],
        size: [batch, inHeight + Math.min(0, bottom), inWidth + Math.min(0, right), inChannels],
      });
      temps.push(xs);
    }
    const xT = runWasmKernel('Transpose', wasm, { x: xs }, { perm: [3, 1, 2, 0] });
    temps.push(xT);
    const dyT = runWasmKernel('Transpose', wasm, { x: dy }, { perm: [1, 2, 0, 3] });
    temps.push(dyT);
    const padding = [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]];
    const convolved = runWasmKernel('Conv2D', wasm, { x: xT, filter: dyT }, {
      strides: [1, 1],
      pad: padding as unknown as tf.NamedAttrMap[string],
      dataFormat: 'NHWC',
      dilations: [strideHeight, strideWidth],
      dimRoundingMode: null as unknown as string,
    });
    temps.push(convolved);
    return runWasmKernel('Transpose', wasm, { x: convolved }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) wasm.disposeData(t.dataId);
  }
};
