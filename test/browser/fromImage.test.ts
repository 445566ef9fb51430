import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromImage } from '../../src/browser/fromImage.js';
import { expectCamErrorNoLeak, expectNoLeak } from '../helpers/tensorLeaks.js';

// ImageData-like bytes need no DOM, so these run in Node on both backends; the DOM sources
// (<img>, canvases, bitmaps, video) are checked in Chromium (backends.test.ts).
const W = 3;
const H = 2;
const RGBA = Uint8Array.from({ length: W * H * 4 }, (_, i) => (i % 4 === 3 ? 255 - i : (i * 29 + 3) % 256));
const RGB = Array.from(RGBA).filter((_, i) => i % 4 !== 3);
const image = () => ({ data: RGBA, width: W, height: H });

describe('fromImage on RGBA bytes', () => {
  it('copies RGB as int32 [H, W, 3] and RGBA with channels: 4, adding only the result', async () => {
    expectNoLeak(() => fromImage(image()));
    const rgb = fromImage(image());
    expect([rgb.shape, rgb.dtype]).toEqual([[H, W, 3], 'int32']);
    expect(Array.from(await rgb.data())).toEqual(RGB);
    const rgba = fromImage({ data: new Uint8ClampedArray(RGBA), width: W, height: H }, { channels: 4 });
    expect(rgba.shape).toEqual([H, W, 4]);
    expect(Array.from(await rgba.data())).toEqual(Array.from(RGBA));
    tf.dispose([rgb, rgba]);
  });

  it('resizes with half-pixel centres and rounds back to int32 (0, 63.75, 191.25, 255 → 0, 64, 191, 255)', async () => {
    const px = { data: new Uint8Array([0, 0, 0, 255, 255, 100, 10, 255]), width: 2, height: 1 };
    const up = fromImage(px, { size: [2, 4] });
    expect([up.shape, up.dtype]).toEqual([[2, 4, 3], 'int32']);
    const v = Array.from(await up.data());
    expect(v.filter((_, i) => i % 3 === 0)).toEqual([0, 64, 191, 255, 0, 64, 191, 255]);
    expect(v.filter((_, i) => i % 3 === 1)).toEqual([0, 25, 75, 100, 0, 25, 75, 100]);
    expect(v.filter((_, i) => i % 3 === 2)).toEqual([0, 2, 8, 10, 0, 2, 8, 10]); // 2.5 and 7.5 round half to even
    up.dispose();
  });

  it('scale and offset give float32 value · scale + offset; batch adds the batch axis', async () => {
    const unit = fromImage(image(), { scale: 1 / 255, batch: true });
    expect([unit.shape, unit.dtype]).toEqual([[1, H, W, 3], 'float32']);
    (await unit.data()).forEach((v, i) => expect(v).toBeCloseTo(RGB[i]! / 255, 6));
    const sym = fromImage(image(), { scale: 1 / 127.5, offset: -1 });
    (await sym.data()).forEach((v, i) => expect(v).toBeCloseTo(RGB[i]! / 127.5 - 1, 5));
    const shifted = fromImage(image(), { offset: -100 });
    expect(shifted.dtype).toBe('float32');
    expect(Array.from(await shifted.data())).toEqual(RGB.map((v) => v - 100));
    const same = fromImage(image(), { size: [H, W], batch: true });
    expect([same.shape, same.dtype]).toEqual([[1, H, W, 3], 'int32']);
    expect(Array.from(await same.data())).toEqual(RGB);
    tf.dispose([unit, sym, shifted, same]);
    expectNoLeak(() => fromImage(image(), { size: [5, 7], scale: 2, offset: 1, batch: true }));
    expectNoLeak(() => fromImage(image(), { batch: true }));
  });

  it('refuses what is not an image, saying what is allowed and where to go in Node', () => {
    const allowed = /allowed: a loaded HTMLImageElement, an HTMLCanvasElement or OffscreenCanvas, an ImageBitmap, an HTMLVideoElement with a current frame, or an ImageData/;
    expectCamErrorNoLeak(() => fromImage('cat.png' as never), 'INVALID_INPUT', /^fromImage\(\): source must be an image; received the string "cat\.png"; allowed: .*readImage\(\) from 'tfjs-gradcam\/node'/);
    const err = expectCamErrorNoLeak(() => fromImage({} as never), 'INVALID_INPUT', /^fromImage\(\): source is not an image; received an object; /);
    expect(err.message).toMatch(allowed);
    expect(err.message).toMatch(/This runtime has no DOM: in Node read image files with readImage\(\) from 'tfjs-gradcam\/node'\.$/);
    const t = tf.zeros([2, 2, 3]);
    expectCamErrorNoLeak(() => fromImage(t as never), 'INVALID_INPUT', /received a float32 tensor of shape \[2, 2, 3\]; .* It is already a tensor: pass it to the model directly\.$/);
    t.dispose();
    expectCamErrorNoLeak(() => fromImage(null as never), 'INVALID_INPUT', /^fromImage\(\): source must be an image; received null/);
    expectCamErrorNoLeak(() => fromImage({ data: new Uint8Array(24), width: 3, height: 3 }), 'INVALID_INPUT', /image data holds 24 bytes but a 3×3 RGBA image needs 36 \(width·height·4\)/);
    expectCamErrorNoLeak(() => fromImage({ data: new Uint8Array(0), width: 0, height: 2 }), 'INVALID_INPUT', /image data has width a number \(0\) and height a number \(2\); both must be positive integers/);
  });

  it('refuses bad options with INVALID_OPTION before reading anything', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ size: [0, 4] }, /options\.size must be \[height, width\] with two positive integers; received \[0, 4\]/],
      [{ size: 96 }, /options\.size .* received a number \(96\)/],
      [{ size: [2.5, 4] }, /received \[2\.5, 4\]/],
      [{ channels: 1 }, /options\.channels must be 3 \(RGB, the default\) or 4 \(RGBA\); received a number \(1\)/],
      [{ scale: NaN }, /options\.scale must be a finite number; received a number \(NaN\)/],
      [{ offset: '1' }, /options\.offset must be a finite number; received the string "1"/],
      [{ batch: 1 }, /options\.batch must be a boolean \(default false\); received a number \(1\)/],
      [null, /options must be an object \{ size\?, channels\?, scale\?, offset\?, batch\? \}; received null/],
    ];
    for (const [options, message] of cases) expectCamErrorNoLeak(() => fromImage(image(), options as never), 'INVALID_OPTION', message);
  });
});
