// Formats other than PNG and JPEG go through the optional package sharp (a dev dependency here):
// files written by sharp itself are read back pixel for pixel; without sharp the error says to
// install it (checked in a child process whose module resolution hides sharp).
import * as tf from '@tensorflow/tfjs-core';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from '../../src/node/readImage.js';
import { expectRejectsNoLeak, literal, makeTempDir, removeTempDir, rgbGrid } from './nodeTestHelpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const W = 7;
const H = 5;
const RGB = rgbGrid(W, H, (x, y) => [x * 36, y * 60, (x * 17 + y * 41) % 256]);
const GREY = Array.from({ length: W * H }, (_, i) => (i * 7) % 256);

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
  const rgb = Buffer.from(RGB);
  const raw = (channels: 1 | 3 | 4) => ({ raw: { width: W, height: H, channels } });
  await sharp(rgb, raw(3)).webp({ lossless: true }).toFile(join(dir, 'rgb.webp'));
  await sharp(Buffer.from(GREY), raw(1)).webp({ lossless: true }).toFile(join(dir, 'grey.webp'));
  // RGBA with alpha 0 on some pixels: `exact` keeps their colour, which must come back unchanged.
  const rgba = Buffer.from(rgbGrid(W, H, (x, y) => [...RGB.slice((y * W + x) * 3, (y * W + x) * 3 + 3), (x + y) % 3 === 0 ? 0 : 200]));
  await sharp(rgba, raw(4)).webp({ lossless: true, exact: true }).toFile(join(dir, 'rgba.webp'));
  await sharp(rgb, raw(3)).tiff({ compression: 'lzw' }).toFile(join(dir, 'rgb.tiff'));
  // 16-bit greyscale TIFF whose samples are v8 * 257: reduced back to v8.
  const grey16 = Uint16Array.from(GREY, (v) => v * 257);
  await sharp(grey16, raw(1)).toColourspace('grey16').tiff({ compression: 'lzw' }).toFile(join(dir, 'grey16.tiff'));
  const webpBytes = await sharp(rgb, raw(3)).webp({ lossless: true }).toBuffer();
  await writeFile(join(dir, 'truncated.webp'), webpBytes.subarray(0, Math.floor(webpBytes.length / 2)));
  await writeFile(join(dir, 'photo.png.webp'), webpBytes);
});
afterAll(() => removeTempDir(dir));

async function read(name: string, options?: { maxPixels?: number }): Promise<number[]> {
  const before = tf.memory().numTensors;
  const t = await readImage(join(dir, name), options);
  expect(tf.memory().numTensors).toBe(before + 1);
  expect([t.shape, t.dtype]).toEqual([[H, W, 3], 'int32']);
  const values = Array.from(await t.data());
  t.dispose();
  return values;
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('readImage through sharp', () => {
  it('lossless WebP: exactly the pixels sharp wrote', async () => {
    expect(await read('rgb.webp')).toEqual(RGB);
  });

  it('greyscale WebP: replicated to R = G = B', async () => {
    expect(await read('grey.webp')).toEqual(GREY.flatMap((v) => [v, v, v]));
  });

  it('RGBA WebP: alpha dropped, stored colours kept even where alpha = 0 (as the PNG path)', async () => {
    expect(await read('rgba.webp')).toEqual(RGB);
  });

  it('LZW TIFF: exactly the pixels', async () => {
    expect(await read('rgb.tiff')).toEqual(RGB);
  });

  it('16-bit greyscale TIFF: 8-bit values back (v16 = 257 v8), replicated to RGB', async () => {
    expect((await sharp(join(dir, 'grey16.tiff')).metadata()).depth).toBe('ushort');
    expect(await read('grey16.tiff')).toEqual(GREY.flatMap((v) => [v, v, v]));
  });

  it('the format comes from the bytes: a WebP named .png.webp reads as WebP', async () => {
    expect(await read('photo.png.webp')).toEqual(RGB);
  });

  it('maxPixels is checked from the header before decoding (IMAGE_TOO_LARGE, inclusive limit)', async () => {
    expect(await read('rgb.webp', { maxPixels: W * H })).toEqual(RGB);
    await expectRejectsNoLeak(
      () => readImage(join(dir, 'rgb.webp'), { maxPixels: W * H - 1 }),
      'IMAGE_TOO_LARGE',
      literal(`"${join(dir, 'rgb.webp')}" is a WebP image of 7x5 = 35 pixels, more than maxPixels (34)`),
    );
  });

  it('a truncated WebP is FILE_UNREADABLE, quoting sharp', async () => {
    await expectRejectsNoLeak(() => readImage(join(dir, 'truncated.webp')), 'FILE_UNREADABLE', /truncated\.webp" is a WebP image that could not be decoded; sharp says: \S/);
  });

  it('without sharp: UNSUPPORTED_FORMAT naming the file and saying to install sharp', async () => {
    // A child process whose module resolution refuses 'sharp', as when it is not installed.
    const hook = `export async function resolve(s, c, next) { if (s === 'sharp') { const e = new Error("Cannot find package 'sharp'"); e.code = 'ERR_MODULE_NOT_FOUND'; throw e; } return next(s, c); }`;
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
      const tf = await import('@tensorflow/tfjs-core');
      await import('@tensorflow/tfjs-backend-cpu');
      await tf.setBackend('cpu');
      const { readImage } = await import(${JSON.stringify(join(ROOT, 'src', 'node', 'readImage.ts'))});
      const png = await readImage(${JSON.stringify(join(ROOT, 'examples', 'images', 'star-1.png'))});
      try { await readImage(${JSON.stringify(join(dir, 'rgb.webp'))}); console.log(JSON.stringify({ ok: true })); }
      catch (e) { console.log(JSON.stringify({ png: png.shape, name: e.name, code: e.code, message: e.message })); }
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 60_000 });
    const got = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(got).toMatchObject({ png: [96, 96, 3], name: 'CamError', code: 'UNSUPPORTED_FORMAT' });
    expect(got.message).toContain(`readImage(): "${join(dir, 'rgb.webp')}" is a WebP image;`);
    expect(got.message).toMatch(/need the optional package sharp, and sharp is not installed\. Install sharp \("npm install sharp"\) or convert the image to PNG or JPEG\.$/);
  });
});
