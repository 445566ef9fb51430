import { CamError } from '../core/errors.js';

/**
 * The part of sharp's API that {@link decodeWithSharp} uses (typed here so that the published
 * declarations do not depend on sharp, an optional peer dependency).
 * @internal
 */
export interface SharpLike {
  metadata(): Promise<{ width?: number; height?: number; pageHeight?: number; format?: string }>;
  removeAlpha(): SharpLike;
  toColourspace(space: string): SharpLike;
  raw(options?: { depth?: string }): SharpLike;
  toBuffer(options: { resolveWithObject: true }): Promise<{ data: Uint8Array; info: { width: number; height: number; channels: number } }>;
}

/** sharp's default export: a factory of pipelines. @internal */
export type SharpFactory = (input: Uint8Array, options?: Record<string, unknown>) => SharpLike;

let cached: Promise<SharpFactory> | undefined;

/**
 * Imports the optional `sharp` package on first use (never at module load, so the node entry
 * point works without it).
 *
 * @param fn - the public function's name, for messages.
 * @param what - what needed sharp, e.g. `"photo.webp" is a WebP image`.
 * @throws CamError `UNSUPPORTED_FORMAT` when sharp is not installed or cannot load its native
 *   library, saying how to install it.
 * @internal
 */
export async function loadSharp(fn: string, what: string): Promise<SharpFactory> {
  cached ??= import('sharp').then((m) => ((m as { default?: unknown }).default ?? m) as unknown as SharpFactory);
  try {
    return await cached;
  } catch (e) {
    cached = undefined;
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === 'ERR_MODULE_NOT_FOUND' || err.code === 'MODULE_NOT_FOUND';
    const why = missing ? 'sharp is not installed' : `sharp is installed but could not be loaded (${firstLine(err.message)})`;
    throw new CamError(
      'UNSUPPORTED_FORMAT',
      `${fn}(): ${what}; PNG and JPEG are read in pure JavaScript, other formats (WebP, GIF, AVIF, ` +
        `TIFF, SVG) need the optional package sharp, and ${why}. Install sharp ("npm install sharp") ` +
        'or convert the image to PNG or JPEG.',
    );
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
