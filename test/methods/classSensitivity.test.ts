// Sanity on the trained demo model: for an image with two objects of different classes the model
// tells apart, every class-discriminative method puts each class's heat on its own object, and the
// two maps differ; Eigen-CAM is class-agnostic by construction and gives one map for both.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cam, camMethodNames, type CamMethodName } from '../../src/index.js';
import { loadLayersModel, readImage } from '../../src/node/index.js';

const SIZE = 96;
let model: LayersModel;
let input: tf.Tensor4D;
// Left half: the star of star-1.png; right half: the ring of ring-1.png (each object's box).
let boxes: Record<'star' | 'ring', [number, number, number, number]>;

beforeAll(async () => {
  model = await loadLayersModel('examples/model/model.json');
  const samples = JSON.parse(await (await import('node:fs/promises')).readFile('examples/images/samples.json', 'utf8')) as {
    samples: Array<{ file: string; box: [number, number, number, number] }>;
  };
  const box = (file: string) => samples.samples.find((s) => s.file === file)!.box;
  const star = await readImage('examples/images/star-1.png');
  const ring = await readImage('examples/images/ring-1.png');
  // A two-object image: a 48-pixel-wide crop around each object, side by side.
  const crop = (img: tf.Tensor3D, b: [number, number, number, number]) => {
    const cx = Math.round((b[0] + b[2]) / 2);
    const x0 = Math.min(Math.max(cx - 24, 0), SIZE - 48);
    return { t: tf.slice(img, [0, x0, 0], [SIZE, 48, 3]), x0 };
  };
  const s = crop(star, box('star-1.png'));
  const r = crop(ring, box('ring-1.png'));
  const sb = box('star-1.png');
  const rb = box('ring-1.png');
  boxes = { star: [sb[0] - s.x0, sb[1], sb[2] - s.x0, sb[3]], ring: [rb[0] - r.x0 + 48, rb[1], rb[2] - r.x0 + 48, rb[3]] };
  input = tf.tidy(() => tf.expandDims(tf.div(tf.cast(tf.concat([s.t, r.t], 1), 'float32'), 255), 0)) as tf.Tensor4D;
  tf.dispose([star, ring, s.t, r.t]);
});
afterAll(() => {
  input.dispose();
  model.dispose();
});

const STAR = 3;
const RING = 5;

/** Share of the map's total heat inside a box. */
function energyIn(map: Float32Array, box: [number, number, number, number]): number {
  let inside = 0;
  let total = 0;
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) {
    const v = map[y * SIZE + x]!;
    total += v;
    if (x >= box[0] && x < box[2] && y >= box[1] && y < box[3]) inside += v;
  }
  return inside / Math.max(total, 1e-12);
}

describe('maps for two classes differ where the model distinguishes them', () => {
  it('the model sees both objects: star and ring are among its three highest logits', () => {
    const logits = tf.tidy(() => (model.predict(input) as tf.Tensor2D).dataSync());
    const top3 = Array.from(logits).map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => i);
    expect(top3).toContain(STAR);
    expect(top3).toContain(RING);
  });

  it.each(camMethodNames.filter((m) => m !== 'eigen-cam').map((m) => [m]))('%s: each class heats its own object', (method: CamMethodName) => {
    const before = tf.memory().numTensors;
    const star = cam(model, input, { method, classIndex: STAR, batchSize: 64 });
    const ring = cam(model, input, { method, classIndex: RING, batchSize: 64 });
    const s = star.heatmap.dataSync() as Float32Array;
    const r = ring.heatmap.dataSync() as Float32Array;
    expect(energyIn(s, boxes.star)).toBeGreaterThan(energyIn(s, boxes.ring));
    expect(energyIn(r, boxes.ring)).toBeGreaterThan(energyIn(r, boxes.star));
    let diff = 0;
    for (let i = 0; i < s.length; i++) diff += Math.abs(s[i]! - r[i]!);
    expect(diff / s.length).toBeGreaterThan(0.05);
    star.dispose();
    ring.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('eigen-cam: one map whatever the class (it reads no class)', () => {
    const a = cam(model, input, { method: 'eigen-cam', classIndex: STAR });
    const b = cam(model, input, { method: 'eigen-cam', classIndex: RING });
    expect(Array.from(a.heatmap.dataSync())).toEqual(Array.from(b.heatmap.dataSync()));
    a.dispose();
    b.dispose();
  });
});
