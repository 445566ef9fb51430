/**
 * A faster wasm `Conv2DBackpropInput` kernel (the input gradient of a 2-D convolution) built from the
 * backend's XNNPACK convolution; the stock wasm kernel is a direct loop, about 10× slower on the demo
 * model's layers.
 *
 * With the forward pass `y[b,i,j,o] = Σ x[b, i·s + p - top, j·s + q - left, c] · w[p,q,c,o]`,
 * `dx[b,y,x,c] = Σ u[b, y + top - p, x + left - q, o] · w[p,q,c,o]`, where `u` is `dy` with `s - 1`
 * zeros inserted after every row and column. That is a stride-1 convolution of `u`, padded by
 * `kh - 1 - top` (resp. `kw - 1 - left`) and padded or cropped at the far side so the output is
 * `H × W`, with the filter flipped in both spatial axes and its channel axes swapped (`[kh, kw, O, C]`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runWasmKernel } from './runWasmKernel.js';

type Info = tf.TensorInfo;

/**
 * Kernel function for `Conv2DBackpropInput` on wasm (NHWC only). Register it with
 * `registerWasmConvGradients()`.
 *
 * @example
 * ```ts
 * tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: wasmConv2DBackpropInput });
 * ```
 * @category Examples
 */
export const wasmConv2DBackpropInput: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as tf.KernelBackend;
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropInput (wasm): dataFormat "${dataFormat}" is not supported; only NHWC is`);
  }
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode);
  const [batch, inHeight, inWidth] = inputShape;
  const [, outHeight, outWidth, outChannels] = dy.shape as [number, number, number, number];
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const padTop = filterHeight - 1 - info.padInfo.top;
  const padLeft = filterWidth - 1 - info.padInfo.left;
  if (padTop < 0 || padLeft < 0) {
    throw new Error('Conv2DBackpropInput (wasm): padding larger than the filter is not supported');
  }
  const temps: Info[] = [];
  const keep = (t: Info): Info => {
    temps.push(t);
    return t;
  };
  try {
    let up = dy;
    if (strideHeight > 1 || strideWidth > 1) {
      // Insert stride-1 zeros after each row and column: [B,h,1,w,1,O] -> pad -> [B,h·s,w·s,O].
      const expanded = keep(runWasmKernel('Reshape', wasm, { x: dy }, { shape: [batch, outHeight, 1, outWidth, 1, outChannels] }));
      const padded = keep(runWasmKernel('PadV2', wasm, { x: expanded }, {
        paddings: [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0]],
        constantValue: 0,
      }));
      up = keep(runWasmKernel('Reshape', wasm, { x: padded }, {
        shape: [batch, outHeight * strideHeight, outWidth * strideWidth, outChannels],
      }));
    }
    const [, upHeight, upWidth] = up.shape as [number, number, number, number];
    const padBottom = inHeight + filterHeight - 1 - upHeight - padTop;
    const padRight = inWidth + filterWidth - 1 - upWidth - padLeft;
    if (padBottom < 0 || padRight < 0) {
      up = keep(runWasmKernel('Slice', wasm, { x: up }, {
        begin: [0, 0, 0, 0],
        size: [batch, upHeight + Math.min(0, padBottom), upWidth + Math.min(0, padRight), outChannels],
      }));
    }
    const flipped = keep(runWasmKernel('Reverse', wasm, { x: filter }, { dims: [0, 1] }));
    const swapped = keep(runWasmKernel('Transpose', wasm, { x: flipped }, { perm: [0, 1, 3, 2] }));
    const padding = [[0, 0], [padTop, Math.max(0, padBottom)], [padLeft, Math.max(0, padRight)], [0, 0]];
    return runWasmKernel('Conv2D', wasm, { x: up, filter: swapped }, {
      strides: [1, 1],
      pad: padding as unknown as tf.NamedAttrMap[string],
      dataFormat: 'NHWC',
      dilations: [1, 1],
      dimRoundingMode: null as unknown as string,
    });
  } finally {
    for (const t of temps) wasm.disposeData(t.dataId);
  }
};
