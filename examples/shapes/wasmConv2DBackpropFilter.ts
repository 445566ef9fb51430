/**
 * A wasm implementation of the `Conv2DBackpropFilter` kernel (the filter gradient of a 2-D
 * convolution), which @tensorflow/tfjs-backend-wasm 4.x does not ship. Training conv layers needs it;
 * the demo model's training script registers it so training runs on wasm (XNNPACK) instead of the
 * much slower pure-JS cpu backend. The library itself never needs it.
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

type Info = tf.TensorInfo;

/** Runs another registered wasm kernel on wasm-resident tensor infos. */
function runWasm(name: string, backend: tf.KernelBackend, inputs: Record<string, Info>, attrs: tf.NamedAttrMap): Info {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`Conv2DBackpropFilter (wasm): kernel ${name} is not registered`);
  return kernel.kernelFunc({ inputs, backend, attrs }) as Info;
}

const conv2DBackpropFilterWasm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
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
      xs = runWasm('Slice', wasm, { x }, {
        begin: [0, 0, 0, 0],
        size: [batch, inHeight + Math.min(0, bottom), inWidth + Math.min(0, right), inChannels],
      });
      temps.push(xs);
    }
    const xT = runWasm('Transpose', wasm, { x: xs }, { perm: [3, 1, 2, 0] });
    temps.push(xT);
    const dyT = runWasm('Transpose', wasm, { x: dy }, { perm: [1, 2, 0, 3] });
    temps.push(dyT);
    const padding = [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]];
    const convolved = runWasm('Conv2D', wasm, { x: xT, filter: dyT }, {
      strides: [1, 1],
      pad: padding as unknown as tf.NamedAttrMap[string],
      dataFormat: 'NHWC',
      dilations: [strideHeight, strideWidth],
      dimRoundingMode: null as unknown as string,
    });
    temps.push(convolved);
    return runWasm('Transpose', wasm, { x: convolved }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) wasm.disposeData(t.dataId);
  }
};

/**
 * Registers the wasm `Conv2DBackpropFilter` kernel (a no-op when one is already registered), so that
 * conv layers can be trained on the wasm backend.
 *
 * @returns true when this call registered it, false when a kernel was already there.
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * registerWasmConv2DBackpropFilter();
 * await tf.setBackend('wasm');
 * await model.fit(xs, ys); // conv filter gradients now run on wasm
 * ```
 * @category Examples
 */
export function registerWasmConv2DBackpropFilter(): boolean {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return false;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm });
  return true;
}
