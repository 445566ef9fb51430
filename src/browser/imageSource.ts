/**
 * RGBA pixels in memory, shaped like the DOM's `ImageData` (which is one): usable where there is no
 * DOM (Node, Deno, workers).
 * @example
 * ```ts
 * // A 2×1 image, red then blue, without a DOM.
 * const pixels: ImageDataLike = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) };
 * const rgb = fromImage(pixels); // int32 [1, 2, 3]
 * rgb.dispose();
 * ```
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
 * current frame, or an `ImageData` (or any {@link ImageDataLike} object). It is only read, never
 * modified.
 * @example
 * ```ts
 * const sources: ImageSource[] = [imgElement, canvas, video];
 * for (const source of sources) fromImage(source, { size: [224, 224] }).dispose();
 * ```
 * @category Browser
 */
export type ImageSource = HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | ImageBitmap | HTMLVideoElement | ImageData | ImageDataLike;
