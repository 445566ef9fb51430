// The wasm Conv2DBackpropFilter kernel used to train the demo model must agree with the cpu
// backend's own kernel (an independent, direct-loop implementation) for every stride/padding case.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../examples/shapes/mulberry32.js';
import { registerWasmConv2DBackpropFilter } from '../../examples/shapes/registerWasmConv2DBackpropFilter.js';

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
];

function randomValues(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => rand() * 2 - 1);
}

async function filterGradient(backend: string, c: Case, xs: Float32Array, dys: Float32Array, dyShape: number[]) {
  const previous = tf.getBackend();
  await tf.setBackend(backend);
  try {
    const x = tf.tensor4d(xs, c.x);
    const dy = tf.tensor(dys, dyShape);
    const before = tf.engine().backend.numDataIds();
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
      strides: c.strides,
      pad: c.pad,
      dataFormat: 'NHWC',
      dimRoundingMode: undefined as unknown as string,
      filterShape: c.filter,
    }) as tf.Tensor;
    const created = tf.engine().backend.numDataIds() - before;
    const values = await dw.data();
    const shape = dw.shape;
    tf.dispose([x, dy, dw]);
    return { values, shape, created };
  } finally {
    await tf.setBackend(previous);
  }
}

describe('registerWasmConv2DBackpropFilter', () => {
  let registered = false;
  beforeAll(() => {
    registered = registerWasmConv2DBackpropFilter();
  });
  afterAll(() => {
    if (registered) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  });

  it('registers once and is a no-op afterwards', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(registerWasmConv2DBackpropFilter()).toBe(false);
  });

  it.each(CASES.map((c, i) => [i, c] as const))('case %i matches the cpu kernel', async (i, c) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
    const dyShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
    const xs = randomValues(c.x.reduce((a, b) => a * b), 100 + i);
    const dys = randomValues(dyShape.reduce((a, b) => a * b), 200 + i);
    const cpu = await filterGradient('cpu', c, xs, dys, dyShape);
    const wasm = await filterGradient('wasm', c, xs, dys, dyShape);
    expect(wasm.shape).toEqual(c.filter);
    expect(cpu.shape).toEqual(c.filter);
    // Only the returned tensor is left on the wasm backend: the intermediates are freed.
    expect(wasm.created).toBe(1);
    let maxAbs = 0;
    let maxDiff = 0;
    for (let k = 0; k < cpu.values.length; k++) {
      maxAbs = Math.max(maxAbs, Math.abs(cpu.values[k]!));
      maxDiff = Math.max(maxDiff, Math.abs(cpu.values[k]! - wasm.values[k]!));
    }
    expect(maxAbs).toBeGreaterThan(0.5);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});
