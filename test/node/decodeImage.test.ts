import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../src/node/decodeImage.js';
import { expectCamErrorNoLeak } from '../helpers/tensorLeaks.js';
import { image, rgbGrid } from './nodeTestHelpers.js';

const RGB_8X6 = rgbGrid(8, 6, (x, y) => [x * 32, y * 50, 255 - x * 30 - y * 5]);

describe('decodeImage', () => {
  it('decodes a Buffer to int32 [H, W, 3] and adds exactly one tensor', () => {
    const before = tf.memory().numTensors;
    const t = decodeImage(readFileSync(image('rgb-8x6.png')));
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(t.shape).toEqual([6, 8, 3]);
    expect(t.dtype).toBe('int32');
    expect(Array.from(t.dataSync())).toEqual(RGB_8X6);
    t.dispose();
  });

  it('reads a Uint8Array view that starts inside a larger buffer', () => {
    const file = readFileSync(image('rgb-8x6.png'));
    const backing = new Uint8Array(file.length + 10);
    backing.set(file, 7);
    const t = decodeImage(backing.subarray(7, 7 + file.length), 'embedded.png');
    expect(Array.from(t.dataSync())).toEqual(RGB_8X6);
    t.dispose();
  });

  it('decodes JPEG bytes too', () => {
    const t = decodeImage(new Uint8Array(readFileSync(image('grey-8x8.jpg'))));
    expect(t.shape).toEqual([8, 8, 3]);
    const v = t.dataSync();
    expect(v[0]).toBeGreaterThanOrEqual(17); // Pillow decodes 20 here; ±3
    expect(v[0]).toBeLessThanOrEqual(23);
    t.dispose();
  });

  it('names the data in messages: the given name, or "the image bytes"', () => {
    const text = new TextEncoder().encode('not an image at all');
    expectCamErrorNoLeak(() => decodeImage(text, 'upload #3'), 'UNSUPPORTED_FORMAT', /^decodeImage\(\): "upload #3" is not a PNG or JPEG image/);
    expectCamErrorNoLeak(() => decodeImage(text), 'UNSUPPORTED_FORMAT', /^decodeImage\(\): the image bytes is not a PNG or JPEG image.*convert the image to PNG or JPEG first\.$/);
  });

  it('applies the same checks as readImage: truncation, size limit, empty input', () => {
    expectCamErrorNoLeak(() => decodeImage(readFileSync(image('truncated.jpg')), 'cut.jpg'), 'FILE_UNREADABLE', /"cut\.jpg" is a JPEG image \(16x12\).*jpeg-js says/);
    expectCamErrorNoLeak(() => decodeImage(readFileSync(image('huge-header.png'))), 'IMAGE_TOO_LARGE', /100000x100000/);
    expectCamErrorNoLeak(() => decodeImage(readFileSync(image('rgb-8x6.png')), 'x', { maxPixels: 10 }), 'IMAGE_TOO_LARGE', /more than maxPixels \(10\)/);
    expectCamErrorNoLeak(() => decodeImage(new Uint8Array(0)), 'FILE_UNREADABLE', /is empty/);
    // A PNG signature with nothing after it.
    expectCamErrorNoLeak(() => decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'FILE_UNREADABLE', /starts like a PNG file but the file ends inside the PNG header/);
    // A JPEG start-of-image marker with nothing after it.
    expectCamErrorNoLeak(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff])), 'FILE_UNREADABLE', /starts like a JPEG file but the file ends before the JPEG frame header/);
  });

  it('reads the JPEG frame header: SOF kinds jpeg-js cannot decode are UNSUPPORTED_FORMAT, a zero size is corrupt', () => {
    const jpeg = readFileSync(image('baseline-16x12.jpg'));
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    const lossless = Buffer.from(jpeg);
    lossless[sof + 1] = 0xc3;
    expectCamErrorNoLeak(() => decodeImage(lossless, 'l.jpg'), 'UNSUPPORTED_FORMAT', /"l\.jpg" is a lossless JPEG \(SOF3\) image.*baseline or progressive.*or read the file with readImage\(path\), which decodes WebP, GIF, AVIF, TIFF and SVG through the optional package sharp\.$/);
    const arithmetic = Buffer.from(jpeg);
    arithmetic[sof + 1] = 0xc9;
    expectCamErrorNoLeak(() => decodeImage(arithmetic), 'UNSUPPORTED_FORMAT', /arithmetic-coded JPEG \(SOF9\)/);
    const zeroHeight = Buffer.from(jpeg);
    zeroHeight.writeUInt16BE(0, sof + 5);
    expectCamErrorNoLeak(() => decodeImage(zeroHeight), 'FILE_UNREADABLE', /header declares a 16x0 image/);
  });

  it('rejects what is not bytes with INVALID_INPUT', () => {
    const file = readFileSync(image('rgb-8x6.png'));
    const ab = file.buffer.slice(file.byteOffset, file.byteOffset + file.length);
    expectCamErrorNoLeak(() => decodeImage(ab as unknown as Uint8Array), 'INVALID_INPUT', /bytes must be a Uint8Array or Buffer.*received an object of type ArrayBuffer/);
    expectCamErrorNoLeak(() => decodeImage('rgb-8x6.png' as unknown as Uint8Array), 'INVALID_INPUT', /received string.*use readImage\(path\)/);
    expectCamErrorNoLeak(() => decodeImage(file, 5 as unknown as string), 'INVALID_INPUT', /name must be a string/);
  });
});
