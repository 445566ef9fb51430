/**
 * RGBA pixels in memory, shaped like the DOM's `ImageData` (which is one): usable where there is no
 * DOM (Node, Deno, workers).
 * @category Browser
 */
export interface ImageDataLike {
  /** `width · height · 4` bytes, row by row, R, G, B, A per pixel. */
  data: Uint8ClampedArray | Uint8Array;
  /** Width in pixels, a positive integer. */
  width: number;
  /** Height in pixels, a positive integer. */
  height: number;
}

/**
 * An image that {@link fromImage} and {@link drawOverlay} read pixels from: a loaded
 * `<img>`, a `<canvas>` or `OffscreenCanvas` (2D or WebGL), an `ImageBitmap`, a `<video>` with a
 * current frame, or an `ImageData` (or any {@link ImageDataLike} object).
 * @category Browser
 */
export type ImageSource = HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | ImageBitmap | HTMLVideoElement | ImageData | ImageDataLike;
