import { PNG } from 'pngjs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePngBytes } from '../../src/core/encodePngBytes.js';
import { mulberry32 } from '../../src/core/mulberry32.js';

/** Decodes with pngjs (zlib inside) and returns the pixels in the encoder's channel layout. */
function decode(png: Uint8Array, channels: 1 | 3 | 4): { width: number; height: number; pixels: number[] } {
  const img = PNG.sync.read(Buffer.from(png), { skipRescale: true });
  const rgba = Array.from(img.data);
  const pixels = rgba.filter((_, i) => (channels === 4 ? true : channels === 3 ? i % 4 !== 3 : i % 4 === 0));
  return { width: img.width, height: img.height, pixels };
}

/** The zlib stream of the IDAT chunk (the encoder writes exactly one). */
function idat(png: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at < png.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === 'IDAT') return png.subarray(at + 8, at + 8 + len);
    at += 12 + len;
  }
  throw new Error('no IDAT');
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('encodePngBytes (pure-JS PNG for any runtime)', () => {
  const rand = mulberry32(12345);
  const cases: Array<[string, number, number, 1 | 3 | 4, (i: number) => number]> = [
    ['noise RGB', 37, 23, 3, () => Math.floor(rand() * 256)],
    ['noise RGBA', 16, 9, 4, () => Math.floor(rand() * 256)],
    ['grey gradient', 300, 2, 1, (i) => i % 256],
    ['flat RGB (long matches)', 200, 150, 3, (i) => [10, 200, 30][i % 3]!],
    ['one pixel', 1, 1, 3, (i) => [255, 0, 7][i]!],
    ['stripes with period 5', 97, 41, 3, (i) => ((Math.floor(i / 3) % 5) * 60) & 255],
  ];

  it.each(cases)('%s decodes back byte for byte with zlib and pngjs', (_, width, height, channels, value) => {
    const pixels = Uint8Array.from({ length: width * height * channels }, (__, i) => value(i));
    const png = encodePngBytes(pixels, width, height, channels);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const back = decode(png, channels);
    expect([back.width, back.height]).toEqual([width, height]);
    expect(back.pixels).toEqual(Array.from(pixels));
    // Every scanline starts with a valid filter type; the zlib stream carries a correct Adler-32 (inflateSync checks it).
    const raw = inflateSync(idat(png));
    expect(raw.length).toBe(height * (width * channels + 1));
    for (let y = 0; y < height; y++) expect(raw[y * (width * channels + 1)]).toBeLessThanOrEqual(4);
  });

  it('compresses smooth images far below their raw size (fixed Huffman + LZ77), noise at most 13 % above it', () => {
    const width = 224;
    const height = 224;
    const smooth = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) smooth.set([x, y, (x + y) >> 1], (y * width + x) * 3);
    const png = encodePngBytes(smooth, width, height, 3);
    expect(png.length).toBeLessThan(smooth.length / 20);
    const noise = Uint8Array.from({ length: 64 * 64 * 3 }, () => Math.floor(rand() * 256));
    expect(encodePngBytes(noise, 64, 64, 3).length).toBeLessThan(noise.length * 1.13 + 200);
  });
});
