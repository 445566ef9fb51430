import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../src/node/readImage.js';
import { expectRejectsNoLeak, image, IMAGES, literal, rgbGrid } from './nodeTestHelpers.js';

/** Reads a fixture, checks shape and dtype, returns its values and disposes the tensor. */
async function pixels(name: string, shape: [number, number, number]): Promise<number[]> {
  const before = tf.memory().numTensors;
  const t = await readImage(image(name));
  expect(tf.memory().numTensors).toBe(before + 1);
  expect(t.shape).toEqual(shape);
  expect(t.dtype).toBe('int32');
  const values = Array.from(await t.data());
  t.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return values;
}

/** Pillow's (libjpeg's) decoded pixels of a JPEG fixture. */
function pillowPixels(name: string): { width: number; height: number; pixels: number[] } {
  return JSON.parse(readFileSync(image(name.replace(/\.jpg$/, '.json')), 'utf8'));
}

function absDiffs(a: number[], b: number[]): number[] {
  expect(a.length).toBe(b.length);
  return a.map((v, i) => Math.abs(v - b[i]!));
}

describe('readImage: PNG, exact values (fixtures written by Pillow)', () => {
  it('8-bit RGB', async () => {
    const want = rgbGrid(8, 6, (x, y) => [x * 32, y * 50, 255 - x * 30 - y * 5]);
    expect(await pixels('rgb-8x6.png', [6, 8, 3])).toEqual(want);
  });

  it('detects the format from the bytes: a PNG named .jpg reads as that PNG', async () => {
    const want = rgbGrid(8, 6, (x, y) => [x * 32, y * 50, 255 - x * 30 - y * 5]);
    expect(await pixels('png-named.jpg', [6, 8, 3])).toEqual(want);
  });

  it('8-bit greyscale is replicated to R = G = B', async () => {
    const want = rgbGrid(5, 4, (x, y) => Array(3).fill(50 * x + 10 * y));
    expect(await pixels('grey-5x4.png', [4, 5, 3])).toEqual(want);
  });

  it('greyscale + alpha: alpha is dropped, grey kept as stored', async () => {
    const want = rgbGrid(3, 2, (x, y) => Array(3).fill(40 * x + 100 * y));
    expect(await pixels('grey-alpha-3x2.png', [2, 3, 3])).toEqual(want);
  });

  it('RGBA: alpha is dropped, colour kept as stored (not premultiplied), even where alpha = 0', async () => {
    const want = rgbGrid(4, 3, (x, y) => [10 + 60 * x, 20 + 70 * y, 200 - 40 * x]);
    expect(await pixels('rgba-4x3.png', [3, 4, 3])).toEqual(want);
  });

  it('2-bit palette with a transparent entry: indices looked up, alpha dropped', async () => {
    const palette = [[255, 0, 0], [0, 128, 255], [12, 34, 56], [250, 250, 250]];
    const want = rgbGrid(6, 2, (x, y) => palette[(x + 2 * y) % 4]!);
    expect(await pixels('palette-6x2.png', [2, 6, 3])).toEqual(want);
  });

  it('RGB with a tRNS colour key: keyed pixels keep their colour', async () => {
    const want = [12, 34, 56, 200, 100, 50, 12, 34, 56, 1, 2, 3, 12, 34, 56, 255, 255, 255];
    expect(await pixels('rgb-trns-3x2.png', [2, 3, 3])).toEqual(want);
  });

  it('16-bit greyscale becomes 8-bit (v16 = 257 v8 maps back to v8)', async () => {
    const want = rgbGrid(4, 3, (x, y) => Array(3).fill(20 * x + 60 * y));
    expect(await pixels('grey16-4x3.png', [3, 4, 3])).toEqual(want);
  });

  it('16-bit RGB becomes 8-bit with round(v * 255 / 65535)', async () => {
    const want = rgbGrid(3, 2, (x, y) => [30 * x + 7, 90 * y + 11, 255 - 40 * x - 50 * y]);
    want[(1 * 3 + 2) * 3] = Math.round((0x1234 * 255) / 65535); // 18.13 -> 18
    expect(want[15]).toBe(18);
    expect(await pixels('rgb16-3x2.png', [2, 3, 3])).toEqual(want);
  });
});

describe('readImage: JPEG, against Pillow/libjpeg decoded pixels', () => {
  it('baseline 4:4:4, quality 95: every channel within ±3', async () => {
    const ref = pillowPixels('baseline-16x12.jpg');
    const d = absDiffs(await pixels('baseline-16x12.jpg', [12, 16, 3]), ref.pixels);
    expect(Math.max(...d)).toBeLessThanOrEqual(3);
  });

  it('progressive 4:4:4 decodes (jpeg-js supports progressive): within ±3', async () => {
    const ref = pillowPixels('progressive-16x12.jpg');
    const d = absDiffs(await pixels('progressive-16x12.jpg', [12, 16, 3]), ref.pixels);
    expect(Math.max(...d)).toBeLessThanOrEqual(3);
  });

  it('greyscale JPEG: R = G = B, within ±3', async () => {
    const ref = pillowPixels('grey-8x8.jpg');
    const got = await pixels('grey-8x8.jpg', [8, 8, 3]);
    expect(Math.max(...absDiffs(got, ref.pixels))).toBeLessThanOrEqual(3);
    for (let p = 0; p < got.length; p += 3) expect([got[p + 1], got[p + 2]]).toEqual([got[p], got[p]]);
  });

  it('4:2:0 chroma: jpeg-js replicates chroma where libjpeg interpolates, so the bound is looser', async () => {
    // Measured on this 16x12 fixture: max 10, mean 4.0 levels; the 4:4:4 copy differs by at most 2.
    const ref = pillowPixels('baseline-420-16x12.jpg');
    const d = absDiffs(await pixels('baseline-420-16x12.jpg', [12, 16, 3]), ref.pixels);
    expect(Math.max(...d)).toBeLessThanOrEqual(12);
    expect(d.reduce((a, b) => a + b, 0) / d.length).toBeLessThanOrEqual(5);
  });
});

describe('readImage: errors (CamError, no tensor left behind)', () => {
  it('FILE_NOT_FOUND names the path', async () => {
    const p = image('does-not-exist.png');
    await expectRejectsNoLeak(() => readImage(p), 'FILE_NOT_FOUND', /^readImage\(\): no file at /, literal(p));
  });

  it('a folder is FILE_UNREADABLE', async () => {
    await expectRejectsNoLeak(() => readImage(IMAGES), 'FILE_UNREADABLE', /is a folder/);
  });

  it('UNSUPPORTED_FORMAT for text, naming the bytes and the supported formats', async () => {
    await expectRejectsNoLeak(
      () => readImage(image('not-an-image.txt')),
      'UNSUPPORTED_FORMAT',
      /not-an-image\.txt/,
      /first bytes \(68 65 6c 6c 6f 2c 20 74\) match no known image signature/,
      /supported formats: PNG and JPEG/,
    );
  });

  it('UNSUPPORTED_FORMAT for text named .png (the extension is not trusted)', async () => {
    await expectRejectsNoLeak(() => readImage(image('text-named.png')), 'UNSUPPORTED_FORMAT', /text-named\.png" is not a PNG or JPEG image/, /not the file name/);
  });

  it('a GIF is read through sharp (installed here as a dev dependency); see readImageSharp.test.ts', async () => {
    // The fixture: a 2x2 palette image, black on the diagonal, white elsewhere.
    expect(await pixels('tiny.gif', [2, 2, 3])).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0]);
  });

  it('FILE_UNREADABLE for a truncated PNG, naming the file and how much image data it lacks', async () => {
    // 8x6 RGB: 6 rows of 1 filter byte + 24 samples = 150 bytes once inflated.
    await expectRejectsNoLeak(
      () => readImage(image('truncated.png')),
      'FILE_UNREADABLE',
      /truncated\.png" is a PNG image \(8x6\) that cannot be decoded: its image data inflates to \d+ bytes, fewer than the 150 bytes its header's 8x6 size needs/,
      /the file is truncated or corrupt/,
    );
  });

  it('FILE_UNREADABLE for a truncated JPEG, naming the file and the decoder message', async () => {
    await expectRejectsNoLeak(
      () => readImage(image('truncated.jpg')),
      'FILE_UNREADABLE',
      /truncated\.jpg" is a JPEG image \(16x12\) that could not be decoded/,
      /looks truncated/,
      /jpeg-js says: \S/,
    );
  });

  it('FILE_UNREADABLE for an empty file', async () => {
    await expectRejectsNoLeak(() => readImage(image('empty.png')), 'FILE_UNREADABLE', /empty\.png" is empty \(0 bytes\)/);
  });

  it('IMAGE_TOO_LARGE from the PNG header alone (100000x100000, no pixel data in the file)', async () => {
    // Had decoding been attempted, the missing IDAT would fail as FILE_UNREADABLE instead.
    await expectRejectsNoLeak(
      () => readImage(image('huge-header.png')),
      'IMAGE_TOO_LARGE',
      /huge-header\.png" is a PNG image of 100000x100000 = 10000000000 pixels, more than maxPixels \(50000000\)/,
      /pass a larger \{ maxPixels \}/,
    );
  });

  it('IMAGE_TOO_LARGE from the JPEG frame header (60000x50000; its scan data is invalid for that size)', async () => {
    await expectRejectsNoLeak(() => readImage(image('huge-header.jpg')), 'IMAGE_TOO_LARGE', /JPEG image of 60000x50000 = 3000000000 pixels/);
  });

  it('maxPixels is inclusive: 48 pixels pass at 48 and are refused at 47', async () => {
    const t = await readImage(image('rgb-8x6.png'), { maxPixels: 48 });
    expect(t.shape).toEqual([6, 8, 3]);
    t.dispose();
    await expectRejectsNoLeak(() => readImage(image('rgb-8x6.png'), { maxPixels: 47 }), 'IMAGE_TOO_LARGE', /8x6 = 48 pixels, more than maxPixels \(47\)/);
    await expectRejectsNoLeak(() => readImage(image('baseline-16x12.jpg'), { maxPixels: 191 }), 'IMAGE_TOO_LARGE', /16x12 = 192 pixels/);
  });

  it('INVALID_OPTION for a bad maxPixels, INVALID_INPUT for a bad path', async () => {
    await expectRejectsNoLeak(() => readImage(image('rgb-8x6.png'), { maxPixels: -1 }), 'INVALID_OPTION', /maxPixels must be a positive number.*received -1/);
    await expectRejectsNoLeak(() => readImage(image('rgb-8x6.png'), { maxPixels: '1e6' as unknown as number }), 'INVALID_OPTION', /received string/);
    await expectRejectsNoLeak(() => readImage(42 as unknown as string), 'INVALID_INPUT', /path must be a non-empty string.*received number/);
    await expectRejectsNoLeak(() => readImage(''), 'INVALID_INPUT', /received an empty string/);
  });
});
