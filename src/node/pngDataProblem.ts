import { constants, inflateSync } from 'node:zlib';

/** Samples per pixel of each PNG colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;

/**
 * Says why a PNG cannot hold its declared image, or `undefined`: the compressed image data (the
 * IDAT chunks) inflates to fewer bytes than the header's size needs. pngjs does not check this: it filters the rows of a too-short stream out of a buffer
 * it never filled, so a file whose header was enlarged decodes to leftover process memory (a
 * different image on every read) instead of failing; the same without any IDAT chunk. A corrupt
 * zlib stream is reported here too; unknown colour types are left to pngjs, which reports them.
 * @internal
 */
export function pngDataProblem(bytes: Uint8Array): string | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 33) return undefined;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const depth = b[24]!;
  const channels = CHANNELS[b[25]!];
  if (channels === undefined || width === 0 || height === 0) return undefined;
  const rowBytes = (w: number) => (w === 0 ? 0 : 1 + Math.ceil((w * channels * depth) / 8));
  let expected = 0;
  if (b[28] === 1) {
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = width > x0 ? Math.ceil((width - x0) / dx) : 0;
      const h = height > y0 ? Math.ceil((height - y0) / dy) : 0;
      if (w > 0) expected += h * rowBytes(w);
    }
  } else {
    expected = height * rowBytes(width);
  }
  const parts: Buffer[] = [];
  for (let at = 8; at + 8 <= b.length; ) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    // A chunk cut short ends the walk; a cut IDAT shows as data that inflates short.
    if (type === 'IDAT') parts.push(b.subarray(at + 8, Math.min(b.length, at + 8 + length)));
    if (at + 12 + length > b.length) break;
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (parts.length === 0) return `it holds no image data (no IDAT chunk) for its header's ${width}x${height} size`;
  let inflated: number;
  try {
    // Stops at the size needed; a truncated stream yields what it holds.
    inflated = inflateSync(Buffer.concat(parts), { maxOutputLength: expected, finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch (e) {
    // More data than needed: pngjs ignores the rest.
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    return `its image data is not a valid zlib stream (zlib says: ${(e as Error).message})`;
  }
  if (inflated < expected) {
    return `its image data inflates to ${inflated} bytes, fewer than the ${expected} bytes its header's ${width}x${height} size needs`;
  }
  return undefined;
}
