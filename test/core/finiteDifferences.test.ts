import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { layersSplitModel } from '../../src/core/layersSplitModel.js';
import { splitGradients } from '../../src/core/splitGradients.js';
import type { ContainerLike } from '../../src/core/layerGraph.js';
import { resolveLayer } from '../../src/core/layerGraph.js';
import { scoreSelector } from '../../src/core/selectScore.js';
import { randomInput, rng, zoo } from '../fixtures/models.js';

/**
 * ∂score/∂A checked against central finite differences on the current backend. The score is
 * evaluated by running the model with the target layer's output shifted by ε at one element:
 * nothing of the library's split machinery is involved in the differences.
 */
describe.each([
  ['dag', 'target'],
  ['dag', 'post'],
  ['nestedFunctional', 'fbase/fb_relu'],
  ['nestedSequential', 'base/b_relu1'],
] as const)('finite differences: %s at %s', (name, layerPath) => {
  it('the gradient matches (score(A+εe) − score(A−εe)) / 2ε', () => {
    const net = zoo[name]();
    const m = net.model as unknown as ContainerLike;
    const x = randomInput([2, ...net.inputShape], 21) as tf.Tensor4D;
    const entry = resolveLayer(m, layerPath, 'test');
    const classes = [1, 2];
    const select = scoreSelector({ classIndex: classes }, 2, [null, net.classes], 'test');
    const [G, shape] = layersSplitModel(m).withSplit(x, layerPath, { logits: true, fn: 'test' }, (split) => {
      const g = splitGradients(split, select, 'test');
      const data = g.gradients.dataSync();
      tf.dispose([g.gradients, g.score, g.classIndex]);
      return [data, split.activations.shape] as const;
    });
    const layer = entry.layer;
    const out = net.model.layers[net.model.layers.length - 1]!;
    const act = (out as unknown as { activation?: unknown }).activation;
    const r = rng(5);
    const n = shape.reduce((a, b) => a * b, 1);
    const eps = 1e-2;
    let checked = 0;
    for (let trial = 0; trial < 8; trial++) {
      const idx = Math.floor(r() * n);
      const scoreWith = (delta: number): number =>
        tf.tidy(() => {
          const e = tf.buffer(shape);
          e.values[idx] = delta;
          const shift = e.toTensor();
          const orig = layer.call;
          layer.call = (inputs, kwargs) => tf.add(orig.call(layer, inputs, kwargs) as tf.Tensor, shift);
          // Explain logits: strip the final softmax (an activation, or a Softmax layer).
          if (act) (out as unknown as { activation: unknown }).activation = { apply: (t: tf.Tensor) => t, getClassName: () => 'linear' };
          if (out.getClassName() === 'Softmax') out.call = (inputs) => (Array.isArray(inputs) ? inputs[0]! : inputs);
          try {
            const y = net.model.predict(x) as tf.Tensor2D;
            const rows = y.arraySync();
            return rows[0]![classes[0]!]! + rows[1]![classes[1]!]!;
          } finally {
            delete (layer as { call?: unknown }).call;
            delete (out as { call?: unknown }).call;
            if (act) (out as unknown as { activation: unknown }).activation = act;
          }
        });
      const fd = (scoreWith(eps) - scoreWith(-eps)) / (2 * eps);
      expect(Math.abs(fd - G[idx]!)).toBeLessThan(2e-3 + 1e-2 * Math.abs(G[idx]!));
      checked++;
    }
    expect(checked).toBe(8);
    x.dispose();
    net.model.dispose();
  });
});
