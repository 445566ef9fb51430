import { describe, expect, it } from 'vitest';
import { CamError } from '../../src/core/errors.js';
import { fromLut } from '../../src/colormaps/fromLut.js';

function expectInvalid(lut: unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fromLut('mine', lut as number[]);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CamError);
  expect((caught as CamError).code).toBe('INVALID_COLORMAP');
  expect((caught as CamError).message).toMatch(message);
}

describe('fromLut', () => {
  const flat = Array.from({ length: 768 }, (_, i) => (i * 7) % 256);

  it('accepts 768 bytes (Uint8Array or number[]) and 256 rows, copying the data', () => {
    const bytes = Uint8Array.from(flat);
    const a = fromLut('a', bytes);
    const b = fromLut('b', flat);
    const rows = Array.from({ length: 256 }, (_, i) => flat.slice(3 * i, 3 * i + 3));
    const c = fromLut('c', rows);
    for (const cmap of [a, b, c]) expect(Array.from(cmap.lut)).toEqual(flat);
    expect(a.lut).not.toBe(bytes);
    bytes[0] = 99;
    expect(a.lut[0]).toBe(0);
    expect(c.name).toBe('c');
  });

  it('rejects malformed tables with INVALID_COLORMAP', () => {
    expectInvalid(new Uint8Array(765), /lut of "mine" has length 765; expected 768/);
    expectInvalid([1, 2, 3], /has length 3; expected 768/);
    expectInvalid(Array.from({ length: 256 }, () => [1, 2]), /row 0 of "mine" must be \[r, g, b\]/);
    expectInvalid([...flat.slice(0, 767), 256], /index 767 of "mine" must be an integer in \[0, 255\]; received a number \(256\)/);
    expectInvalid([...flat.slice(0, 10), 0.5, ...flat.slice(11)], /index 10 .*integer in \[0, 255\]/);
    expectInvalid(Array.from({ length: 256 }, (_, i) => (i === 9 ? [0, -1, 0] : [0, 0, 0])), /row 9, channel 1/);
    expectInvalid('ff0000', /must be a Uint8Array or array of 768 bytes/);
    expectInvalid(null, /received null/);
  });
});
