// The wasm conv-gradient kernels used to train the demo model must agree with the cpu backend's
// kernels (independent direct-loop implementations) for every stride/padding case.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/mulberry32.js';
import { registerWasmConvGradients } from '../../examples/shapes/registerWasmConvGradients.js';
import { wasmConv2DBackpropFilter } from '../../examples/shapes/wasmConv2DBackpropFilter.js';
import { wasmConv2DBackpropInput } from '../../examples/shapes/wasmConv2DBackpropInput.js';

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

const CASES: Case[] = [
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same' },
  { x: [1, 10, 10, 2], filter: [3, 3, 2, 5], strides: [2, 2], pad: 'same' },
  { x: [3, 10, 7, 2], filter: [3, 3, 2, 3], strides: [2, 2], pad: 'valid' },
  { x: [2, 11, 8, 4], filter: [5, 3, 4, 2], strides: [2, 1], pad: 'same' },
  { x: [2, 12, 12, 3], filter: [1, 1, 3, 6], strides: [3, 3], pad: 'valid' },
  { x: [1, 13, 13, 1], filter: [4, 4, 1, 2], strides: [3, 3], pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 2], strides: [1, 1], pad: 'valid' },
];

function randomValues(shape: number[], seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1);
}

/** Runs one kernel on the named backend; reports its values and how many buffers it left behind. */
async function runOn(backend: string, kernel: string, inputs: Record<string, [Float32Array, number[]]>, attrs: object) {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([k, [v, s]]) => [k, tf.tensor(v, s)]));
    const before = tf.engine().backend.numDataIds();
    const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
    const created = tf.engine().backend.numDataIds() - before;
    const values = await out.data();
    const shape = out.shape;
    tf.dispose([out, ...Object.values(tensors)]);
    return { values, shape, created };
  } finally {
    await tf.setBackend(previous);
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { maxAbs: number; maxDiff: number } {
  let maxAbs = 0;
  let maxDiff = 0;
  for (let k = 0; k < a.length; k++) {
    maxAbs = Math.max(maxAbs, Math.abs(a[k]!));
    maxDiff = Math.max(maxDiff, Math.abs(a[k]! - b[k]!));
  }
  return { maxAbs, maxDiff };
}

describe('registerWasmConvGradients', () => {
  let restore: () => void = () => {};
  const stockInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  beforeAll(() => {
    restore = registerWasmConvGradients();
  });
  afterAll(() => restore());

  it('installs both kernels and restores the previous registrations', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc).toBe(wasmConv2DBackpropFilter);
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(wasmConv2DBackpropInput);
    const again = registerWasmConvGradients();
    again();
    // Restoring the second registration brings back the first one.
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc).toBe(wasmConv2DBackpropInput);
    expect(stockInput).toBeDefined();
    expect(stockInput?.kernelFunc).not.toBe(wasmConv2DBackpropInput);
  });

  it.each(CASES.map((c, i) => [i, c] as const))('case %i: filter and input gradients match the cpu kernels', async (i, c) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
    const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
    const x = randomValues(c.x, 100 + i);
    const w = randomValues(c.filter, 300 + i);
    const dy = randomValues(dyShape, 200 + i);
    const common = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };

    const filterAttrs = { ...common, filterShape: c.filter };
    const filterInputs = { x: [x, c.x], dy: [dy, dyShape] } as Record<string, [Float32Array, number[]]>;
    const cpuDw = await runOn('cpu', 'Conv2DBackpropFilter', filterInputs, filterAttrs);
    const wasmDw = await runOn('wasm', 'Conv2DBackpropFilter', filterInputs, filterAttrs);
    expect(cpuDw.shape).toEqual(c.filter);
    expect(wasmDw.shape).toEqual(c.filter);
    expect(wasmDw.created).toBe(1); // only the result: every intermediate was freed
    const dw = maxAbsDiff(cpuDw.values, wasmDw.values);
    expect(dw.maxAbs).toBeGreaterThan(0.5);
    expect(dw.maxDiff).toBeLessThan(1e-4);

    const inputAttrs = { ...common, inputShape: c.x };
    const inputInputs = { dy: [dy, dyShape], filter: [w, c.filter] } as Record<string, [Float32Array, number[]]>;
    const cpuDx = await runOn('cpu', 'Conv2DBackpropInput', inputInputs, inputAttrs);
    const wasmDx = await runOn('wasm', 'Conv2DBackpropInput', inputInputs, inputAttrs);
    expect(cpuDx.shape).toEqual(c.x);
    expect(wasmDx.shape).toEqual(c.x);
    expect(wasmDx.created).toBe(1);
    const dx = maxAbsDiff(cpuDx.values, wasmDx.values);
    expect(dx.maxAbs).toBeGreaterThan(0.5);
    expect(dx.maxDiff).toBeLessThan(1e-4);
  });
});
