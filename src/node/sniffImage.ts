/**
 * What the first bytes of a file say about it, read without decoding any pixel data.
 *
 * - `png` / `jpeg`: a supported format; `width` and `height` come from the PNG IHDR chunk or the
 *   JPEG start-of-frame header (`0` when the header is missing or cut short: `problem` says why).
 * - `other`: a known but unsupported format (`label` names it) or unknown bytes (`label` is
 *   `'unknown'`); `signature` holds the first bytes in hex.
 * @internal
 */
export type ImageSniff =
  | { format: 'png' | 'jpeg'; width: number; height: number; problem?: string; mcus?: number }
  | { format: 'other'; label: string; signature: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Known signatures of formats this adapter does not decode, checked in order. */
const OTHER_FORMATS: Array<{ label: string; test: (b: Uint8Array) => boolean }> = [
  { label: 'GIF', test: (b) => ascii(b, 0, 4) === 'GIF8' },
  { label: 'WebP', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP' },
  { label: 'BMP', test: (b) => ascii(b, 0, 2) === 'BM' },
  { label: 'TIFF', test: (b) => ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*' },
  { label: 'HEIF/AVIF', test: (b) => ascii(b, 4, 4) === 'ftyp' },
  { label: 'JPEG 2000', test: (b) => ascii(b, 4, 8) === 'jP  \r\n\x87\n' || startsWith(b, [0xff, 0x4f, 0xff, 0x51]) },
  { label: 'PDF', test: (b) => ascii(b, 0, 5) === '%PDF-' },
  { label: 'SVG/XML', test: (b) => /^\s*<(\?xml|svg)/.test(ascii(b, 0, 64)) },
  { label: 'ZIP', test: (b) => ascii(b, 0, 4) === 'PK\x03\x04' },
];

/** JPEG start-of-frame markers jpeg-js decodes: baseline, extended and progressive Huffman. */
const JPEG_DECODABLE_SOF = new Set([0xc0, 0xc1, 0xc2]);

/**
 * Detects PNG or JPEG by magic bytes (never by file name) and reads the declared size.
 * @internal
 */
export function sniffImage(bytes: Uint8Array): ImageSniff {
  if (startsWith(bytes, PNG_SIGNATURE)) return sniffPng(bytes);
  if (startsWith(bytes, [0xff, 0xd8])) return sniffJpeg(bytes);
  const signature = hex(bytes.subarray(0, 8));
  const known = OTHER_FORMATS.find((f) => f.test(bytes));
  return { format: 'other', label: known ? known.label : 'unknown', signature };
}

function sniffPng(b: Uint8Array): ImageSniff {
  // signature (8) | length (4) | "IHDR" (4) | width (4) | height (4) ...
  if (b.length < 24) {
    return { format: 'png', width: 0, height: 0, problem: 'the file ends inside the PNG header' };
  }
  if (ascii(b, 12, 4) !== 'IHDR') {
    return { format: 'png', width: 0, height: 0, problem: 'the first PNG chunk is not IHDR' };
  }
  return { format: 'png', width: uint32(b, 16), height: uint32(b, 20) };
}

function sniffJpeg(b: Uint8Array): ImageSniff {
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) {
      return { format: 'jpeg', width: 0, height: 0, problem: `no JPEG marker at byte ${i}` };
    }
    while (i < b.length && b[i] === 0xff) i++; // fill bytes
    if (i >= b.length) break;
    const marker = b[i++];
    // Markers without a length field: TEM, RSTn.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9 || marker === 0xda) {
      return {
        format: 'jpeg',
        width: 0,
        height: 0,
        problem: 'no start-of-frame header before the image data',
      };
    }
    if (i + 2 > b.length) break;
    const length = (b[i] << 8) | b[i + 1];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (i + 7 > b.length) break;
      const height = (b[i + 3] << 8) | b[i + 4];
      const width = (b[i + 5] << 8) | b[i + 6];
      if (!JPEG_DECODABLE_SOF.has(marker)) {
        const kind = marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf
          ? 'lossless'
          : marker >= 0xc9
            ? 'arithmetic-coded'
            : 'hierarchical';
        return {
          format: 'other',
          label: `${kind} JPEG (SOF${marker - 0xc0})`,
          signature: hex(b.subarray(0, 8)),
        };
      }
      return { format: 'jpeg', width, height, mcus: countMcus(b, i, width, height) };
    }
    if (length < 2) {
      return { format: 'jpeg', width: 0, height: 0, problem: `invalid JPEG segment length at byte ${i}` };
    }
    i += length;
  }
  return { format: 'jpeg', width: 0, height: 0, problem: 'the file ends before the JPEG frame header' };
}

/**
 * Number of MCUs (minimum coded units) of a JPEG frame: ceil(width / 8Hmax) x ceil(height / 8Vmax),
 * from the sampling factors listed in the SOF segment starting at `i` (its length field); 0 when
 * they are cut short. Every MCU costs at least one bit of entropy-coded data.
 */
function countMcus(b: Uint8Array, i: number, width: number, height: number): number {
  const n = b[i + 7] ?? 0;
  if (n === 0 || i + 8 + 3 * n > b.length) return 0;
  let hMax = 1;
  let vMax = 1;
  for (let k = 0; k < n; k++) {
    const hv = b[i + 9 + 3 * k]!;
    hMax = Math.max(hMax, Math.min(4, hv >> 4));
    vMax = Math.max(vMax, Math.min(4, hv & 15));
  }
  return Math.ceil(width / (8 * hMax)) * Math.ceil(height / (8 * vMax));
}

function startsWith(b: Uint8Array, prefix: number[]): boolean {
  return b.length >= prefix.length && prefix.every((v, k) => b[k] === v);
}

function ascii(b: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...b.subarray(start, start + length));
}

function uint32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
}

function hex(b: Uint8Array): string {
  return Array.from(b, (v) => v.toString(16).padStart(2, '0')).join(' ');
}
