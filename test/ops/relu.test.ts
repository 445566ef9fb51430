import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { relu } from '../../src/ops/relu.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

describe('relu', () => {
  it('clamps negatives to zero for any rank, keeping shape and dtype', () => {
    const x1 = tf.tensor1d([-1.5, 0, 2.25]);
    const x3 = tf.tensor3d([-3, 4, -0.5, 7], [1, 2, 2]);
    const xi = tf.tensor2d([-2, 5], [1, 2], 'int32');
    const y1 = relu(x1);
    const y3: tf.Tensor3D = relu(x3);
    const yi = relu(xi);
    expect(Array.from(y1.dataSync())).toEqual([0, 0, 2.25]);
    expect(y3.shape).toEqual([1, 2, 2]);
    expect(Array.from(y3.dataSync())).toEqual([0, 4, 0, 7]);
    expect(yi.dtype).toBe('int32');
    expect(Array.from(yi.dataSync())).toEqual([0, 5]);
    tf.dispose([x1, x3, xi, y1, y3, yi]);
  });

  it('does not leak; rejects a non-tensor', () => {
    const x = tf.tensor1d([-1, 1]);
    expectNoLeak(() => relu(x));
    x.dispose();
    expectCamErrorNoLeak(() => relu([1, 2] as unknown as tf.Tensor), 'INVALID_INPUT', /relu\(\): x must be a tensor/);
  });
});
