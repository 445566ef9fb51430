import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CamError, gradCam, listCandidateLayers } from '../../src/index.js';
import { nestedSequentialNet, randomInput, sequentialNet, type ZooModel } from '../fixtures/models.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';

describe('gradCam errors: clear CamErrors, no leaks, model untouched', () => {
  let net: ZooModel;
  let nested: ZooModel;
  let x: tf.Tensor;
  beforeAll(() => {
    net = sequentialNet();
    nested = nestedSequentialNet();
    x = randomInput([2, 8, 8, 3], 5);
  });
  afterAll(() => {
    net.model.dispose();
    nested.model.dispose();
    x.dispose();
  });

  it('unknown layer name lists the candidates', () => {
    const e = expectCamErrorNoLeak(() => gradCam(net.model, x, { layerName: 'conv9' }), 'LAYER_NOT_FOUND', /layerName "conv9" not found/);
    expect(e.message).toMatch(/c1 \[\?,8,8,4\].*c2_fused_relu.*c3 \[\?,4,4,5\]/);
    expect(e.name).toBe('CamError');
  });

  it('nested layers are listed with their path and found by name or path', () => {
    const xn = randomInput([1, 16, 16, 3], 1);
    const e = expectCamErrorNoLeak(() => gradCam(nested.model, xn, { layerName: 'nope' }), 'LAYER_NOT_FOUND', /base\/b_conv3/);
    xn.dispose();
    expect(e.message).toContain('base/b_dw2');
    expect(listCandidateLayers(nested.model).map((l) => l.path)).toEqual([
      'base/b_conv1', 'base/b_bn1', 'base/b_relu1', 'base/b_dw2', 'base/b_relu2', 'base/b_conv3', 'base', 'drop',
    ]);
    // The automatic choice skips the Dropout and stands the nested model for its output layer.
    expect(listCandidateLayers(nested.model).filter((l) => l.isDefault).map((l) => l.path)).toEqual(['base/b_conv3']);
  });

  it('a layer without a spatial output is refused with the candidates', () => {
    expectCamErrorNoLeak(() => gradCam(net.model, x, { layerName: 'gap' }), 'LAYER_NOT_SPATIAL', /layer "gap" has output shape \[\?,5\].*c3/);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { layerName: 'probs' }), 'LAYER_NOT_SPATIAL', /probs/);
  });

  it('a model without any 4-D layer', () => {
    const dense = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [4, 4, 1] }), tfl.layers.dense({ units: 2 })] });
    const xi = tf.zeros([1, 4, 4, 1]);
    expectCamErrorNoLeak(() => gradCam(dense, xi), 'NO_SPATIAL_LAYER', /no layer with a 4-D output/);
    xi.dispose();
    dense.dispose();
  });

  it('wrong input rank, channels, size, dtype, empty batch, disposed input', () => {
    const bad1 = tf.zeros([8, 8]);
    expectCamErrorNoLeak(() => gradCam(net.model, bad1), 'INVALID_INPUT', /rank 3 \[H,W,C\] or rank 4.*received shape \[8,8\]/);
    const bad2 = tf.zeros([1, 8, 8, 1]);
    expectCamErrorNoLeak(() => gradCam(net.model, bad2), 'INVALID_INPUT', /channels 1 vs 3/);
    const bad3 = tf.zeros([1, 9, 8, 3]);
    expectCamErrorNoLeak(() => gradCam(net.model, bad3), 'INVALID_INPUT', /height 9 vs 8.*resize/);
    const bad4 = tf.zeros([1, 8, 8, 3], 'bool');
    expectCamErrorNoLeak(() => gradCam(net.model, bad4), 'INVALID_INPUT', /dtype must be float32 or int32, received bool/);
    const bad5 = tf.zeros([0, 8, 8, 3]);
    expectCamErrorNoLeak(() => gradCam(net.model, bad5), 'INVALID_INPUT', /batch is empty/);
    const gone = tf.zeros([1, 8, 8, 3]);
    gone.dispose();
    expectCamErrorNoLeak(() => gradCam(net.model, gone), 'DISPOSED', /disposed/);
    expectCamErrorNoLeak(() => gradCam(net.model, [1, 2, 3] as unknown as tf.Tensor), 'INVALID_INPUT', /must be a tf.Tensor/);
    tf.dispose([bad1, bad2, bad3, bad4, bad5]);
  });

  it('NaN or Infinity in the input', () => {
    const nan = tf.fill([1, 8, 8, 3], NaN);
    expectCamErrorNoLeak(() => gradCam(net.model, nan), 'NON_FINITE_INPUT', /NaN or Infinity/);
    const inf = tf.fill([8, 8, 3], Infinity);
    expectCamErrorNoLeak(() => gradCam(net.model, inf), 'NON_FINITE_INPUT', /NaN or Infinity/);
    tf.dispose([nan, inf]);
  });

  it('class index out of range, fractional, negative, or not one per sample', () => {
    expectCamErrorNoLeak(() => gradCam(net.model, x, { classIndex: 4 }), 'INVALID_CLASS', /classIndex 4 is out of range; allowed: integers from 0 to 3/);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { classIndex: -1 }), 'INVALID_CLASS', /-1/);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { classIndex: 1.5 }), 'INVALID_CLASS', /1.5/);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { classIndex: [0, 1, 2] }), 'INVALID_CLASS', /3 entries but the batch has 2/);
  });

  it('bad options and non-models', () => {
    expectCamErrorNoLeak(() => gradCam(net.model, x, { resize: [0, 3] }), 'INVALID_OPTION', /resize/);
    expectCamErrorNoLeak(() => gradCam(net.model, x, { logits: 'yes' as unknown as boolean }), 'INVALID_OPTION', /logits must be true or false/);
    expectCamErrorNoLeak(() => gradCam({} as unknown as tfl.LayersModel, x), 'INVALID_MODEL', /tfjs-layers LayersModel/);
    expectCamErrorNoLeak(() => gradCam(null as unknown as tfl.LayersModel, x), 'INVALID_MODEL', /received null/);
  });

  it('a custom target of the wrong shape', () => {
    expectCamErrorNoLeak(
      () => gradCam(net.model, x, { target: (out) => tf.sum(out) as unknown as tf.Tensor1D }),
      'INVALID_TARGET',
      /one score per sample \[2\], returned shape \[\]/,
    );
  });

  it('a method error mid-way restores every layer and frees the gradient tape', () => {
    const before = tf.memory().numTensors;
    try {
      gradCam(net.model, x, { target: () => { throw new Error('boom'); } });
    } catch (e) {
      expect((e as Error).message).toBe('boom');
      expect(e).not.toBeInstanceOf(CamError);
    }
    expect(tf.memory().numTensors).toBe(before);
    for (const layer of net.model.layers) expect(Object.prototype.hasOwnProperty.call(layer, 'call')).toBe(false);
    const r = gradCam(net.model, x);
    expect(r.heatmap.shape).toEqual([2, 8, 8]);
    r.dispose();
  });

  it('Tensor3D and int32 inputs are accepted and the input is not disposed', () => {
    const img = tf.cast(tf.mul(randomInput([8, 8, 3], 9), 255), 'int32');
    const before = tf.memory().numTensors;
    const r = gradCam(net.model, img);
    expect(r.heatmap.shape).toEqual([1, 8, 8]);
    expect(tf.memory().numTensors - before).toBe(4);
    r.dispose();
    expect(img.isDisposed).toBe(false);
    img.dispose();
  });

  it('resize option: false keeps the layer resolution, [H,W] resizes to it', () => {
    const a = gradCam(net.model, x, { resize: false });
    expect(a.heatmap.shape).toEqual([2, 4, 4]);
    const b = gradCam(net.model, x, { resize: [16, 12] });
    expect(b.heatmap.shape).toEqual([2, 16, 12]);
    const hb = b.heatmap.dataSync();
    expect(Math.max(...hb)).toBeLessThanOrEqual(1);
    expect(Math.min(...hb)).toBeGreaterThanOrEqual(0);
    a.dispose();
    b.dispose();
  });

  it('a layer applied twice in one forward pass (shared) is refused', () => {
    const input = tfl.input({ shape: [8, 8, 3] });
    const shared = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'shared' });
    const once = shared.apply(input) as tfl.SymbolicTensor;
    const twice = shared.apply(once) as tfl.SymbolicTensor;
    const gap = tfl.layers.globalAveragePooling2d({}).apply(twice) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2 }).apply(gap) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    const xi = randomInput([1, 8, 8, 3], 3);
    expectCamErrorNoLeak(() => gradCam(model, xi, { layerName: 'shared' }), 'LAYER_SHARED', /called more than once/);
    for (const layer of model.layers) expect(Object.prototype.hasOwnProperty.call(layer, 'call')).toBe(false);
    xi.dispose();
    model.dispose();
  });
});
