/**
 * A small PNG encoder in plain TypeScript, for runtimes without zlib (browsers, Deno's Jupyter
 * kernel, workers): 8-bit greyscale, RGB or RGBA; per-row adaptive filtering (the filter with the
 * smallest sum of absolute differences, as libpng's heuristic); one zlib stream with a single
 * fixed-Huffman deflate block and LZ77 matches found through hash chains (RFC 1950, RFC 1951,
 * PNG spec §§ 4–11). Output decodes with any PNG reader; it is larger than zlib's dynamic
 * Huffman coding but far smaller than stored blocks for heatmaps and overlays.
 */

import { crc32 } from './crc32.js';

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(i + 3800, bytes.length); // keeps b below 2^31 before the modulo
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Writes bits least-significant first into a growing byte buffer (deflate's bit order). */
class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private bits = 0;
  private count = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(64, capacity));
  }

  write(value: number, n: number): void {
    this.bits |= value << this.count;
    this.count += n;
    while (this.count >= 8) {
      if (this.pos === this.buf.length) {
        const bigger = new Uint8Array(this.buf.length * 2);
        bigger.set(this.buf);
        this.buf = bigger;
      }
      this.buf[this.pos++] = this.bits & 0xff;
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /** Writes a Huffman code of `n` bits, most significant bit first. */
  writeCode(code: number, n: number): void {
    let reversed = 0;
    for (let i = 0; i < n; i++) reversed |= ((code >>> i) & 1) << (n - 1 - i);
    this.write(reversed, n);
  }

  finish(): Uint8Array {
    if (this.count > 0) this.write(0, 8 - this.count);
    return this.buf.subarray(0, this.pos);
  }
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/** The fixed literal/length code of symbol `s` (0..287): [code, bit length]. */
function fixedCode(s: number): [number, number] {
  if (s < 144) return [0x30 + s, 8];
  if (s < 256) return [0x190 + s - 144, 9];
  if (s < 280) return [s - 256, 7];
  return [0xc0 + s - 280, 8];
}

function writeSymbol(w: BitWriter, s: number): void {
  const [code, n] = fixedCode(s);
  w.writeCode(code, n);
}

function writeMatch(w: BitWriter, length: number, distance: number): void {
  let li = LENGTH_BASE.length - 1;
  while (LENGTH_BASE[li]! > length) li--;
  writeSymbol(w, 257 + li);
  if (LENGTH_EXTRA[li]! > 0) w.write(length - LENGTH_BASE[li]!, LENGTH_EXTRA[li]!);
  let di = DIST_BASE.length - 1;
  while (DIST_BASE[di]! > distance) di--;
  w.writeCode(di, 5);
  if (DIST_EXTRA[di]! > 0) w.write(distance - DIST_BASE[di]!, DIST_EXTRA[di]!);
}

const WINDOW = 32768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
const HASH_BITS = 15;
const MAX_CHAIN = 48;

/** zlib stream (RFC 1950) holding `data` in one fixed-Huffman deflate block with LZ77 matches. */
function zlibDeflate(data: Uint8Array): Uint8Array {
  const w = new BitWriter(data.length + (data.length >> 3) + 64);
  w.write(0x78, 8); // CMF: deflate, 32 KiB window
  w.write(0x01, 8); // FLG: (0x78 << 8 | 0x01) % 31 === 0, no dictionary
  w.write(1, 1); // BFINAL
  w.write(1, 2); // BTYPE = 01, fixed Huffman codes
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const hashAt = (i: number) => (((data[i]! << 10) ^ (data[i + 1]! << 5) ^ data[i + 2]!) * 2654435761) >>> (32 - HASH_BITS);
  const insert = (i: number) => {
    if (i + MIN_MATCH > data.length) return;
    const h = hashAt(i);
    prev[i % WINDOW] = head[h]!;
    head[h] = i;
  };
  let i = 0;
  while (i < data.length) {
    let bestLen = 0;
    let bestDist = 0;
    if (i + MIN_MATCH <= data.length) {
      let candidate = head[hashAt(i)]!;
      const maxLen = Math.min(MAX_MATCH, data.length - i);
      for (let chain = 0; candidate >= 0 && i - candidate <= WINDOW && chain < MAX_CHAIN; chain++) {
        if (data[candidate + bestLen] === data[i + bestLen]) {
          let len = 0;
          while (len < maxLen && data[candidate + len] === data[i + len]) len++;
          if (len > bestLen) {
            bestLen = len;
            bestDist = i - candidate;
            if (len === maxLen) break;
          }
        }
        const next = prev[candidate % WINDOW]!;
        if (next >= candidate) break; // the slot was overwritten by a newer position
        candidate = next;
      }
    }
    if (bestLen >= MIN_MATCH) {
      writeMatch(w, bestLen, bestDist);
      for (let k = 0; k < bestLen; k++) insert(i + k);
      i += bestLen;
    } else {
      writeSymbol(w, data[i]!);
      insert(i);
      i++;
    }
  }
  writeSymbol(w, 256); // end of block
  const body = w.finish();
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  const a = adler32(data);
  out.set([a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff], body.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Filtered scanlines: each row is prefixed by the filter type that gives the smallest Σ|byte as int8|. */
function filterRows(pixels: Uint8Array, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(height * (stride + 1));
  const trial = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const up = row - stride;
    let bestType = 0;
    let bestCost = Infinity;
    for (let type = 0; type < 5; type++) {
      let cost = 0;
      for (let x = 0; x < stride; x++) {
        const raw = pixels[row + x]!;
        const a = x >= bpp ? pixels[row + x - bpp]! : 0;
        const b = y > 0 ? pixels[up + x]! : 0;
        const c = x >= bpp && y > 0 ? pixels[up + x - bpp]! : 0;
        const predicted = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
        const v = (raw - predicted) & 0xff;
        trial[x] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        bestType = type;
        out.set(trial, y * (stride + 1) + 1);
      }
    }
    out[y * (stride + 1)] = bestType;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let k = 0; k < 4; k++) out[4 + k] = type.charCodeAt(k);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/**
 * Encodes 8-bit pixels as a PNG file.
 *
 * @param pixels - `height · width · channels` bytes, row-major, channels interleaved.
 * @param width - positive integer.
 * @param height - positive integer.
 * @param channels - 1 (greyscale), 3 (RGB) or 4 (RGBA).
 * @returns the PNG file's bytes.
 * @internal
 */
export function encodePngBytes(pixels: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : channels === 3 ? 2 : 6; // colour type
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibDeflate(filterRows(pixels, width, height, channels))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
