// The bitmap font, text drawing, wrapping and the automatic caption (host code, no tensors).
import { describe, expect, it } from 'vitest';
import { bitmapFont } from '../../src/panel/bitmapFont.js';
import { drawText } from '../../src/panel/drawText.js';
import { panelCaption } from '../../src/panel/panelCaption.js';
import { wrapText } from '../../src/panel/wrapText.js';

const glyph = (ch: string): number[] => Array.from(bitmapFont.slice((ch.charCodeAt(0) - 32) * 8, (ch.charCodeAt(0) - 31) * 8), (d) => parseInt(d, 32));

/** The ink of `text` drawn at (x, y) on a blank raster, as rows of '#' and '.'. */
function render(text: string, width: number, height: number, x = 0, y = 0, scale = 1): string[] {
  const data = new Uint8Array(width * height * 3);
  drawText({ width, height, data }, text, x, y, scale, [255, 255, 255]);
  const rows: string[] = [];
  for (let r = 0; r < height; r++) {
    let row = '';
    for (let c = 0; c < width; c++) row += data[(r * width + c) * 3] === 255 ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

describe.runIf(process.env.TFJS_BACKEND === 'cpu')('bitmap font and text', () => {
  it('holds 95 glyphs (ASCII 32..126) of 8 base-32 rows of 5 bits; only the space is blank; no two glyphs alike', () => {
    expect(bitmapFont).toHaveLength(95 * 8);
    expect(bitmapFont).toMatch(/^[0-9a-v]+$/);
    const glyphs = Array.from({ length: 95 }, (_, k) => bitmapFont.slice(k * 8, k * 8 + 8));
    expect(glyphs[0]).toBe('00000000');
    expect(glyphs.slice(1).every((g) => g !== '00000000')).toBe(true);
    expect(new Set(glyphs).size).toBe(95);
  });

  it('only g j p q y , ; use the descender row', () => {
    const descending = Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k)).filter((c) => glyph(c)[7] !== 0);
    expect(descending.sort().join('')).toBe(',;gjpqy');
  });

  it('draws the glyph rows as pixels: "T" and "Ly" at scale 1', () => {
    expect(render('T', 6, 8)).toEqual(['#####.', '..#...', '..#...', '..#...', '..#...', '..#...', '..#...', '......']);
    expect(render('Ly', 12, 8)).toEqual([
      '#...........',
      '#...........',
      '#.....#...#.',
      '#.....#...#.',
      '#.....#...#.',
      '#......####.',
      '#####.....#.',
      '.......###..',
    ]);
  });

  it('scales each font pixel to a square and advances 6 pixels per character', () => {
    const big = render('I', 12, 16, 0, 0, 2);
    expect(big.slice(0, 2)).toEqual(['..######....', '..######....']);
    expect(big.slice(2, 4)).toEqual(['....##......', '....##......']);
    const two = render('II', 12, 8);
    expect(two[0]).toBe('.###...###..');
  });

  it('clips at the raster edges and draws non-ASCII characters as "?"', () => {
    expect(render('T', 3, 2, -1, -1)).toEqual(['.#.', '.#.']);
    expect(render('é', 6, 8)).toEqual(render('?', 6, 8));
  });

  it('wraps at spaces, splits long words, keeps explicit line breaks', () => {
    expect(wrapText('star (class 3), score 5.639', 14)).toEqual(['star (class', '3), score', '5.639']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('one\ntwo three', 20)).toEqual(['one', 'two three']);
    expect(wrapText('', 5)).toEqual(['']);
    expect(wrapText('a b', 0.5)).toEqual(['a', 'b']);
  });

  it('captions say the class (with its label), the score to 4 digits, the method and the layer', () => {
    expect(panelCaption(3, 5.63912, 'grad-cam', 'base/base_relu5', ['circle', 'square', 'triangle', 'star'])).toBe('star (class 3), score 5.639, grad-cam, layer base/base_relu5');
    expect(panelCaption(7, -0.000123456, 'layer-cam', 'conv')).toBe('class 7, score -0.0001235, layer-cam, layer conv');
    expect(panelCaption(-1, 12345.6, 'grad-cam', 'conv', ['a'])).toBe('custom target, score 12350, grad-cam, layer conv');
  });
});
