import type { Colormap } from './colormap.js';

/**
 * Builds a frozen {@link Colormap} from 1536 hex digits (256 RGB rows). Internal helper for the
 * generated built-in tables; user code should call {@link fromLut}.
 * @internal
 */
export function decodeHexLut(name: string, hex: string): Colormap {
  if (hex.length !== 1536) throw new Error(`decodeHexLut(): table "${name}" has ${hex.length} hex digits, not 1536`);
  const lut = new Uint8Array(768);
  for (let i = 0; i < 768; i++) lut[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return Object.freeze({ name, lut });
}
