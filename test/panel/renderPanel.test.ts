import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyColormap } from '../../src/colormaps/applyColormap.js';
import type { CamResult } from '../../src/core/camResult.js';
import { overlay } from '../../src/ops/overlay.js';
import { resizeMap } from '../../src/ops/resizeMap.js';
import { renderPanel } from '../../src/panel/renderPanel.js';
import { expectRejectsNoLeak } from '../helpers/tensorLeaks.js';

const H = 10;
const W = 40;
const BG = 24;

/** An RGB image [H, W, 3] with varied bytes and a heatmap [B, h, w] in [0, 1]. */
function scene(batch = 1, h = H, w = W) {
  const image = tf.tensor3d(Array.from({ length: H * W * 3 }, (_, i) => (i * 37) % 256), [H, W, 3], 'int32');
  const heat = Array.from({ length: batch * h * w }, (_, i) => ((i * 13) % 101) / 100);
  const result: Pick<CamResult, 'heatmap' | 'classIndex' | 'score' | 'layerName' | 'method'> & { dispose(): void } = {
    heatmap: tf.tensor3d(heat, [batch, h, w]),
    classIndex: tf.tensor1d(Array.from({ length: batch }, (_, b) => b + 2), 'int32'),
    score: tf.tensor1d(Array.from({ length: batch }, (_, b) => 1.5 + b)),
    layerName: 'block/conv',
    method: 'grad-cam',
    dispose() {
      tf.dispose([this.heatmap, this.classIndex, this.score]);
    },
  };
  return { image, result };
}

/** Values of rows [r0, r1) and columns [c0, c1) of an [Hp, Wp, 3] array. */
function crop(px: ArrayLike<number>, width: number, [r0, r1]: number[], [c0, c1]: number[]): number[] {
  const out: number[] = [];
  for (let r = r0!; r < r1!; r++) for (let c = c0!; c < c1!; c++) for (let k = 0; k < 3; k++) out.push(px[(r * width + c) * 3 + k]!);
  return out;
}

async function render(...args: Parameters<typeof renderPanel>): Promise<{ shape: number[]; px: Int32Array }> {
  const before = tf.memory().numTensors;
  const panel = await renderPanel(...args);
  expect(tf.memory().numTensors).toBe(before + 1);
  expect(panel.dtype).toBe('int32');
  const px = (await panel.data()) as Int32Array;
  const shape = panel.shape;
  panel.dispose();
  return { shape, px };
}

describe('renderPanel', () => {
  it('lays out image | heatmap | overlay, byte-identical to the image, applyColormap and overlay', async () => {
    const { image, result } = scene();
    const { shape, px } = await render(image, result, { caption: 'T' });
    // Strip at textScale 1: 3 px padding, one 8 px line, 3 px padding.
    expect(shape).toEqual([H + 14, 3 * W, 3]);
    const colour = applyColormap(result.heatmap);
    const blended = overlay(image, result.heatmap);
    expect(crop(px, 3 * W, [0, H], [0, W])).toEqual(Array.from(await image.data()));
    expect(crop(px, 3 * W, [0, H], [W, 2 * W])).toEqual(Array.from(await colour.data()));
    expect(crop(px, 3 * W, [0, H], [2 * W, 3 * W])).toEqual(Array.from(await blended.data()));
    tf.dispose([image, colour, blended]);
    result.dispose();
  });

  it('writes the caption in white on a dark strip: the ink is exactly the glyph', async () => {
    const { image, result } = scene();
    const { px } = await render(image, result, { caption: 'T' });
    const strip = crop(px, 3 * W, [H, H + 14], [0, 3 * W]);
    const ink: string[] = [];
    for (let p = 0; p < strip.length / 3; p++) {
      const v = strip.slice(p * 3, p * 3 + 3);
      expect([[BG, BG, BG], [255, 255, 255]]).toContainEqual(v);
      if (v[0] === 255) ink.push(`${Math.floor(p / (3 * W))},${p % (3 * W)}`);
    }
    // "T": row 0 is columns 0..4, rows 1..6 column 2; the text starts at the 3 px padding.
    const want = [0, 1, 2, 3, 4].map((c) => `3,${3 + c}`).concat([1, 2, 3, 4, 5, 6].map((r) => `${3 + r},5`));
    expect(ink.sort()).toEqual(want.sort());
    tf.dispose(image);
    result.dispose();
  });

  it('writes the automatic caption, wrapped to the width; textScale grows the strip', async () => {
    const { image, result } = scene();
    // "star (class 2), score 1.5, grad-cam, layer block/conv" in lines of at most 19 characters.
    const auto = await render(image, result, { labels: ['a', 'b', 'star'] });
    expect(auto.shape).toEqual([H + 3 + 3 * 9 + 8 + 3, 3 * W, 3]);
    const inkRows = new Set<number>();
    for (let p = H * 3 * W; p < auto.px.length / 3; p++) if (auto.px[p * 3] === 255) inkRows.add(Math.floor(p / (3 * W)));
    expect(Math.min(...inkRows)).toBe(H + 3);
    const big = await render(image, result, { caption: 'x', textScale: 3 });
    expect(big.shape).toEqual([H + 9 + 24 + 9, 3 * W, 3]);
    tf.dispose(image);
    result.dispose();
  });

  it('resizes a heatmap of another size to the image (half-pixel bilinear) before colouring', async () => {
    const { image, result } = scene(1, 3, 8);
    const { px } = await render(image, result, { caption: '' });
    const map = resizeMap(result.heatmap, [H, W]);
    const colour = applyColormap(map);
    const blended = overlay(image, map, { alpha: 0.5 });
    expect(crop(px, 3 * W, [0, H], [W, 2 * W])).toEqual(Array.from(await colour.data()));
    expect(crop(px, 3 * W, [0, H], [2 * W, 3 * W])).toEqual(Array.from(await blended.data()));
    tf.dispose([image, map, colour, blended]);
    result.dispose();
  });

  it('scale enlarges the panels by pixel replication; alpha and colormap reach the overlay', async () => {
    const { image, result } = scene();
    const one = await render(image, result, { caption: '', alpha: 0.3, colormap: 'viridis' });
    const two = await render(image, result, { caption: '', alpha: 0.3, colormap: 'viridis', scale: 2, textScale: 1 });
    expect(two.shape).toEqual([2 * H + 14, 6 * W, 3]);
    for (const [r, c] of [[0, 0], [3, 17], [9, 45], [7, 119]]) {
      const want = crop(one.px, 3 * W, [r!, r! + 1], [c!, c! + 1]);
      for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]]) expect(crop(two.px, 6 * W, [2 * r! + dr!, 2 * r! + dr! + 1], [2 * c! + dc!, 2 * c! + dc! + 1])).toEqual(want);
    }
    const blended = overlay(image, result.heatmap, { alpha: 0.3, colormap: 'viridis' });
    expect(crop(one.px, 3 * W, [0, H], [2 * W, 3 * W])).toEqual(Array.from(await blended.data()));
    tf.dispose([image, blended]);
    result.dispose();
  });

  it('outlines the box in white on the overlay panel only', async () => {
    const { image, result } = scene();
    const plain = await render(image, result, { caption: '' });
    const boxed = await render(image, result, { caption: '', box: [2, 1, 6, 4] });
    const white = [255, 255, 255];
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < 3 * W; c++) {
        const onOutline = c >= 2 * W + 2 && c <= 2 * W + 5 && r >= 1 && r <= 3 && (r === 1 || r === 3 || c === 2 * W + 2 || c === 2 * W + 5);
        expect(crop(boxed.px, 3 * W, [r, r + 1], [c, c + 1])).toEqual(onOutline ? white : crop(plain.px, 3 * W, [r, r + 1], [c, c + 1]));
      }
    }
    tf.dispose(image);
    result.dispose();
  });

  it('draws sample sampleIndex of a batch (image batch and result batch)', async () => {
    const { image, result } = scene(2);
    const images = tf.stack([tf.zerosLike(image), image]) as tf.Tensor4D;
    const { px } = await render(images, result, { sampleIndex: 1, caption: '' });
    const map = tf.slice(result.heatmap, [1, 0, 0], [1, -1, -1]);
    const blended = overlay(image, map);
    expect(crop(px, 3 * W, [0, H], [0, W])).toEqual(Array.from(await image.data()));
    expect(crop(px, 3 * W, [0, H], [2 * W, 3 * W])).toEqual(Array.from(await blended.data()));
    // A single image is drawn under every sample's map.
    const single = await render(image, result, { sampleIndex: 1, caption: '' });
    expect(single.px).toEqual(px);
    tf.dispose([image, images, map, blended]);
    result.dispose();
  });

  it('refuses bad arguments with CamError and leaves no tensor behind', async () => {
    const { image, result } = scene();
    await expectRejectsNoLeak(() => renderPanel(image, result, { sampleIndex: 1 }), 'INVALID_OPTION', /^renderPanel\(\): options\.sampleIndex 1 is out of range: the result holds 1 map\(s\)/);
    await expectRejectsNoLeak(() => renderPanel(image, result, { box: [0, 0, W + 1, 2] }), 'INVALID_OPTION', /box \[0, 0, 41, 2\] does not fit the 40x10 image/);
    await expectRejectsNoLeak(() => renderPanel(image, result, { scale: 1.5 }), 'INVALID_OPTION', /scale must be an integer from 1 to 64.*received a number \(1\.5\)/);
    await expectRejectsNoLeak(() => renderPanel(image, result, { alpha: 2 }), 'INVALID_OPTION', /alpha .* must be a number in \[0, 1\]/);
    await expectRejectsNoLeak(() => renderPanel(image, result, { colormap: 'nope' as 'jet' }), 'INVALID_COLORMAP', /^renderPanel\(\): colormap "nope" is unknown/);
    await expectRejectsNoLeak(() => renderPanel(image, result, { labels: 'star' as unknown as string[] }), 'INVALID_OPTION', /labels must be an array of class names/);
    const rgba = tf.zeros([H, W, 4]) as tf.Tensor3D;
    await expectRejectsNoLeak(() => renderPanel(rgba, result), 'INVALID_INPUT', /image must be an RGB tensor \[H, W, 3\].*shape \[10, 40, 4\]/);
    await expectRejectsNoLeak(() => renderPanel(image, { heatmap: result.heatmap } as CamResult), 'INVALID_INPUT', /result must be a CamResult/);
    result.dispose();
    await expectRejectsNoLeak(() => renderPanel(image, result), 'INVALID_INPUT', /tensors are not disposed/);
    tf.dispose([image, rgba]);
  });
});
