import { CamError } from '../core/errors.js';

/**
 * Options of {@link readImage} and {@link decodeImage}; every field is optional.
 * @example
 * ```ts
 * const options: ReadImageOptions = { maxPixels: 4096 * 4096 };
 * const photo = await readImage('scan.png', options); // CamError IMAGE_TOO_LARGE above 16.7 MP
 * photo.dispose();
 * ```
 * @category Node
 */
export interface ReadImageOptions {
  /**
   * Largest accepted `width * height`, checked against the file's header before any pixel is
   * decoded, so a small file declaring a huge image cannot exhaust memory.
   * Default `50e6` (50 megapixels: 600 MB as an int32 tensor).
   */
  maxPixels?: number;
}

/** Default of {@link ReadImageOptions.maxPixels}. */
export const DEFAULT_MAX_PIXELS = 50e6;

/**
 * Validates the options object and returns `maxPixels` (default 50e6).
 * @throws CamError `INVALID_OPTION` for a non-object or a `maxPixels` that is not a positive number.
 * @internal
 */
export function resolveMaxPixels(options: ReadImageOptions | undefined, fn: string): number {
  if (options === undefined) return DEFAULT_MAX_PIXELS;
  if (options === null || typeof options !== 'object') {
    throw new CamError('INVALID_OPTION', `${fn}(): options must be an object like { maxPixels: 50e6 }; received ${options === null ? 'null' : typeof options}.`);
  }
  const m = options.maxPixels;
  if (m === undefined) return DEFAULT_MAX_PIXELS;
  if (typeof m !== 'number' || !(m > 0)) {
    throw new CamError(
      'INVALID_OPTION',
      `${fn}(): options.maxPixels must be a positive number (width * height limit, default 50e6); received ${typeof m === 'number' ? m : typeof m}.`,
    );
  }
  return m;
}

/**
 * Refuses an image whose header declares more than `maxPixels` pixels, before any is decoded.
 * @throws CamError `IMAGE_TOO_LARGE` naming the file, its size and the limit.
 * @internal
 */
export function checkPixelCount(width: number, height: number, maxPixels: number, label: string, format: string, fn: string): void {
  if (width * height > maxPixels) {
    throw new CamError(
      'IMAGE_TOO_LARGE',
      `${fn}(): ${label} is a ${format} image of ${width}x${height} = ${width * height} pixels, more ` +
        `than maxPixels (${maxPixels}); it was not decoded. Downscale it, or pass a larger ` +
        `{ maxPixels } if you trust the file and have the memory.`,
    );
  }
}
