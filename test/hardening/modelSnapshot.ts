// Snapshots of everything an explanation could change on a tfjs-layers model, for the patch-safety tests.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';

interface LayerView {
  name: string;
  layers?: LayerView[];
  call: unknown;
  apply: unknown;
  activation?: unknown;
  weights: Array<{ read(): tf.Tensor }>;
}

interface LayerState {
  layer: LayerView;
  /** Every own property (string and symbol keys) with its value or accessor functions. */
  own: Map<PropertyKey, unknown[]>;
  call: unknown;
  apply: unknown;
  activation: unknown;
  /** The variables' tensors and their values. */
  variables: Array<{ tensor: tf.Tensor; values: Float32Array | Int32Array | Uint8Array }>;
}

/** What a model looks like from outside: every layer's state and `predict(x)`. */
export interface ModelSnapshot {
  layers: LayerState[];
  predicted: Float32Array;
}

/** Every layer of `model`, nested models and their layers included, each once. */
export function allLayers(model: tfl.LayersModel): LayerView[] {
  const out: LayerView[] = [];
  const seen = new Set<LayerView>();
  const visit = (l: LayerView) => {
    if (seen.has(l)) return;
    seen.add(l);
    out.push(l);
    for (const inner of l.layers ?? []) visit(inner);
  };
  visit(model as unknown as LayerView);
  return out;
}

function ownProperties(o: object): Map<PropertyKey, unknown[]> {
  const m = new Map<PropertyKey, unknown[]>();
  for (const key of Reflect.ownKeys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key)!;
    m.set(key, 'value' in d ? [d.value] : [d.get, d.set]);
  }
  return m;
}

/** Takes the snapshot (reads `predict(x)`, disposing what it makes). */
export function snapshotModel(model: tfl.LayersModel, x: tf.Tensor): ModelSnapshot {
  const layers = allLayers(model).map((layer) => ({
    layer,
    own: ownProperties(layer),
    call: layer.call,
    apply: layer.apply,
    activation: layer.activation,
    variables: layer.weights.map((w) => {
      const tensor = w.read();
      return { tensor, values: tensor.dataSync().slice() };
    }),
  }));
  const predicted = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync().slice() as Float32Array);
  return { layers, predicted };
}

/** Asserts that `model` is exactly as in `before`: own properties, methods, activations, weights, predictions. */
export function expectModelUnchanged(model: tfl.LayersModel, x: tf.Tensor, before: ModelSnapshot): void {
  const after = snapshotModel(model, x);
  expect(after.layers.map((s) => s.layer)).toEqual(before.layers.map((s) => s.layer));
  before.layers.forEach((b, i) => {
    const a = after.layers[i]!;
    const where = `layer "${b.layer.name}"`;
    expect([...a.own.keys()], `${where}: own properties`).toEqual([...b.own.keys()]);
    for (const [key, values] of b.own) {
      const now = a.own.get(key)!;
      values.forEach((v, j) => expect(Object.is(now[j], v), `${where}: own property ${String(key)} replaced`).toBe(true));
    }
    expect(a.call === b.call, `${where}: call`).toBe(true);
    expect(a.apply === b.apply, `${where}: apply`).toBe(true);
    expect(a.activation === b.activation, `${where}: activation`).toBe(true);
    expect(a.variables.length).toBe(b.variables.length);
    b.variables.forEach((v, j) => {
      expect(a.variables[j]!.tensor === v.tensor, `${where}: weight ${j} replaced`).toBe(true);
      expect(v.tensor.isDisposed, `${where}: weight ${j} disposed`).toBe(false);
      expect(a.variables[j]!.values).toEqual(v.values);
    });
  });
  expect(after.predicted).toEqual(before.predicted);
}
